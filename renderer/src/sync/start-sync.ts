import { liveQuery } from 'dexie';
import { readCurrentState } from '../store/state';
import { OfficeConfig } from '../../../core/config/office-config';
import type { Bridge } from '../../../core/contract/bridge';
import { INITIAL_STATUS, type SyncStatus } from '../../../core/sync/status';
import { DB_NAME, type KioskDb, type SubmissionState } from '../db/db';
import { serveBridgeOnPort } from './sync-bridge';
import { createSyncEngine, type SyncEngine, type SyncSettings } from './sync-engine';
import type { FromWorker, ToWorker } from './worker-protocol';

/**
 * What the page holds of sync: the latest status, a way to ask for a round now, and a live view
 * of one submission's state for the done screen. Provided to React through SyncContext.
 */
export type SyncClient = {
  getStatus: () => SyncStatus;
  /** For useSyncExternalStore: called after each new status. */
  subscribe: (listener: () => void) => () => void;
  /**
   * A round as soon as possible, skipping per-item waits. Called on the 'online' event and by the
   * panel's "Kirim sekarang". A newly saved submission needs no call: the engine sees the new
   * outbox row itself (Dexie broadcasts writes between page and worker).
   */
  syncNow: () => void;
  stop: () => Promise<void>;
  /** The state of one submission, now and on every change; returns the unsubscribe function. */
  watchSubmission: (key: { id: string } | { trackingCode: string }, onState: (state: SubmissionState | undefined) => void) => () => void;
};

export type StartSyncOptions = {
  bridge: Bridge;
  /** The page's connection, for watchSubmission (the worker opens its own). */
  db: KioskDb;
  storeKey: CryptoKey;
  dbName?: string;
  /**
   * Makes the worker. By default the real one; where Worker is missing, or the worker fails to
   * load (a CSP or bundling problem), the engine runs on the page instead: slower for the page,
   * but submissions still travel. Tests pass `null` to use the page engine.
   */
  createWorker?: (() => Worker) | null;
};

const DEFAULT_SETTINGS: SyncSettings = OfficeConfig.shape.sync.parse(undefined);

export function startSync(options: StartSyncOptions): SyncClient {
  const { bridge, db } = options;
  const dbName = options.dbName ?? DB_NAME;
  let status: SyncStatus = INITIAL_STATUS;
  const listeners = new Set<() => void>();
  const publish = (next: SyncStatus) => {
    status = next;
    for (const listener of listeners) listener();
  };
  const log = (level: 'info' | 'warn' | 'error', event: string, detail: Record<string, string>) => void bridge.invoke('log.report', { level, event, detail });

  let worker: Worker | undefined;
  let pageEngine: SyncEngine | undefined;
  let stopped = false;
  let stopPort: (() => void) | undefined;
  let settings = DEFAULT_SETTINGS;
  let appVersion = 'unknown';

  const readSettings = async () => {
    const config = await bridge.invoke('config.current', {});
    // An invalid office config keeps the last (or default) settings: sync must not stop for it.
    if (config.ok) settings = config.value.office.sync;
  };

  const runOnPage = (reason: string) => {
    if (stopped || pageEngine !== undefined) return;
    log('warn', 'sync.worker_unavailable', { reason: reason.slice(0, 200) });
    pageEngine = createSyncEngine({
      db,
      storeKey: options.storeKey,
      bridge,
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      random: () => Math.random(),
      settings,
      appVersion,
      publish,
    });
    pageEngine.start();
  };

  const post = (message: ToWorker, transfer: Transferable[] = []) => worker?.postMessage(message, transfer);

  const start = async () => {
    const info = await bridge.invoke('app.info', {});
    if (info.ok) appVersion = info.value.version;
    await readSettings();
    if (stopped) return;
    const make = options.createWorker === undefined ? defaultWorker : options.createWorker;
    if (make === null || typeof Worker === 'undefined') {
      runOnPage('no Worker in this page');
      return;
    }
    try {
      worker = make();
    } catch (error) {
      runOnPage(error instanceof Error ? error.message : String(error));
      return;
    }
    let heard = false;
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      heard = true;
      if (event.data.type === 'status') publish(event.data.status);
    });
    worker.addEventListener('error', (event) => {
      // Before the first status this is a worker that never ran (blocked, failed to load): use the
      // page. After it, the worker's own code failed; the page takes over the same way.
      event.preventDefault();
      worker?.terminate();
      worker = undefined;
      stopPort?.();
      runOnPage(`${heard ? 'worker crashed' : 'worker did not start'}: ${event.message}`);
    });
    const channel = new MessageChannel();
    stopPort = serveBridgeOnPort(bridge, channel.port1);
    post({ type: 'start', port: channel.port2, storeKey: options.storeKey, settings, appVersion, dbName }, [channel.port2]);
  };

  const syncNow = () => {
    if (pageEngine !== undefined) pageEngine.syncNow();
    else post({ type: 'syncNow' });
  };

  const unsubscribeConfig = bridge.on('config.changed', () => {
    void readSettings().then(() => {
      pageEngine?.configure(settings);
      post({ type: 'settings', settings });
    });
  });
  const online = () => syncNow();
  if (typeof addEventListener === 'function') addEventListener('online', online);

  void start().catch((error: unknown) => runOnPage(error instanceof Error ? error.message : String(error)));

  return {
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow,
    async stop() {
      stopped = true;
      unsubscribeConfig();
      if (typeof removeEventListener === 'function') removeEventListener('online', online);
      await pageEngine?.stop();
      if (worker !== undefined) {
        const current = worker;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          current.addEventListener('message', (event: MessageEvent<FromWorker>) => {
            if (event.data.type !== 'stopped') return;
            clearTimeout(timer);
            resolve();
          });
          current.postMessage({ type: 'stop' } satisfies ToWorker);
        });
        current.terminate();
      }
      stopPort?.();
    },
    watchSubmission(key, onState) {
      // The row and its outbox entry together: the server's received removes the one (store/state.ts).
      const subscription = liveQuery(() => readCurrentState(db, key)).subscribe({
        next: onState,
        // A read error leaves the screen as it was ("saved on the kiosk"), which is never wrong.
        error: () => undefined,
      });
      return () => subscription.unsubscribe();
    },
  };
}

function defaultWorker(): Worker {
  // This exact form is what Vite recognises to bundle the worker as its own chunk.
  return new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name: 'tuntun-sync' });
}
