import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeConnection, ConnectionStatus } from '../bridge/web-socket-bridge';
import { openKioskDb, type KioskDb } from '../db/db';
import { createMemoryHost } from './memory-host.fixture';
import { openStore, STORE_RETRY_MS, type StoreState } from './open-store';
import { seal } from './seal';

/** The memory host behind a connection whose status the test controls, as the WebSocket bridge's. */
function connection(initial: ConnectionStatus) {
  const host = createMemoryHost();
  let status = initial;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  const bridge: BridgeConnection = {
    ...host,
    invoke: (name, input) => (status === 'open' ? host.invoke(name, input) : Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'closed' } })),
    status: () => status,
    onStatus: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    close: () => undefined,
  };
  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of listeners) listener(next);
  };
  return { host, bridge, setStatus };
}

const dbs: KioskDb[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const db of dbs.splice(0)) db.close();
});
function freshDb() {
  const db = openKioskDb(`open-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
async function until(states: StoreState[], kind: StoreState['kind']) {
  for (let i = 0; i < 100 && states.at(-1)?.kind !== kind; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(states.at(-1)?.kind).toBe(kind);
}

describe('openStore', () => {
  it('waits for the bridge, then hands over a working store with the drafts of any earlier session deleted', async () => {
    const { bridge, setStatus } = connection('connecting');
    const db = freshDb();
    await db.drafts.put({ sessionId: 'before-restart', serviceId: 'sktm', updatedAt: '2026-11-22T03:00:00.000Z', sealed: { iv: 'a', data: 'b' } });
    const states: StoreState[] = [];
    openStore(bridge, db, { state: (s) => states.push(s), problem: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(states).toEqual([]);
    setStatus('open');
    await until(states, 'ready');
    expect(await db.drafts.count()).toBe(0);
    const ready = states.at(-1);
    if (ready?.kind !== 'ready') throw new Error('not ready');
    await expect(seal(ready.store.key, { a: 1 })).resolves.toMatchObject({ iv: expect.any(String) });
  });

  it('is out of service while the host refuses the key, and recovers by itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { bridge, host } = connection('open');
    host.failNext('store.key', { code: 'internal', message: 'key file unreadable' });
    const states: StoreState[] = [];
    const problems: string[] = [];
    openStore(bridge, freshDb(), { state: (s) => states.push(s), problem: (event) => problems.push(event) });
    await vi.advanceTimersByTimeAsync(10);
    expect(states).toEqual([{ kind: 'unavailable', reason: 'internal' }]);
    expect(problems).toEqual(['store.key_failed']);
    await vi.advanceTimersByTimeAsync(STORE_RETRY_MS + 10);
    vi.useRealTimers();
    await until(states, 'ready');
  });
});
