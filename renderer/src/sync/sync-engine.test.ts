import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { Submission } from '../../../core/flow/submission';
import { backoffCeiling, ITEM_BACKOFF, roundBackoff } from '../../../core/sync/backoff';
import { HELD } from '../../../core/sync/outbox';
import { errorText, overdueText, type SyncStatus } from '../../../core/sync/status';
import { openKioskDb, type KioskDb, type SyncMeta } from '../db/db';
import { saveSubmission } from '../flow/save-submission';
import { translator } from '../i18n/messages';
import type { KioskStore } from '../store/kiosk-store';
import { importStoreKey } from '../store/seal';
import { appendAudit } from '../store/audit';
import { recordHelpRequest } from '../store/help';
import { currentState, readCurrentState } from '../store/state';
import { DROP_CHUNK, recordAnswers } from '../store/reconcile';
import { AUDIT_BATCH, createSyncEngine, MIN_WAIT_MS, SIGNED_AHEAD_MAX_AGE_MS, STATUS_READ_MS, type SyncEngine, type SyncEngineDeps, type SyncSettings } from './sync-engine';
import { readStoredCatalogue } from './stored-catalogue';
import { META, readMeta } from './sync-meta';
import { startContractServer, type ContractServer } from './testing/contract-server.mjs';
import { createSyncHost, type SyncHost } from './testing/sync-host.fixture';

// The engine against a real HTTP server on 127.0.0.1 (testing/contract-server.mjs: the routes sync
// uses, with signature, skew and nonce checks), real fetch, and IndexedDB from fake-indexeddb.
// The host (journal, signing) is the in-memory fake of testing/sync-host.fixture.ts.

const DEVICE = { deviceId: 'dev_testkiosk01', secret: 'test-secret-0123456789abcdefghijklmnopqrstu', officeCode: '36.03.03' };
const t = translator('id');

const submission = (n: number): Submission => ({
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: `360303170890${String(n).padStart(4, '0')}`, author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
});

type World = {
  server: ContractServer;
  host: SyncHost;
  store: KioskStore;
  db: KioskDb;
  dbName: string;
  engine: SyncEngine;
  statuses: SyncStatus[];
  clock: { now: number };
  random: { next: () => number };
  makeEngine: (settings?: Partial<SyncSettings>, on?: KioskDb, fetchWith?: typeof fetch, deps?: Pick<SyncEngineDeps, 'recordAnswers'>) => SyncEngine;
  save: (count: number, at?: number) => Promise<string[]>;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(settings: Partial<SyncSettings> = {}): Promise<World> {
  const server = await startContractServer(DEVICE);
  cleanups.push(() => server.close());
  const clock = { now: Date.now() };
  const random = { next: () => 0.5 };
  const host = createSyncHost({ ...DEVICE, serverUrl: server.url, serverPublicKey: server.serverPublicKey, now: () => clock.now });
  const dbName = `sync-test-${crypto.randomUUID()}`;
  const db = openKioskDb(dbName);
  cleanups.push(() => db.close());
  const store: KioskStore = { db, key: await importStoreKey(host.key), bridge: host };
  const statuses: SyncStatus[] = [];
  const makeEngine = (more: Partial<SyncSettings> = {}, on: KioskDb = db, fetchWith: typeof fetch = globalThis.fetch, deps: Pick<SyncEngineDeps, 'recordAnswers'> = {}) => {
    // The host sends submission batches (journal.upload) with the same fetch as the engine.
    host.fetch = fetchWith;
    const engine = createSyncEngine({
      ...deps,
      db: on,
      storeKey: store.key,
      bridge: host,
      fetch: fetchWith,
      now: () => clock.now,
      random: () => random.next(),
      settings: { batchSize: 50, intervalSeconds: 30, overdueAfterHours: 72, overduePending: 500, ...settings, ...more },
      appVersion: '0.1.0-test',
      publish: (status) => statuses.push(status),
    });
    cleanups.push(() => engine.stop());
    return engine;
  };
  const save = async (count: number, at = clock.now) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const saved = await saveSubmission(store, submission(i), new Date(at));
      if (!saved.ok) throw new Error(saved.error.message);
      ids.push(saved.value.id);
    }
    return ids;
  };
  return { server, host, store, db, dbName, engine: makeEngine(), statuses, clock, random, makeEngine, save };
}

/** Every row's state as the kiosk shows it (store/state.ts: a 'saved' row no longer queued is received). */
const states = async (db: KioskDb) => {
  const queued = new Set(await db.outbox.toCollection().primaryKeys());
  return (await db.submissions.toArray()).map((row) => currentState(row, queued.has(row.id)));
};
const uploads = (server: ContractServer) => server.requests.filter((r) => r.path === '/v1/submissions/batch');
const last = (statuses: SyncStatus[]) => statuses.at(-1);
const urlOf = (input: Parameters<typeof fetch>[0]) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
const auditActions = async (db: KioskDb) => (await db.audit.orderBy('seq').toArray()).map((entry) => [entry.action, entry.subject ?? entry.reason]);

describe('uploading the outbox', () => {
  it('sends due items in batches of batchSize, oldest first, marks them received and drops them from the journal', async () => {
    const w = await world();
    const ids = await w.save(120);
    expect(w.host.journal.size).toBe(120);

    const result = await w.engine.runRound();

    expect(result).toMatchObject({ outcome: 'ok', received: 120, nextInMs: 30_000 });
    expect(uploads(w.server).map((r) => r.items)).toEqual([50, 50, 20]);
    expect([...w.server.stored.keys()], 'oldest first').toEqual([...ids].sort());
    expect(await states(w.db)).toEqual(Array<string>(120).fill('received'));
    const receipts = await w.db.receipts.toArray();
    expect(receipts.map((receipt) => receipt.acks.length), 'one receipt per answer, no row rewritten').toEqual([50, 50, 20]);
    expect(receipts.flatMap((receipt) => receipt.acks).every((ack) => ack.at === w.server.stored.get(ack.id)?.receivedAt)).toBe(true);
    expect(await w.db.outbox.count()).toBe(0);
    expect(w.host.journal.size, 'dropped from the host journal once received').toBe(0);
    expect(last(w.statuses)).toMatchObject({ phase: 'idle', pending: 0, lastError: null, overdue: false });
    expect(last(w.statuses)?.lastSuccessAt).not.toBeNull();
    expect(w.server.heartbeats.at(-1)).toMatchObject({ appVersion: '0.1.0-test', queueDepth: 0, oldestPendingAt: null, freeDiskBytes: w.host.storage.freeBytes });
  });

  it("sends each device's state in the heartbeat, as the host reports it", async () => {
    const w = await world();
    const since = '2026-03-02T00:58:00.000Z';
    w.host.devices = [
      { role: 'receiptPrinter', driver: 'escpos', simulated: false, state: 'error', reason: 'paper_out', detail: 'Paper is out: put in a new roll.', since },
      { role: 'documentPrinter', driver: 'simulator', simulated: true, state: 'ready', reason: null, detail: 'Simulasi: ready', since },
    ];
    await w.engine.runRound();
    expect(w.server.heartbeats.at(-1)?.devices).toEqual([
      { role: 'receiptPrinter', driver: 'escpos', simulated: false, state: 'error', reason: 'paper_out', since },
      { role: 'documentPrinter', driver: 'simulator', simulated: true, state: 'ready', reason: null, since },
    ]);
  });

  it('an answer lost after the server stored the batch: nothing is stored twice, the kiosk learns it from the status feed', async () => {
    const w = await world();
    await w.save(3);
    w.server.queueFault({ kind: 'drop-after', route: '/submissions/batch' });

    const first = await w.engine.runRound();
    expect(first).toMatchObject({ outcome: 'failed', code: 'network' });
    expect(last(w.statuses)?.phase).toBe('offline');
    expect(w.server.counts.stored, 'the server has them').toBe(3);
    expect(await states(w.db), 'the kiosk does not know yet').toEqual(['saved', 'saved', 'saved']);

    const second = await w.engine.runRound({ force: true });
    expect(second.outcome).toBe('ok');
    expect(w.server.counts, 'status changes come first: no second upload').toMatchObject({ stored: 3, duplicate: 0 });
    expect(await states(w.db)).toEqual(['received', 'received', 'received']);
    expect(w.host.journal.size).toBe(0);
  });

  it('a re-upload of what the server already holds (same id, same content) is a duplicate, and received', async () => {
    const w = await world();
    const ids = await w.save(2);
    const row = await w.db.submissions.get(ids[0] ?? '');
    if (row === undefined) throw new Error('not saved');
    // Stored by an earlier run whose answer and status change never reached this kiosk.
    w.server.stored.set(row.id, { trackingCode: row.trackingCode, contentHash: row.contentHash, submission: {}, receivedAt: '2026-11-22T03:05:00.000Z', state: 'received', conflicts: [] });

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(w.server.counts).toMatchObject({ stored: 1, duplicate: 1 });
    expect(await states(w.db)).toEqual(['received', 'received']);
    expect((await w.db.receipts.toArray()).flatMap((receipt) => receipt.acks).find((ack) => ack.id === row.id), 'received when the server first stored it').toEqual({
      id: row.id,
      at: '2026-11-22T03:05:00.000Z',
    });
  });

  it('a conflict (same id, other content on the server) counts as received and is listed for officers', async () => {
    const w = await world();
    const [id] = await w.save(2);
    if (id === undefined) throw new Error('not saved');
    const row = await w.db.submissions.get(id);
    w.server.stored.set(id, { trackingCode: row?.trackingCode ?? '', contentHash: 'f'.repeat(64), submission: {}, receivedAt: new Date().toISOString(), state: 'received', conflicts: [] });

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(w.server.counts.conflict).toBe(1);
    expect(await states(w.db)).toEqual(['received', 'received']);
    expect(last(w.statuses)?.attention).toMatchObject({ conflicts: 1, conflictCodes: [row?.trackingCode] });
    expect(w.host.logs().map((l) => l.event)).toContain('sync.conflict');
  });

  it('an item answered invalid is kept, never retried, and shown to officers; the rest go through', async () => {
    const w = await world();
    const ids = await w.save(3);
    const bad = ids[1] ?? '';
    w.server.markInvalid(bad);

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect((await w.db.submissions.get(bad))?.state).toBe('saved');
    expect(await w.db.outbox.get(bad)).toMatchObject({ nextAttemptAt: HELD, lastError: expect.stringMatching(/^invalid: /u) });
    expect(w.host.journal.has(bad), 'still in the journal: the server does not hold it').toBe(true);
    const status = last(w.statuses);
    expect(status).toMatchObject({ pending: 1, attention: { held: 1, heldCodes: [(await w.db.submissions.get(bad))?.trackingCode] } });

    await w.engine.runRound({ force: true });
    expect(w.server.counts.invalid, '"Kirim sekarang" does not resend it either').toBe(1);
    expect(w.host.logs().filter((l) => l.event === 'sync.item_held')).toHaveLength(1);
    expect((await auditActions(w.db)).filter(([action]) => action === 'submission.held'), 'the hold is on the audit log, once').toEqual([['submission.held', bad]]);
  });

  it('a batch refused whole (400) is sent one by one: only the bad item is held', async () => {
    const w = await world();
    const ids = await w.save(4);
    w.server.poison(ids[2] ?? '');

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(uploads(w.server).map((r) => [r.items, r.status])).toEqual([
      [4, 400],
      [1, 200],
      [1, 200],
      [1, 400],
      [1, 200],
    ]);
    expect(await states(w.db)).toEqual(['received', 'received', 'saved', 'received']);
    expect((await w.db.outbox.get(ids[2] ?? ''))?.nextAttemptAt).toBe(HELD);
  });
});

describe('the next batch is prepared while the one before is on the wire', () => {
  it('its read happens before the answer to the batch before arrives', async () => {
    const w = await world();
    await w.save(20);
    // The second batch's read is the first outbox read that starts after another item.
    let pagesAfter = 0;
    const where = w.db.outbox.where.bind(w.db.outbox);
    w.db.outbox.where = ((index: string) => {
      if (index === ':id') pagesAfter += 1;
      return where(index);
    }) as typeof w.db.outbox.where;
    let overlapped: boolean | null = null;
    const slow: typeof fetch = async (input, init) => {
      if (overlapped === null && urlOf(input).endsWith('/v1/submissions/batch')) {
        // Held until the second batch has been read, or 2 s: without overlap it never would.
        overlapped = await heldUntil(() => pagesAfter >= 1);
      }
      return globalThis.fetch(input, init);
    };
    const engine = w.makeEngine({ batchSize: 10 }, w.db, slow);

    expect((await engine.runRound()).outcome).toBe('ok');
    expect(overlapped).toBe(true);
    expect(uploads(w.server).map((r) => [r.items, r.status])).toEqual([
      [10, 200],
      [10, 200],
    ]);
  });

  it('a batch that failed leaves the one read behind it and the rest untouched, and nothing runs on into the next round', async () => {
    const w = await world();
    const ids = await w.save(25);
    w.server.queueFault({ kind: 'drop-before', route: '/submissions/batch' });
    const engine = w.makeEngine({ batchSize: 10 });

    expect(await engine.runRound()).toMatchObject({ outcome: 'failed', code: 'network' });
    const attempts = new Map((await w.db.outbox.toArray()).map((item) => [item.id, item.attempts]));
    expect(ids.map((id) => attempts.get(id)), 'the first batch counts its attempt, the prefetched second and the third do not').toEqual([
      ...Array<number>(10).fill(1),
      ...Array<number>(15).fill(0),
    ]);
    const requests = w.server.requests.length;
    await sleep(100);
    expect(w.server.requests.length, 'no request after the round ended').toBe(requests);
    expect(uploads(w.server)).toHaveLength(1);

    expect((await engine.runRound({ force: true })).outcome).toBe('ok');
    expect(uploads(w.server).slice(1).map((r) => r.items)).toEqual([10, 10, 5]);
    expect(w.server.counts).toMatchObject({ stored: 25, duplicate: 0 });
  });

  it('items waiting (held, or backing off) in front of the queue, more than a batch of them, do not hide the due ones behind', async () => {
    const w = await world();
    const ids = await w.save(25);
    const waiting = ids.slice(0, 12);
    await w.db.outbox.bulkUpdate(waiting.map((id, i) => ({ key: id, changes: { nextAttemptAt: i % 2 === 0 ? HELD : w.clock.now + 3_600_000 } })));
    const engine = w.makeEngine({ batchSize: 5 });

    expect(await engine.runRound()).toMatchObject({ outcome: 'ok', received: 13 });
    expect(uploads(w.server).map((r) => r.items)).toEqual([5, 5, 3]);
    expect([...w.server.stored.keys()]).toEqual(ids.slice(12).sort());
    expect((await w.db.outbox.toArray()).map((item) => item.id)).toEqual(waiting);
  });

  it("an answer's writes run while the next batch is on the wire, and are all done when the round ends", async () => {
    const w = await world();
    const ids = await w.save(30);
    let overlapped: boolean | null = null;
    const marking: typeof recordAnswers = async (...args) => {
      if (overlapped === null) {
        // Held until the server has the second batch, or 2 s: written before sending, it never would.
        overlapped = await heldUntil(() => uploads(w.server).length >= 2);
      }
      return recordAnswers(...args);
    };
    const engine = w.makeEngine({ batchSize: 10 }, w.db, globalThis.fetch, { recordAnswers: marking });

    expect(await engine.runRound()).toMatchObject({ outcome: 'ok', received: 30 });
    expect(overlapped).toBe(true);
    // Checked the moment the round ends: nothing is still being written.
    expect(await states(w.db)).toEqual(Array<string>(30).fill('received'));
    expect(await w.db.outbox.count()).toBe(0);
    expect(w.host.journal.size).toBe(0);
    expect([...w.server.stored.keys()]).toEqual([...ids].sort());
  });

  it('each upload names the batch after it, for the host to build while this one is on the wire', async () => {
    const w = await world();
    const ids = await w.save(25);
    const engine = w.makeEngine({ batchSize: 10 });

    expect(await engine.runRound()).toMatchObject({ outcome: 'ok', received: 25 });
    const sorted = [...ids].sort();
    expect(w.host.calls.filter((call) => call.name === 'journal.upload').map((call) => call.input)).toEqual([
      { ids: sorted.slice(0, 10), next: sorted.slice(10, 20), timeoutMs: expect.any(Number) as number },
      { ids: sorted.slice(10, 20), next: sorted.slice(20), timeoutMs: expect.any(Number) as number },
      { ids: sorted.slice(20), timeoutMs: expect.any(Number) as number },
    ]);
  });

  it(`journal drops go ${DROP_CHUNK} ids at a time (a disk flush on the host each), beside the next batches' writes, all done when the round ends`, async () => {
    const w = await world();
    await w.save(DROP_CHUNK + 100);
    let recorded = 0;
    const counting: typeof recordAnswers = async (...args) => {
      recorded += 1;
      return recordAnswers(...args);
    };
    let overlapped: boolean | null = null;
    const invoke = w.host.invoke.bind(w.host);
    w.host.invoke = (async (...args: Parameters<typeof invoke>) => {
      if (args[0] === 'journal.drop' && overlapped === null) {
        // The first drop waits until the next batch's writes begin, or 2 s: queued behind the
        // drop, they never would.
        overlapped = await heldUntil(() => recorded > DROP_CHUNK / 100);
      }
      return invoke(...args);
    }) as typeof w.host.invoke;
    const engine = w.makeEngine({ batchSize: 100 }, w.db, globalThis.fetch, { recordAnswers: counting });

    expect(await engine.runRound()).toMatchObject({ outcome: 'ok', received: DROP_CHUNK + 100 });
    expect(overlapped).toBe(true);
    expect(w.host.calls.filter((call) => call.name === 'journal.drop').map((call) => (call.input as { ids: string[] }).ids.length)).toEqual([DROP_CHUNK, 100]);
    expect(w.host.journal.size, 'every drop done the moment the round ends').toBe(0);
    expect(await w.db.outbox.count()).toBe(0);
  });

  it('IndexedDB refusing an answer\'s writes ends the upload at the next answer and fails the round; nothing is lost', async () => {
    const w = await world();
    await w.save(30);
    let calls = 0;
    const failingOnce: typeof recordAnswers = async (...args) => {
      calls += 1;
      if (calls === 1) throw new DOMException('disk I/O failed', 'UnknownError');
      return recordAnswers(...args);
    };
    const engine = w.makeEngine({ batchSize: 10 }, w.db, globalThis.fetch, { recordAnswers: failingOnce });

    expect(await engine.runRound()).toMatchObject({ outcome: 'failed', code: 'internal' });
    expect(uploads(w.server).map((r) => r.items), 'the batch already on the wire is answered; the third is not sent').toEqual([10, 10]);
    expect(await states(w.db), 'unmarked, so still queued').toEqual(Array<string>(30).fill('saved'));
    expect(w.host.journal.size, 'the journal keeps every one').toBe(30);
    const requests = w.server.requests.length;
    await sleep(100);
    expect(w.server.requests.length, 'no request after the round ended').toBe(requests);

    expect((await engine.runRound({ force: true })).outcome).toBe('ok');
    expect(uploads(w.server).slice(2).map((r) => r.items), 'the status feed says the first 20 arrived: only the third batch goes').toEqual([10]);
    expect(w.server.counts).toMatchObject({ stored: 30, duplicate: 0 });
    expect(await states(w.db)).toEqual(Array<string>(30).fill('received'));
    expect(w.host.journal.size).toBe(0);
  });

  it('a batch is signed when it is sent: the batch before taking long (400 s) leaves no stale signature', async () => {
    const w = await world();
    await w.save(20);
    let first = true;
    const long: typeof fetch = async (input, init) => {
      const answer = await globalThis.fetch(input, init);
      if (first && urlOf(input).endsWith('/v1/submissions/batch')) {
        first = false;
        // The first batch took 400 s (its items one by one, say), by both clocks, while the second was read.
        w.clock.now += 400_000;
        w.server.setClockOffset(400_000);
      }
      return answer;
    };
    const engine = w.makeEngine({ batchSize: 10 }, w.db, long);

    expect((await engine.runRound()).outcome).toBe('ok');
    expect(uploads(w.server).map((r) => [r.items, r.status]), 'no 401').toEqual([
      [10, 200],
      [10, 200],
    ]);
    expect(w.server.counts.stored).toBe(20);
  });

  it('an audit batch signed ahead is signed again when the batch before took longer than SIGNED_AHEAD_MAX_AGE_MS', async () => {
    const w = await world();
    await w.save(1);
    await appendTestEntries(w.db, AUDIT_BATCH + 10, new Date(w.clock.now));
    const auditSigns = () => w.host.calls.filter((call) => call.name === 'secrets.sign' && (call.input as { path: string }).path === '/v1/audit/batch').length;
    let first = true;
    const long: typeof fetch = async (input, init) => {
      const answer = await globalThis.fetch(input, init);
      if (first && urlOf(input).endsWith('/v1/audit/batch')) {
        first = false;
        await until(() => auditSigns() >= 2, 'the second audit batch signed ahead');
        w.clock.now += 400_000;
        w.server.setClockOffset(400_000);
      }
      return answer;
    };
    const engine = w.makeEngine({}, w.db, long);

    expect((await engine.runRound()).outcome).toBe('ok');
    expect(400_000).toBeGreaterThan(SIGNED_AHEAD_MAX_AGE_MS);
    expect(
      w.server.requests.filter((r) => r.path === '/v1/audit/batch').map((r) => r.status),
      'no 401',
    ).toEqual([200, 200]);
    expect(auditSigns(), 'the second batch signed twice: ahead, then again').toBe(3);
    expect(w.server.audit).toHaveLength(AUDIT_BATCH + 12);
  });
});

describe('failures back off with full jitter', () => {
  it('500 for every item: the round waits random × min(cap, base × 2^failures), at least MIN_WAIT_MS; the items wait for the round', async () => {
    const w = await world();
    await w.save(2);
    const draws = [0.999, 0.75, 0];
    const waits: number[] = [];
    for (const [failure, draw] of draws.entries()) {
      w.random.next = () => draw;
      // The batch, then each item alone: the server's upload is broken, not an item.
      for (let i = 0; i < 3; i += 1) w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 500, body: 'Internal Server Error' });
      const result = await w.engine.runRound();
      expect(result).toMatchObject({ outcome: 'failed', code: 'server' });
      expect(result.nextInMs).toBe(Math.max(MIN_WAIT_MS, Math.floor(draw * backoffCeiling(failure, roundBackoff(30)))));
      waits.push(result.nextInMs);
    }
    // Windows of 2 s, 4 s, 8 s after the first, second and third failure.
    expect(waits).toEqual([1_998, 3_000, MIN_WAIT_MS]);
    const items = await w.db.outbox.toArray();
    expect(items.every((item) => item.attempts === 3 && item.lastError?.includes('HTTP 500') === true)).toBe(true);
    expect(
      items.every((item) => item.nextAttemptAt <= w.clock.now),
      'not the items\' fault: they go as soon as the server is back',
    ).toBe(true);
    expect(last(w.statuses)).toMatchObject({ phase: 'error', lastError: { code: 'server' } });
    expect(errorText(last(w.statuses) as SyncStatus)?.key).toBe('sync.error.server');
  });

  it('an item that fails alone while the others pass waits on its own, within [0, min(cap, base × 2^attempts))', async () => {
    const w = await world();
    const ids = await w.save(3);
    w.random.next = () => 0.999_999;
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 500 });
    w.server.queueFault({ kind: 'pass', route: '/submissions/batch' });
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 502 });
    expect((await w.engine.runRound()).outcome, 'the queue moves past it').toBe('ok');
    expect(await states(w.db)).toEqual(['received', 'saved', 'received']);
    const item = await w.db.outbox.get(ids[1] ?? '');
    expect(item).toMatchObject({ attempts: 1, nextAttemptAt: w.clock.now + Math.floor(0.999_999 * backoffCeiling(0, ITEM_BACKOFF)) });

    await w.engine.runRound();
    expect(uploads(w.server), 'not due yet: not sent').toHaveLength(4);
    await w.engine.runRound({ force: true });
    expect(uploads(w.server), '"Kirim sekarang" sends it').toHaveLength(5);
    expect(await states(w.db)).toEqual(['received', 'received', 'received']);
  });

  it('503 and 429 with Retry-After: the round and the items wait as long as the server asked', async () => {
    const w = await world();
    await w.save(2);
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 503, body: { error: { code: 'unavailable', message: 'db down' } }, headers: { 'retry-after': '120' } });
    const busy = await w.engine.runRound();
    expect(busy).toMatchObject({ outcome: 'failed', code: 'busy', nextInMs: 120_000 });
    expect((await w.db.outbox.toArray()).map((i) => i.attempts)).toEqual([1, 1]);

    w.random.next = () => 0.5;
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 429, body: { error: { code: 'rate_limited', message: 'slow down' } } });
    const limited = await w.engine.runRound();
    expect(limited, 'no Retry-After: full jitter on the second failure').toMatchObject({ outcome: 'failed', code: 'busy', nextInMs: 2_000 });
    expect(errorText(last(w.statuses) as SyncStatus)?.key).toBe('sync.error.busy');
  });

  it('garbage from the server: the round backs off with a logged reason, nothing crashes, nothing is lost', async () => {
    const w = await world();
    await w.save(2);
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 200, body: '<html>proxy login</html>' });
    const html = await w.engine.runRound();
    expect(html).toMatchObject({ outcome: 'failed', code: 'garbage' });
    expect(html.nextInMs).toBeGreaterThanOrEqual(MIN_WAIT_MS);
    const logged = w.host.logs().find((l) => l.event === 'sync.failed');
    expect(logged?.detail).toMatchObject({ code: 'garbage', reason: expect.stringContaining('not JSON') });

    w.server.queueFault({ kind: 'answer', route: '/submissions/changes', status: 200, body: { changes: 'nope', cursor: -1 } });
    const shape = await w.engine.runRound();
    expect(shape).toMatchObject({ outcome: 'failed', code: 'garbage' });
    expect(last(w.statuses)?.lastError?.detail).toContain('changes');
    expect(await states(w.db), 'nothing lost, nothing marked').toEqual(['saved', 'saved']);

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(await states(w.db)).toEqual(['received', 'received']);
    expect(w.host.logs().map((l) => l.event)).toContain('sync.recovered');
  });

  it('a network failure mid-way (connection dropped) leaves the rest queued; nothing is half-marked', async () => {
    const w = await world();
    await w.save(3);
    w.server.queueFault({ kind: 'drop-before', route: '/submissions/batch' });
    const result = await w.engine.runRound();
    expect(result).toMatchObject({ outcome: 'failed', code: 'network' });
    expect(w.server.stored.size).toBe(0);
    expect(await w.db.outbox.count()).toBe(3);
    expect(errorText(last(w.statuses) as SyncStatus)?.key).toBe('sync.error.network');
  });
});

describe('sent from the host journal', () => {
  it('the host sends what its journal holds; what it lacks the engine sends from IndexedDB, the same content', async () => {
    const w = await world({ batchSize: 10 });
    const ids = await w.save(30);
    const lacking = [ids[3], ...ids.slice(15, 20)].map((id) => id ?? '');
    for (const id of lacking) w.host.journal.delete(id);

    expect(await w.engine.runRound()).toMatchObject({ outcome: 'ok', received: 30 });
    expect(w.host.calls.filter((call) => call.name === 'journal.upload')).toHaveLength(3);
    expect(uploads(w.server).map((r) => r.items), 'each batch: the journal part, then the rest from IndexedDB').toEqual([9, 1, 5, 5, 10]);
    expect(w.server.counts).toMatchObject({ stored: 30, duplicate: 0, conflict: 0 });
    for (const id of ids) expect(w.server.stored.get(id)?.contentHash).toBe((await w.db.submissions.get(id))?.contentHash);
    expect(await states(w.db)).toEqual(Array<string>(30).fill('received'));
    expect(w.host.logs().filter((l) => l.event === 'sync.sent_from_store').map((l) => l.detail['count'])).toEqual([1, 5]);
  });

  it('a host that cannot read its journal: the batch goes from IndexedDB, and the log says why', async () => {
    const w = await world();
    await w.save(3);
    w.host.failNext('journal.upload', { code: 'unavailable', message: 'The journal cannot be read' });

    expect(await w.engine.runRound()).toMatchObject({ outcome: 'ok', received: 3 });
    expect(w.server.counts.stored).toBe(3);
    expect(w.host.logs().find((l) => l.event === 'sync.journal_upload_failed')?.detail).toMatchObject({ code: 'unavailable' });
  });

  it('a batch too big for one request goes in halves; a submission too big for any request is held', async () => {
    const w = await world();
    // The journal takes records of up to 256 KiB: five of 230 KB are over the 1 MiB a request may carry.
    const big = (n: number) => ({ ...submission(n), answers: [{ stepId: 'nik', value: 'x'.repeat(230_000), author: 'resident' as const, at: '2026-11-22T03:01:00.000Z' }] });
    for (let n = 0; n < 5; n += 1) expect((await saveSubmission(w.store, big(n), new Date(w.clock.now))).ok).toBe(true);

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(uploads(w.server).map((r) => r.items)).toEqual([3, 2]);
    expect(w.server.counts.stored).toBe(5);

    // No record the journal takes is too big alone; one that got there anyway is held, not retried forever.
    const [id = ''] = await w.save(1);
    const record = JSON.parse(w.host.journal.get(id) ?? '{}') as { submission: { answers: { value: string }[] } };
    for (const answer of record.submission.answers) answer.value = 'y'.repeat(1_100_000);
    w.host.journal.set(id, JSON.stringify(record));
    expect((await w.engine.runRound({ force: true })).outcome).toBe('ok');
    expect(await w.db.outbox.get(id)).toMatchObject({ nextAttemptAt: HELD, lastError: 'invalid: larger than 1048576 bytes' });
    expect(uploads(w.server)).toHaveLength(2);
  });
});

describe('clock and identity', () => {
  it('clock skew: says by how many minutes, in words for IT', async () => {
    const w = await world();
    await w.save(1);
    w.clock.now = Date.now() - 7 * 60_000;
    const result = await w.engine.runRound();
    expect(result).toMatchObject({ outcome: 'failed', code: 'clock_skew' });
    const status = last(w.statuses) as SyncStatus;
    expect(Math.abs((status.clockSkewSeconds ?? 0) - 420)).toBeLessThanOrEqual(2);
    const text = errorText(status);
    expect(text === null ? '' : t(text.key, text.params)).toBe('Jam kiosk selisih 7 menit dari server. Minta petugas TI memperbaiki jam.');
    expect(w.host.logs().find((l) => l.event === 'sync.failed')?.detail).toMatchObject({ code: 'clock_skew' });

    w.clock.now = Date.now();
    expect((await w.engine.runRound({ force: true })).outcome).toBe('ok');
    expect(last(w.statuses)).toMatchObject({ clockSkewSeconds: null, lastError: null });
  });

  it('a drifting clock is reported from the heartbeat before the server starts refusing', async () => {
    const w = await world();
    w.server.setClockOffset(150_000);
    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(Math.abs((last(w.statuses)?.clockSkewSeconds ?? 0) - 150)).toBeLessThanOrEqual(2);
  });

  it('401: the kiosk needs to be enrolled again', async () => {
    const w = await world();
    w.server.queueFault({ kind: 'answer', route: '/submissions/changes', status: 401, body: { error: { code: 'unauthorized', message: 'unknown device' } } });
    const result = await w.engine.runRound();
    expect(result).toMatchObject({ outcome: 'failed', code: 'unauthorized' });
    const text = errorText(last(w.statuses) as SyncStatus);
    expect(text === null ? '' : t(text.key)).toBe('Kiosk perlu didaftarkan ulang oleh TI.');
  });

  it('not enrolled: no request leaves the kiosk, submissions keep queueing', async () => {
    const w = await world();
    w.host.identity = { ...w.host.identity, enrolled: false, serverUrl: null };
    await w.save(2);
    const result = await w.engine.runRound();
    expect(result.outcome).toBe('not_enrolled');
    expect(w.server.requests).toEqual([]);
    expect(last(w.statuses)).toMatchObject({ phase: 'not_enrolled', pending: 2 });
  });
});

describe('catalogue', () => {
  it('takes a correctly signed catalogue, then asks with If-None-Match and gets 304', async () => {
    const w = await world();
    expect((await w.engine.runRound()).outcome).toBe('ok');
    const stored = await w.db.catalogue.get('current');
    expect(stored).toMatchObject({ version: w.server.currentCatalogue().version, etag: `"${w.server.currentCatalogue().version}"` });
    expect(last(w.statuses)?.catalogue).toMatchObject({ version: w.server.currentCatalogue().version, problem: null });

    await w.engine.runRound();
    expect(w.server.requests.filter((r) => r.path === '/v1/catalogue').map((r) => r.status)).toEqual([200, 304]);
  });

  it('a tampered catalogue is refused, the last good one kept, and officers see why', async () => {
    const w = await world();
    await w.engine.runRound();
    const good = w.server.currentCatalogue().version;
    w.server.publishCatalogue('2026-02-01T00:00:00.000Z');
    w.server.setCatalogueTamper(true);

    expect((await w.engine.runRound()).outcome, 'sync itself goes on').toBe('ok');
    expect((await w.db.catalogue.get('current'))?.version).toBe(good);
    expect(last(w.statuses)?.catalogue).toMatchObject({ version: good, problem: 'signature' });
    expect(w.host.logs().find((l) => l.event === 'sync.catalogue_refused')?.detail).toMatchObject({ problem: 'signature' });
    const refused = (await w.db.audit.toArray()).filter((entry) => entry.action === 'catalogue.refused');
    expect(refused.map((entry) => entry.reason), 'audited once, with the reason').toEqual([expect.stringMatching(/^signature: /u)]);

    w.server.setCatalogueTamper(false);
    await w.engine.runRound();
    expect(last(w.statuses)?.catalogue).toMatchObject({ version: w.server.currentCatalogue().version, problem: null });
  });

  it('an older catalogue, even correctly signed, does not replace a newer one', async () => {
    const w = await world();
    w.server.publishCatalogue('2026-05-01T00:00:00.000Z');
    await w.engine.runRound();
    const newer = w.server.currentCatalogue().version;
    w.server.publishCatalogue('2026-04-01T00:00:00.000Z');
    await w.engine.runRound();
    expect(last(w.statuses)?.catalogue).toMatchObject({ version: newer, problem: 'older' });
  });

  it('garbage instead of a catalogue: last good kept, round backs off', async () => {
    const w = await world();
    await w.engine.runRound();
    const good = w.server.currentCatalogue().version;
    w.server.queueFault({ kind: 'answer', route: '/catalogue', status: 200, body: { hello: 'world' } });
    const result = await w.engine.runRound();
    expect(result).toMatchObject({ outcome: 'failed', code: 'garbage' });
    expect(last(w.statuses)?.catalogue).toMatchObject({ version: good, problem: 'garbage' });
  });

  it('a stored catalogue that no longer parses is fetched again, not kept by a 304 (the screen would stay on the local services)', async () => {
    const w = await world();
    await w.engine.runRound();
    await w.db.catalogue.update('current', { signed: { catalogue: { officeCode: '36.03.03', services: 'damaged' }, signature: 'x' } });
    expect(readStoredCatalogue(await w.db.catalogue.get('current')).kind).toBe('unreadable');
    await w.engine.runRound();
    expect(w.server.requests.filter((r) => r.path === '/v1/catalogue').map((r) => r.status)).toEqual([200, 200]);
    expect(readStoredCatalogue(await w.db.catalogue.get('current'))).toMatchObject({ kind: 'catalogue', catalogue: { version: w.server.currentCatalogue().version } });
  });
});

describe('status changes from the office', () => {
  it('pages until more=false and merges monotonically: a late "received" never undoes "processed"', async () => {
    const w = await world();
    const [a, b, c] = await w.save(3);
    if (a === undefined || b === undefined || c === undefined) throw new Error('not saved');
    await w.engine.runRound();
    expect(await states(w.db)).toEqual(['received', 'received', 'received']);

    w.server.addChange(a, 'processed', 'Surat siap di loket 2');
    w.server.addChange(b, 'rejected', 'Dokumen kurang');
    for (let i = 0; i < 450; i += 1) w.server.addChange(crypto.randomUUID(), 'received');
    w.server.addChange(a, 'received');
    await w.engine.runRound();

    // 3 "received" from the upload + 453 since: three pages of at most 200, then more=false.
    const since = w.server.requests.filter((r) => r.path.startsWith('/v1/submissions/changes')).map((r) => new URL(r.path, 'http://x').searchParams.get('since'));
    expect(since).toEqual(['0', '0', '200', '400']);
    expect(await w.db.submissions.get(a)).toMatchObject({ state: 'processed', note: 'Surat siap di loket 2' });
    expect(await w.db.submissions.get(b)).toMatchObject({ state: 'rejected', note: 'Dokumen kurang' });
    expect(await readCurrentState(w.db, { id: c })).toBe('received');
    expect((await w.db.syncMeta.get(META.cursor))?.value).toBe(w.server.changes.at(-1)?.cursor);
  });

  it('a "received" change for a submission whose upload answer was lost clears it from the outbox', async () => {
    const w = await world();
    const [id] = await w.save(1);
    w.server.queueFault({ kind: 'drop-after', route: '/submissions/batch' });
    await w.engine.runRound();
    expect(await readCurrentState(w.db, { id: id ?? '' })).toBe('saved');
    // Before the item is due again, the changes feed already tells the kiosk the office has it.
    await w.engine.runRound();
    expect(await readCurrentState(w.db, { id: id ?? '' })).toBe('received');
    expect(await w.db.outbox.count()).toBe(0);
    expect(w.server.counts.duplicate).toBe(0);
  });
});

describe('restarts', () => {
  it('a kiosk killed mid-round resumes from IndexedDB: all arrive, each exactly once', async () => {
    const w = await world({ batchSize: 10 });
    const ids = await w.save(35);
    w.server.queueFault({ kind: 'answer', route: '/submissions/batch', status: 200, body: 'x' });
    // First batch fails (garbage); a new engine on a new connection picks up from the same rows.
    w.server.requests.length = 0;
    await w.engine.runRound();
    await w.engine.stop();
    w.db.close();

    const db = openKioskDb(w.dbName);
    cleanups.push(() => db.close());
    const restarted = createSyncEngine({
      db,
      storeKey: w.store.key,
      bridge: w.host,
      fetch: globalThis.fetch,
      now: () => w.clock.now,
      random: () => 0,
      settings: { batchSize: 10, intervalSeconds: 30, overdueAfterHours: 72, overduePending: 500 },
      appVersion: 'test',
      publish: () => undefined,
    });
    cleanups.push(() => restarted.stop());
    expect((await db.syncMeta.get(META.roundFailures))?.value, 'the backoff survives the restart').toBe(1);
    const result = await restarted.runRound({ force: true });
    expect(result).toMatchObject({ outcome: 'ok', received: 35 });
    expect([...w.server.stored.keys()].sort()).toEqual([...ids].sort());
    expect(w.server.counts).toMatchObject({ stored: 35, duplicate: 0 });
    expect(await db.outbox.count()).toBe(0);
  });

  it('start() runs rounds by itself, a new submission starts one at once, and stop() ends them cleanly', async () => {
    const w = await world({ intervalSeconds: 3600 });
    w.engine.start();
    await until(() => w.server.heartbeats.length === 1);
    await w.save(1);
    await until(() => w.server.stored.size === 1, 'a new outbox row triggers a round');
    await until(() => w.server.heartbeats.length === 2);
    await w.engine.stop();
    // The round goes on after the heartbeat (help, audit log): a request stop() aborted may
    // already be on the wire and reach the server after stop() returns. It is not a new one.
    await sleep(300);
    const count = w.server.requests.length;
    w.engine.syncNow();
    await sleep(300);
    expect(w.server.requests.slice(count), 'nothing after stop()').toEqual([]);
  });

  it('a submission saved while a round runs, after its upload, starts another round as soon as it ends', async () => {
    const w = await world();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldHeartbeat = false;
    const holding: typeof fetch = async (input, init) => {
      if (!heldHeartbeat && urlOf(input).endsWith('/v1/heartbeat')) {
        heldHeartbeat = true;
        await released;
      }
      return globalThis.fetch(input, init);
    };
    const engine = w.makeEngine({ intervalSeconds: 3600 }, w.db, holding);
    engine.start();
    await until(() => heldHeartbeat);
    // The round's upload is over: this one is not in it.
    await w.save(1);
    release();
    await until(() => w.server.stored.size === 1, 'the new row starts a round once the one running ends');
    await engine.stop();
  });

  it('offline, a burst of new outbox rows (a journal restore) is one attempt a second, not one per row', async () => {
    const w = await world({ intervalSeconds: 3600 });
    await w.server.close(); // the office is unreachable: every round fails at once
    const rounds = () => w.statuses.filter((status) => status.phase === 'syncing').length;
    w.engine.start();
    await until(() => w.statuses.some((status) => status.phase === 'offline'), 'the first round fails');
    const started = Date.now();
    await w.save(40);
    await sleep(Math.max(0, 1_500 - (Date.now() - started)));
    const seconds = (Date.now() - started) / 1000;
    expect(rounds(), `${rounds()} rounds in ${seconds.toFixed(1)} s for 40 new rows`).toBeLessThanOrEqual(2 + Math.ceil(seconds));
    // Still tried soon: nothing waits for the hour-long interval or the backoff.
    expect(rounds()).toBeGreaterThanOrEqual(2);
  });
});

describe('overdue', () => {
  it('when the oldest unsent submission is older than overdueAfterHours, or more than overduePending wait', async () => {
    const w = await world();
    w.host.identity = { ...w.host.identity, enrolled: false, serverUrl: null };
    await w.save(3, w.clock.now - 4 * 24 * 3_600_000 - 60_000);
    await w.engine.runRound();
    const status = last(w.statuses) as SyncStatus;
    expect(status).toMatchObject({ overdue: true, pending: 3 });
    const text = overdueText(status, w.clock.now);
    expect(text === null ? '' : t(text.key, text.params)).toBe('Ada 3 permohonan belum terkirim sejak 4 hari. Hubungi TI.');

    const strict = w.makeEngine({ overdueAfterHours: 24 * 30, overduePending: 2 });
    await strict.runRound();
    expect(last(w.statuses)?.overdue).toBe(true);
    const relaxed = w.makeEngine({ overdueAfterHours: 24 * 30, overduePending: 500 });
    await relaxed.runRound();
    expect(last(w.statuses)?.overdue).toBe(false);
  });
});

describe('status during an upload', () => {
  it('pending goes down as answers are written, once a second at most; IndexedDB is read again only every STATUS_READ_MS', async () => {
    const w = await world();
    await w.save(30);
    // Each upload answered after 1.2 s: long enough for a progress status between two answers.
    const slow: typeof fetch = async (input, init) => {
      const answer = await globalThis.fetch(input, init);
      if (urlOf(input).endsWith('/v1/submissions/batch')) await sleep(1_200);
      return answer;
    };
    const engine = w.makeEngine({ batchSize: 10 }, w.db, slow);
    let reads = 0;
    const count = w.db.outbox.count.bind(w.db.outbox);
    w.db.outbox.count = () => {
      reads += 1;
      return count();
    };

    expect(await engine.runRound()).toMatchObject({ outcome: 'ok', received: 30 });
    const during = w.statuses.filter((status) => status.phase === 'syncing').map((status) => status.pending);
    expect(during[0], 'read when the round starts').toBe(30);
    expect(during.slice(1).length, 'published between answers').toBeGreaterThanOrEqual(1);
    expect(during.slice(1).every((pending) => pending > 0 && pending < 30 && pending % 10 === 0)).toBe(true);
    expect(during).toEqual([...during].sort((a, b) => b - a));
    expect(last(w.statuses)).toMatchObject({ phase: 'idle', pending: 0 });
    // Round start, heartbeat, round end: none per answer.
    expect(reads).toBe(3);

    // Once STATUS_READ_MS has passed since the last read, the next answer reads IndexedDB again.
    await w.save(20);
    reads = 0;
    const stale = w.makeEngine({ batchSize: 10 }, w.db, async (input, init) => {
      if (urlOf(input).endsWith('/v1/submissions/batch')) w.clock.now += STATUS_READ_MS;
      return slow(input, init);
    });
    expect(await stale.runRound()).toMatchObject({ outcome: 'ok', received: 20 });
    expect(reads).toBeGreaterThan(3);
  });
});

describe('help requests and the audit log', () => {
  it('uploads help requests and the audit chain after the submissions, once each, and marks them sent', async () => {
    const w = await world();
    const ids = await w.save(3);
    expect((await recordHelpRequest(w.db, { screen: 'service', serviceId: 'sktm' }, new Date(w.clock.now))).ok).toBe(true);

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect([...w.server.help.values()]).toMatchObject([{ screen: 'service', serviceId: 'sktm' }]);
    expect(await w.db.help.count(), 'deleted once the server holds it').toBe(0);
    expect(w.server.audit.map((e) => [e.action, e.subject])).toEqual([
      ...ids.map((id) => ['submission.saved', id]),
      ['help.requested', 'service'],
      ['catalogue.applied', w.server.currentCatalogue().version],
    ]);
    expect(await readMeta(w.db, META.auditSentThrough)).toBe(5);
    expect(await w.db.audit.count(), 'kept on the kiosk until purgeSentAudit trims them').toBe(5);

    // Nothing new: nothing is sent again.
    const before = w.server.requests.length;
    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(w.server.requests.slice(before).map((r) => r.path).filter((p) => p.startsWith('/v1/audit') || p === '/v1/help')).toEqual([]);
  });

  it('audit batches: the next is on the wire while the one before is marked sent, and every one is marked when the round ends', async () => {
    const w = await world();
    await w.save(1);
    await appendTestEntries(w.db, 2 * AUDIT_BATCH + 50, new Date(w.clock.now));
    const auditPosts = () => w.server.requests.filter((r) => r.path === '/v1/audit/batch').length;
    let overlapped: boolean | null = null;
    beforeMarkingSent(w.db, async () => {
      // The first batch's marks wait until the second batch reaches the server, or 2 s: done
      // before sending it, they never would.
      overlapped ??= await heldUntil(() => auditPosts() >= 2);
    });

    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(overlapped).toBe(true);
    const total = 2 * AUDIT_BATCH + 50 + 2; // the saved submission and the catalogue taken, too
    expect(auditPosts()).toBe(3);
    expect(w.server.audit.map((entry) => entry.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Checked the moment the round ends: nothing is still being written.
    expect(await readMeta(w.db, META.auditSentThrough)).toBe(total);
  });

  it('IndexedDB refusing to mark an audit batch sent fails the round; the next round sends from the last one marked', async () => {
    const w = await world();
    await w.save(1);
    await appendTestEntries(w.db, 2 * AUDIT_BATCH, new Date(w.clock.now));
    let refused = false;
    beforeMarkingSent(w.db, async () => {
      if (refused) return;
      refused = true;
      throw new DOMException('disk I/O failed', 'UnknownError');
    });

    expect(await w.engine.runRound()).toMatchObject({ outcome: 'failed', code: 'internal' });
    expect(await readMeta(w.db, META.auditSentThrough), 'nothing marked').toBeUndefined();
    const posts = w.server.requests.filter((r) => r.path === '/v1/audit/batch').length;
    expect(posts, 'the batch already on the wire is answered; the third is not sent').toBe(2);

    expect((await w.engine.runRound({ force: true })).outcome).toBe('ok');
    const total = 2 * AUDIT_BATCH + 2;
    expect(w.server.audit.map((entry) => entry.seq), 'the resend is taken as it is: each entry once').toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await readMeta(w.db, META.auditSentThrough)).toBe(total);
  });

  it('an audit answer lost on the way: the resend is taken as it is, no entry twice', async () => {
    const w = await world();
    await w.save(2);
    w.server.queueFault({ kind: 'drop-after', route: '/audit/batch' });
    expect(await w.engine.runRound()).toMatchObject({ outcome: 'ok', code: 'network' });
    // Two saved submissions and the catalogue taken on the first round.
    expect(w.server.audit).toHaveLength(3);
    expect(await readMeta(w.db, META.auditSentThrough)).toBeUndefined();
    expect((await w.engine.runRound({ force: true })).outcome).toBe('ok');
    expect(w.server.audit).toHaveLength(3);
    expect(await readMeta(w.db, META.auditSentThrough)).toBe(3);
  });

  it('a kiosk whose IndexedDB was lost re-links its new entries onto the server chain, and says so in it', async () => {
    const w = await world();
    await w.save(2);
    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect(w.server.audit).toHaveLength(3);

    // Chromium deleted the database: a fresh one starts its own chain at seq 1.
    const fresh = openKioskDb(`sync-test-${crypto.randomUUID()}`);
    cleanups.push(() => fresh.close());
    const store = { ...w.store, db: fresh };
    const saved = await saveSubmission(store, submission(9), new Date(w.clock.now));
    if (!saved.ok) throw new Error(saved.error.message);
    const engine = w.makeEngine({}, fresh);

    expect((await engine.runRound()).outcome).toBe('ok');
    expect(w.server.audit.map((e) => [e.seq, e.action])).toEqual([
      [1, 'submission.saved'],
      [2, 'submission.saved'],
      [3, 'catalogue.applied'],
      [4, 'audit.chain_resumed'],
      [5, 'submission.saved'],
      [6, 'catalogue.applied'],
    ]);
    expect(w.server.audit[4]?.subject).toBe(saved.value.id);
    expect(w.host.logs().find((l) => l.event === 'sync.audit_relinked')?.detail).toMatchObject({ serverThrough: 3, relinked: 2 });
    // The kiosk goes on from the server's chain.
    await appendAudit(fresh, { actor: 'system', action: 'test.after' }, new Date(w.clock.now));
    expect((await engine.runRound()).outcome).toBe('ok');
    expect(w.server.audit.at(-1)).toMatchObject({ seq: 7, action: 'test.after' });
  });

  it('an audit log the server keeps failing neither fails the round nor stretches its backoff; officers see it', async () => {
    const w = await world();
    await w.save(2);
    for (let i = 0; i < 3; i += 1) w.server.queueFault({ kind: 'answer', route: '/audit/batch', status: 500, body: { error: { code: 'internal', message: 'down' } } });

    for (let i = 0; i < 3; i += 1) {
      expect(await w.engine.runRound({ force: true }), `round ${i + 1}`).toMatchObject({ outcome: 'ok', code: 'server', nextInMs: 30_000 });
    }
    expect(await readMeta(w.db, META.roundFailures)).toBe(0);
    expect(last(w.statuses)).toMatchObject({ phase: 'idle', pending: 0, lastError: { code: 'server', detail: expect.stringMatching(/^audit: /u) } });
    expect(w.server.counts.stored, 'the submissions went').toBe(2);
    expect(w.host.logs().filter((l) => l.event === 'sync.aside_failed'), 'logged once, not every round').toHaveLength(1);

    expect(await w.engine.runRound()).toMatchObject({ outcome: 'ok', nextInMs: 30_000 });
    expect((await w.engine.runRound()).code).toBeUndefined();
    expect(last(w.statuses)?.lastError).toBeNull();
    expect(w.server.audit).toHaveLength(3);
  });

  it('a help request the server refuses as invalid is dropped with a log line and does not hold back the next', async () => {
    const w = await world();
    await recordHelpRequest(w.db, { screen: 'home' }, new Date(w.clock.now));
    await recordHelpRequest(w.db, { screen: 'service' }, new Date(w.clock.now));
    w.server.queueFault({ kind: 'answer', route: '/v1/help', status: 400, body: { error: { code: 'bad_request', message: 'no' } } });
    expect((await w.engine.runRound()).outcome).toBe('ok');
    expect([...w.server.help.values()].map((h) => h.screen)).toEqual(['service']);
    expect(await w.db.help.count()).toBe(0);
    expect(w.host.logs().map((l) => l.event)).toContain('sync.help_refused');
  });
});

/**
 * Holds a step until `condition` holds, or 2 s: true if it came to hold. A step held this way
 * shows that the engine does the other work meanwhile; done in sequence, it never would.
 */
async function heldUntil(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const start = Date.now();
  while (!condition() && Date.now() - start < timeoutMs) await sleep(5);
  return condition();
}

async function appendTestEntries(db: KioskDb, count: number, at: Date): Promise<void> {
  await db.transaction('rw', db.audit, async () => {
    for (let i = 0; i < count; i += 1) await appendAudit(db, { actor: 'system', action: 'test.entry', subject: String(i) }, at);
  });
}

/** Runs `before` ahead of each write of the audit cursor (markAuditSent), outside any transaction. */
function beforeMarkingSent(db: KioskDb, before: () => Promise<void>): void {
  const put = db.syncMeta.put.bind(db.syncMeta);
  db.syncMeta.put = (async (row: SyncMeta, key?: string) => {
    if (row.key === META.auditSentThrough && Dexie.currentTransaction === null) await before();
    return put(row, key);
  }) as typeof db.syncMeta.put;
}

async function until(condition: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
