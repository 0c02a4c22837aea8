import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../core/contract/request-signing';
import type { Submission } from '../../../core/flow/submission';
import { checkTrackingCode } from '../../../core/id';
import type { KioskStore } from '../store/kiosk-store';
import { decodeJournalRecord } from '../../../core/contract/journal-record';
import { createTestStore } from '../store/memory-host.fixture';
import { reconcile } from '../store/reconcile';
import { unseal } from '../store/seal';
import { saveSubmission } from './save-submission';

// The host's journal, key and storage handlers are a memory fake here (store/memory-host.fixture.ts);
// the real ones run under the E2E suite.
const NIK = '3603031708900001';
const submission: Submission = {
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: NIK, author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
};

const opened: KioskStore[] = [];
async function fresh() {
  const made = await createTestStore();
  opened.push(made.store);
  return made;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.db.close();
});

describe('saveSubmission', () => {
  it('stores the submission sealed, queued and journaled, with a time-ordered id and a checkable tracking code', async () => {
    const { store, host } = await fresh();
    const first = await saveSubmission(store, submission, new Date('2026-11-22T03:02:00Z'));
    const second = await saveSubmission(store, submission, new Date('2026-11-22T03:03:00Z'));
    if (!first.ok || !second.ok) throw new Error('save failed');
    expect(first.value.id < second.value.id, 'UUIDv7 ids sort by creation').toBe(true);
    expect(checkTrackingCode(first.value.trackingCode).ok).toBe(true);

    const row = await store.db.submissions.get(first.value.id);
    expect(row).toMatchObject({ state: 'saved', serviceId: 'sktm', createdAt: '2026-11-22T03:02:00.000Z', contentHash: contentHash(submission) });
    expect(row && 'sealed' in row, 'the ciphertext lives in payloads, not in the row').toBe(false);
    const payload = await store.db.payloads.get(first.value.id);
    if (payload === undefined) throw new Error('not sealed');
    expect(await unseal(store.key, payload.sealed)).toEqual(submission);
    expect(await store.db.outbox.get(first.value.id)).toMatchObject({ attempts: 0, nextAttemptAt: 0 });

    const journaled = decodeJournalRecord(first.value.id, host.journal.get(first.value.id) ?? '');
    expect(journaled.ok && journaled.value).toMatchObject({ trackingCode: first.value.trackingCode, submission });
  });

  it('keeps no personal data in plaintext in IndexedDB', async () => {
    const { store } = await fresh();
    const saved = await saveSubmission(store, submission, new Date());
    if (!saved.ok) throw new Error('save failed');
    const everything = JSON.stringify([await store.db.submissions.toArray(), await store.db.outbox.toArray()]);
    expect(everything).toContain(saved.value.trackingCode);
    expect(everything).not.toContain(NIK);
    expect(everything).not.toContain(NIK.slice(6, 12));
  });

  it('writes the journal first: when the host confirms the append, IndexedDB has nothing yet', async () => {
    const { store, host } = await fresh();
    let rowsAtAppend = -1;
    host.onCall = async (name) => {
      if (name === 'journal.append') rowsAtAppend = await store.db.submissions.count();
    };
    const saved = await saveSubmission(store, submission, new Date());
    expect(saved.ok).toBe(true);
    expect(rowsAtAppend).toBe(0);
    expect(host.names()).toEqual(['storage.status', 'journal.append']);
    expect(await store.db.submissions.count()).toBe(1);
  });

  it('is not saved when the journal append fails: an error Result, nothing in IndexedDB', async () => {
    const { store, host } = await fresh();
    host.failNext('journal.append', { code: 'unavailable', message: 'fsync failed' });
    const result = await saveSubmission(store, submission, new Date());
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await store.db.submissions.count()).toBe(0);
    expect(await store.db.outbox.count()).toBe(0);
  });

  it('writes nothing below the disk floor and says disk_full', async () => {
    const { store, host } = await fresh();
    host.storage.freeBytes = host.storage.floorBytes - 1;
    const result = await saveSubmission(store, submission, new Date());
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(host.names()).toEqual(['storage.status']);
    expect(host.journal.size).toBe(0);
    expect(await store.db.submissions.count()).toBe(0);
  });

  it('says disk_full when the status check is lost but the journal refuses for space', async () => {
    const { store, host } = await fresh();
    host.failNext('storage.status', { code: 'timeout', message: 'no answer' });
    host.failNext('journal.append', { code: 'disk_full', message: 'below floor' });
    const result = await saveSubmission(store, submission, new Date());
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(await store.db.submissions.count()).toBe(0);
  });

  it('is saved when IndexedDB fails after the journal: IT is warned and reconcile restores it', async () => {
    const { store, host, name } = await createTestStore();
    await store.db.open();
    store.db.close();
    const result = await saveSubmission(store, submission, new Date());
    if (!result.ok) throw new Error('a journaled submission must count as saved');
    expect(host.calls.find((call) => call.name === 'log.report')?.input).toMatchObject({ level: 'warn', event: 'store.write_failed', detail: { journaled: true } });

    const { store: reopened } = await createTestStore(name);
    opened.push(reopened);
    const restarted = { ...reopened, key: store.key, bridge: host };
    expect(await reconcile(restarted)).toMatchObject({ ok: true, value: { restored: 1 } });
    expect(await reopened.db.submissions.get(result.value.id)).toMatchObject({ trackingCode: result.value.trackingCode, state: 'saved' });
  });
});
