import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Submission } from '../../../core/flow/submission';
import type { SyncStatus } from '../../../core/sync/status';
import { openKioskDb, type SubmissionState } from '../db/db';
import { saveSubmission } from '../flow/save-submission';
import type { KioskStore } from '../store/kiosk-store';
import { importStoreKey } from '../store/seal';
import { readCurrentState } from '../store/state';
import { startSync } from './start-sync';
import { serveBridgeOnPort } from './sync-bridge';
import { startContractServer } from './testing/contract-server.mjs';
import { createSyncHost } from './testing/sync-host.fixture';
import { runSyncWorker } from './worker-main';
import type { FromWorker, ToWorker, WorkerScope } from './worker-protocol';

// Page side and worker side of sync, with the same real HTTP server and fake-indexeddb as the
// engine tests. Node has no Web Worker; the worker's body runs here behind the same messages.
const DEVICE = { deviceId: 'dev_testkiosk02', secret: 'another-test-secret-0123456789abcdefghijkl', officeCode: '36.03.03' };
const submission: Submission = {
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: '3603031708900001', author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const server = await startContractServer(DEVICE);
  cleanups.push(() => server.close());
  const host = createSyncHost({ ...DEVICE, serverUrl: server.url, serverPublicKey: server.serverPublicKey, now: () => Date.now() });
  const dbName = `start-sync-${crypto.randomUUID()}`;
  const db = openKioskDb(dbName);
  cleanups.push(() => db.close());
  const store: KioskStore = { db, key: await importStoreKey(host.key), bridge: host };
  return { server, host, db, dbName, store };
}

describe('startSync on the page (no Worker here: the page engine)', () => {
  it('publishes status, takes a new submission to the office at once, and the done screen sees "received"', async () => {
    const { server, host, db, dbName, store } = await setup();
    const client = startSync({ bridge: host, db, storeKey: store.key, dbName, createWorker: null });
    cleanups.push(() => client.stop());
    const seen: SyncStatus[] = [];
    client.subscribe(() => seen.push(client.getStatus()));
    await until(() => client.getStatus().phase === 'idle');
    expect(host.logs().map((l) => l.event)).toContain('sync.worker_unavailable');

    const saved = await saveSubmission(store, submission, new Date());
    if (!saved.ok) throw new Error(saved.error.message);
    const states: (SubmissionState | undefined)[] = [];
    const stop = client.watchSubmission({ trackingCode: saved.value.trackingCode }, (state) => states.push(state));
    await until(() => states.includes('received'), 'the watched submission turns received');
    stop();
    expect(states[0]).toBe('saved');
    expect(server.stored.has(saved.value.id)).toBe(true);
    expect(seen.some((s) => s.phase === 'syncing')).toBe(true);
    await until(() => client.getStatus().phase === 'idle' && client.getStatus().pending === 0);
  });
});

describe('the sync worker', () => {
  it('starts on "start" with a bridge port, publishes status, syncs on "syncNow", and says "stopped"', async () => {
    const { server, host, db, dbName, store } = await setup();
    const listeners = new Set<(event: MessageEvent<ToWorker>) => void>();
    const fromWorker: FromWorker[] = [];
    const scope: WorkerScope = { postMessage: (message) => fromWorker.push(message), addEventListener: (_type, listener) => listeners.add(listener) };
    const send = (message: ToWorker) => {
      for (const listener of listeners) listener({ data: message } as MessageEvent<ToWorker>);
    };
    runSyncWorker(scope);
    const channel = new MessageChannel();
    const stopServing = serveBridgeOnPort(host, channel.port1);
    cleanups.push(stopServing);

    send({
      type: 'start',
      port: channel.port2,
      storeKey: store.key,
      settings: { batchSize: 50, intervalSeconds: 3600, overdueAfterHours: 72, overduePending: 500 },
      appVersion: '9.9.9-worker',
      dbName,
    });
    const statuses = () => fromWorker.flatMap((m) => (m.type === 'status' ? [m.status] : []));
    await until(() => statuses().some((s) => s.phase === 'idle'));
    expect(server.heartbeats[0]?.appVersion).toBe('9.9.9-worker');

    // Saved through the page's own connection: the worker hears of the new outbox row.
    const saved = await saveSubmission(store, submission, new Date());
    if (!saved.ok) throw new Error(saved.error.message);
    await until(() => server.stored.has(saved.value.id), 'uploaded by the worker');
    await until(async () => (await readCurrentState(db, { id: saved.value.id })) === 'received');

    const before = server.heartbeats.length;
    send({ type: 'syncNow' });
    await until(() => server.heartbeats.length > before, 'syncNow runs a round');

    send({ type: 'stop' });
    await until(() => fromWorker.some((m) => m.type === 'stopped'));
    const requests = server.requests.length;
    send({ type: 'syncNow' });
    await sleep(200);
    expect(server.requests.length).toBe(requests);
    channel.port2.close();
  });
});

async function until(condition: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for: ${what}`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
