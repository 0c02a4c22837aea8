import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Submission } from '../../../core/flow/submission';
import { openKioskDb } from '../db/db';
import { saveSubmission } from '../flow/save-submission';
import { decodeJournalRecord } from '../../../core/contract/journal-record';
import type { KioskStore } from './kiosk-store';
import { createTestStore, type MemoryHost } from './memory-host.fixture';
import { markReceived, reconcile, recordAnswers } from './reconcile';
import { unseal } from './seal';
import { currentState, readCurrentState } from './state';

// The host journal is a memory fake (memory-host.fixture.ts); IndexedDB is fake-indexeddb.
const submission = (nik: string): Submission => ({
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: nik, author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
});
const NOW = new Date('2026-11-22T04:00:00Z');

const opened: KioskStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.db.close();
});
async function fresh() {
  const made = await createTestStore();
  opened.push(made.store);
  return made;
}
async function saveMany(store: KioskStore, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const saved = await saveSubmission(store, submission(`36030317089000${String(i + 10)}`), NOW);
    if (!saved.ok) throw new Error(saved.error.message);
    ids.push(saved.value.id);
  }
  return ids;
}
/** `id:state` of every row, as the kiosk shows it (store/state.ts). */
async function currentStates(store: KioskStore) {
  const queued = new Set(await store.db.outbox.toCollection().primaryKeys());
  return (await store.db.submissions.toArray()).map((row) => `${row.id}:${currentState(row, queued.has(row.id))}`).sort();
}

/** What an outside observer cares about: each row's state, and which ids the journal and outbox hold. */
async function snapshot(store: KioskStore, host: MemoryHost) {
  return {
    rows: await currentStates(store),
    outbox: (await store.db.outbox.toCollection().primaryKeys()).sort(),
    journal: [...host.journal.keys()].sort(),
  };
}

describe('reconcile', () => {
  it('restores every unsent submission from the journal when the IndexedDB database was deleted', async () => {
    const { store, name } = await fresh();
    const ids = await saveMany(store, 5);
    store.db.close();
    await Dexie.delete(name);

    const reopened = { ...store, db: openKioskDb(name) };
    opened.push(reopened);
    expect(await reopened.db.submissions.count()).toBe(0);
    expect(await reconcile(reopened, NOW)).toEqual({ ok: true, value: { restored: 5, rejournaled: 0, dropped: 0, corrupt: 0, failed: 0 } });
    const rows = await reopened.db.submissions.bulkGet(ids);
    for (const [index, row] of rows.entries()) {
      expect(row).toMatchObject({ id: ids[index], state: 'saved' });
      const payload = await reopened.db.payloads.get(ids[index] ?? '');
      if (payload === undefined) throw new Error('restored unsealed');
      expect(await unseal(store.key, payload.sealed)).toEqual(submission(`36030317089000${String(index + 10)}`));
    }
    expect(await reopened.db.outbox.count()).toBe(5);
    expect(JSON.stringify(await reopened.db.submissions.toArray())).not.toContain('3603031708900010');
    expect(JSON.stringify(await reopened.db.payloads.toArray()), 'the payloads are sealed').not.toContain('3603031708900010');
  });

  it('re-appends saved rows the journal lacks, and the record restores the same submission', async () => {
    const { store, host } = await fresh();
    const [id] = await saveMany(store, 1);
    host.journal.clear();
    expect(await reconcile(store, NOW)).toMatchObject({ ok: true, value: { rejournaled: 1, restored: 0 } });
    const record = decodeJournalRecord(id ?? '', host.journal.get(id ?? '') ?? '');
    expect(record.ok && record.value.submission).toEqual(submission('3603031708900010'));
  });

  it('drops journal entries whose row the server has received, processed or rejected, and keeps the rest', async () => {
    const { store, host } = await fresh();
    const ids = await saveMany(store, 4);
    // The state was recorded but the page died before the journal drop: a receipt, a decision, and
    // a row that says received as stores before version 5 wrote it.
    expect(await recordAnswers(store.db, [{ id: ids[0] ?? '', state: 'received', at: NOW.toISOString() }])).toMatchObject({ ok: true });
    await store.db.submissions.update(ids[1] ?? '', { state: 'rejected', receivedAt: NOW.toISOString() });
    await store.db.submissions.update(ids[2] ?? '', { state: 'received', receivedAt: NOW.toISOString() });
    await store.db.outbox.delete(ids[2] ?? '');
    expect(await reconcile(store, NOW)).toMatchObject({ ok: true, value: { dropped: 3 } });
    expect([...host.journal.keys()]).toEqual([ids[3]]);
  });

  it('is idempotent: a second run finds nothing to do, and two runs at once leave one copy of each', async () => {
    const { store, host, name } = await fresh();
    await saveMany(store, 3);
    store.db.close();
    await Dexie.delete(name);
    const reopened = { ...store, db: openKioskDb(name) };
    opened.push(reopened);

    const [a, b] = await Promise.all([reconcile(reopened, NOW), reconcile(reopened, NOW)]);
    if (!a.ok || !b.ok) throw new Error('reconcile failed');
    expect(a.value.restored + b.value.restored, 'each row written exactly once').toBe(3);
    expect(await reconcile(reopened, NOW)).toEqual({ ok: true, value: { restored: 0, rejournaled: 0, dropped: 0, corrupt: 0, failed: 0 } });
    const after = await snapshot(reopened, host);
    expect(after.rows).toHaveLength(3);
    expect(after.outbox).toHaveLength(3);
    expect(after.journal).toHaveLength(3);
  });

  it('finishes the job after being cut off at any request, converging on the same state', async () => {
    // Each run is cut off at its n-th bridge request (the page killed there), then run again whole.
    for (let cut = 1; cut <= 4; cut += 1) {
      const { store, host } = await fresh();
      const ids = await saveMany(store, 4);
      await store.db.submissions.delete(ids[0] ?? ''); // lost from IndexedDB
      host.journal.delete(ids[1] ?? ''); // lost from the journal
      // Received, recorded as markReceived does, but the page died before the journal drop.
      await store.db.submissions.update(ids[2] ?? '', { state: 'received', receivedAt: NOW.toISOString() });
      await store.db.outbox.delete(ids[2] ?? '');
      host.calls.length = 0;
      host.onCall = () => {
        if (host.calls.length >= cut) throw new Error('killed');
      };
      await reconcile(store, NOW).catch(() => undefined);
      host.onCall = undefined;
      expect(await reconcile(store, NOW)).toMatchObject({ ok: true, value: { corrupt: 0, failed: 0 } });
      expect(await snapshot(store, host), `cut at request ${cut}`).toEqual({
        rows: [`${ids[0]}:saved`, `${ids[1]}:saved`, `${ids[2]}:received`, `${ids[3]}:saved`].sort(),
        outbox: [ids[0], ids[1], ids[3]].sort(),
        journal: [ids[0], ids[1], ids[3]].sort(),
      });
    }
  });

  it('runs safely alongside a save: the submission saved meanwhile ends up in both places once', async () => {
    const { store, host } = await fresh();
    await saveMany(store, 2);
    let during: Promise<unknown> | undefined;
    host.onCall = (name) => {
      // Reconcile starts while the save's journal append is in flight.
      if (name === 'journal.append' && during === undefined) during = reconcile(store, NOW);
    };
    const saved = await saveSubmission(store, submission('3603031708900099'), NOW);
    await during;
    host.onCall = undefined;
    if (!saved.ok) throw new Error('save failed');
    const after = await snapshot(store, host);
    expect(after.rows).toHaveLength(3);
    expect(after.outbox).toHaveLength(3);
    expect(after.journal).toHaveLength(3);
    expect(await reconcile(store, NOW)).toMatchObject({ ok: true, value: { restored: 0, rejournaled: 0, dropped: 0 } });
  });

  it('keeps and counts a journal entry it cannot read, and restores the others', async () => {
    const { store, host, name } = await fresh();
    const ids = await saveMany(store, 2);
    host.journal.set(ids[0] ?? '', '{"v":1,"id":"garbage"}');
    store.db.close();
    await Dexie.delete(name);
    const reopened = { ...store, db: openKioskDb(name) };
    opened.push(reopened);
    expect(await reconcile(reopened, NOW)).toMatchObject({ ok: true, value: { restored: 1, corrupt: 1, dropped: 0 } });
    expect(host.journal.has(ids[0] ?? '')).toBe(true);
  });

  it('touches nothing when the journal cannot be listed', async () => {
    const { store, host } = await fresh();
    await saveMany(store, 1);
    host.failNext('journal.list', { code: 'unavailable', message: 'host restarting' });
    expect(await reconcile(store, NOW)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(host.names().slice(-1)).toEqual(['journal.list']);
  });
});

describe('markReceived', () => {
  it('records the server state, takes the row out of the outbox, then drops it from the journal', async () => {
    const { store, host } = await fresh();
    const [first, second] = await saveMany(store, 2);
    const result = await markReceived(store.db, host, [{ id: first ?? '', state: 'received', at: '2026-11-22T05:00:00.000Z' }]);
    expect(result).toEqual({ ok: true, value: { updated: 1, dropped: 1 } });
    expect(await readCurrentState(store.db, { id: first ?? '' })).toBe('received');
    expect(await store.db.receipts.toArray()).toMatchObject([{ at: '2026-11-22T05:00:00.000Z', acks: [{ id: first, at: '2026-11-22T05:00:00.000Z' }], ids: [first] }]);
    expect(await store.db.submissions.get(first ?? ''), 'the row itself is not rewritten').toMatchObject({ state: 'saved' });
    expect(await store.db.outbox.get(first ?? '')).toBeUndefined();
    expect([...host.journal.keys()]).toEqual([second]);
    // Nothing left for the next start to fix.
    expect(await reconcile(store, NOW)).toMatchObject({ ok: true, value: { restored: 0, rejournaled: 0, dropped: 0 } });
  });

  it('takes out of the outbox exactly the rows answered, however they lie among the rest', async () => {
    const { store, host } = await fresh();
    const ids = await saveMany(store, 12);
    // Runs of neighbours, single rows, rows left between them, an id not in the outbox, a repeat.
    const answered = [0, 1, 2, 4, 6, 7, 10].map((i) => ids[i] ?? '');
    const acks = [...answered, answered[1] ?? '', '0199ffff-0000-7000-8000-000000000000'].map((id) => ({ id, state: 'received' as const, at: '2026-11-22T05:00:00.000Z' }));
    expect(await markReceived(store.db, host, acks), 'each answered id once').toMatchObject({ ok: true, value: { updated: 7 } });
    expect(await store.db.outbox.toCollection().primaryKeys()).toEqual([3, 5, 8, 9, 11].map((i) => ids[i]));
    expect(await currentStates(store)).toEqual(ids.map((id) => `${id}:${answered.includes(id) ? 'received' : 'saved'}`).sort());
    expect((await store.db.receipts.toArray()).map((receipt) => receipt.ids), 'one receipt, each id once').toEqual([answered]);
  });

  it('moves states forward only, keeping the officer note and the first received time', async () => {
    const { store, host } = await fresh();
    const [id = ''] = await saveMany(store, 1);
    await markReceived(store.db, host, [{ id, state: 'received', at: '2026-11-22T05:00:00.000Z' }]);
    await markReceived(store.db, host, [{ id, state: 'rejected', at: '2026-11-23T05:00:00.000Z', note: 'Dokumen kurang' }]);
    await markReceived(store.db, host, [{ id, state: 'received', at: '2026-11-24T05:00:00.000Z' }]); // a late retry
    await markReceived(store.db, host, [{ id, state: 'processed', at: '2026-11-25T05:00:00.000Z' }]); // a stale echo
    expect(await store.db.submissions.get(id)).toMatchObject({
      state: 'rejected',
      receivedAt: '2026-11-22T05:00:00.000Z',
      stateChangedAt: '2026-11-23T05:00:00.000Z',
      note: 'Dokumen kurang',
    });
  });

  it('leaves the journal alone when IndexedDB refuses, so nothing can be lost', async () => {
    const { store, host } = await fresh();
    const [id = ''] = await saveMany(store, 1);
    store.db.close();
    expect(await markReceived(store.db, host, [{ id, state: 'received', at: NOW.toISOString() }])).toMatchObject({ ok: false });
    expect(host.journal.has(id)).toBe(true);
  });
});
