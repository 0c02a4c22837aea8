import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../../core/contract/central-api';
import { auditEntryHash, GENESIS_HASH } from '../../../core/contract/request-signing';
import type { Submission } from '../../../core/flow/submission';
import type { AuditRecord } from '../db/db';
import { saveSubmission } from '../flow/save-submission';
import { appendAudit, AUDIT, rebaseOnto, toAuditEntry } from './audit';
import { recordHelpRequest } from './help';
import type { KioskStore } from './kiosk-store';
import { createTestStore } from './memory-host.fixture';
import { purgeSentAudit } from './purge';
import { reconcile } from './reconcile';

const opened: KioskStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.db.close();
});
const open = async () => {
  const made = await createTestStore();
  opened.push(made.store);
  return made;
};

const submission: Submission = {
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-01T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: '3603031708900001', author: 'resident', at: '2026-11-01T03:01:00.000Z' }],
};

/** What the server checks (central-api/src/domain/audit.ts): every hash, every link, no gap. */
function expectValidChain(entries: readonly AuditRecord[], after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
  let previous = after;
  for (const entry of entries) {
    expect(AuditEntry.safeParse(toAuditEntry(entry)).success, JSON.stringify(entry)).toBe(true);
    expect(entry.seq).toBe(previous.seq + 1);
    expect(entry.prevHash).toBe(previous.hash);
    expect(auditEntryHash(toAuditEntry(entry))).toBe(entry.hash);
    previous = entry;
  }
}

describe('kiosk audit log', () => {
  it('chains appends, also when the page and the worker append at the same moment', async () => {
    const { store } = await open();
    const at = new Date('2026-11-22T03:00:00Z');
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(store.db, { actor: 'system', action: 'test.parallel', subject: `s${i}` }, at)));
    const entries = await store.db.audit.orderBy('seq').toArray();
    expect(entries).toHaveLength(40);
    expectValidChain(entries);
    // No key is written as undefined: the hash covers exactly what the server will see.
    expect(Object.keys(toAuditEntry(entries[0] as AuditRecord)).sort()).toEqual(['action', 'actor', 'at', 'hash', 'prevHash', 'seq', 'subject']);
  });

  it('records a saved submission with its row, a help request with its row, and a restore from the journal', async () => {
    const { store, host } = await open();
    const saved = await saveSubmission(store, submission, new Date('2026-11-22T03:05:00Z'));
    if (!saved.ok) throw new Error(saved.error.message);
    const help = await recordHelpRequest(store.db, { screen: 'service', serviceId: 'sktm' }, new Date('2026-11-22T03:06:00Z'));
    expect(help).toMatchObject({ ok: true, value: { screen: 'service', serviceId: 'sktm' } });
    expect(await store.db.help.count()).toBe(1);

    // IndexedDB loses the row (not the journal): reconcile restores it and says so in the log.
    await store.db.submissions.delete(saved.value.id);
    expect(await reconcile(store, new Date('2026-11-22T04:00:00Z'))).toMatchObject({ ok: true, value: { restored: 1 } });
    expect(host.journal.has(saved.value.id)).toBe(true);

    const entries = await store.db.audit.orderBy('seq').toArray();
    expect(entries.map((e) => [e.actor, e.action, e.subject])).toEqual([
      ['resident', AUDIT.submissionSaved, saved.value.id],
      ['resident', AUDIT.helpRequested, 'service'],
      ['system', AUDIT.submissionRestored, saved.value.id],
    ]);
    expectValidChain(entries);
  });

  it('keeps a screen name the contract takes, whatever the page called it', async () => {
    const { store } = await open();
    const help = await recordHelpRequest(store.db, { screen: 'Service Disk Full!' }, new Date());
    expect(help.ok && help.value.screen).toBe('service-disk-full-');
  });

  it('re-links entries the server never held onto its head, behind an entry that says so', () => {
    const head = { seq: 7, hash: 'c'.repeat(64) };
    const lost = [1, 2, 3].map((seq) => ({ seq, at: `2026-11-22T03:0${seq}:00.000Z`, actor: 'resident', action: AUDIT.submissionSaved, subject: `id-${seq}`, prevHash: 'x', hash: 'y' }));
    const rebased = rebaseOnto({ through: head.seq, hash: head.hash }, lost, '2026-11-22T05:00:00.000Z', 'kiosk log restarted');
    expectValidChain(rebased, head);
    expect(rebased[0]).toMatchObject({ seq: 8, actor: 'system', action: AUDIT.chainResumed, reason: 'kiosk log restarted; 3 unsent entries re-linked after entry 7' });
    // Each entry keeps what it records and when.
    expect(rebased.slice(1).map((e) => [e.at, e.subject])).toEqual(lost.map((e) => [e.at, e.subject]));
    // A server holding nothing: the chain starts from the genesis hash.
    const fromNothing = rebaseOnto({ through: 0, hash: null }, lost, '2026-11-22T05:00:00.000Z', 'kiosk and server logs differ');
    expectValidChain(fromNothing);
    expect(fromNothing[0]?.reason).toBe('kiosk and server logs differ; 3 unsent entries re-linked after entry 0');
  });

  it('trims entries the server holds once written more than N days ago, never the newest (the next entry links to it)', async () => {
    const { store } = await open();
    const old = new Date('2026-11-01T00:00:00Z');
    const today = new Date('2026-11-22T00:00:00Z');
    for (let i = 0; i < 6; i += 1) await appendAudit(store.db, { actor: 'system', action: 'test.entry' }, old);
    // Old, but the server holds only 1-3: 4-6 stay until it has them.
    expect(await purgeSentAudit(store.db, today, 7, 3)).toBe(3);
    expect(await store.db.audit.toCollection().primaryKeys()).toEqual([4, 5, 6]);
    // Sent through 6, all old: 4 and 5 go, 6 stays as the newest.
    expect(await purgeSentAudit(store.db, today, 7, 6)).toBe(2);
    expect(await store.db.audit.toCollection().primaryKeys()).toEqual([6]);
    const sixth = await store.db.audit.get(6);
    const seventh = await appendAudit(store.db, { actor: 'system', action: 'test.entry' }, today);
    expect(seventh.prevHash).toBe(sixth?.hash);
    // Now 6 is no longer the newest and goes; 7 is unsent and stays.
    expect(await purgeSentAudit(store.db, today, 7, 6)).toBe(1);
    expect(await store.db.audit.toCollection().primaryKeys()).toEqual([7]);
    // Sent but written within the last 7 days: stays.
    await appendAudit(store.db, { actor: 'system', action: 'test.entry' }, today);
    expect(await purgeSentAudit(store.db, new Date('2026-11-28T00:00:00Z'), 7, 8)).toBe(0);
    expect(await purgeSentAudit(store.db, new Date('2026-11-30T00:00:00Z'), 7, 8)).toBe(1);
    expect(await store.db.audit.toCollection().primaryKeys()).toEqual([8]);
  });
});
