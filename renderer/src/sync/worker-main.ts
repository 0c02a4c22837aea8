import { missingCase } from '../../../core/contract/result';
import { openKioskDb, type KioskDb } from '../db/db';
import { bridgeOverPort } from './sync-bridge';
import { createSyncEngine, type SyncEngine } from './sync-engine';
import type { WorkerScope } from './worker-protocol';

/**
 * The sync worker's body, apart from its entry file so tests can drive it with a MessageChannel.
 * It opens its own connection to the same IndexedDB database as the page; Dexie tells each side
 * about the other's writes, so the page's "saved" and the worker's "received" meet.
 */
export function runSyncWorker(scope: WorkerScope, openDb: (name: string) => KioskDb = openKioskDb): void {
  let engine: SyncEngine | undefined;
  let db: KioskDb | undefined;
  scope.addEventListener('message', (event) => {
    const message = event.data;
    switch (message.type) {
      case 'start': {
        if (engine !== undefined) return;
        db = openDb(message.dbName);
        engine = createSyncEngine({
          db,
          storeKey: message.storeKey,
          bridge: bridgeOverPort(message.port),
          fetch: globalThis.fetch.bind(globalThis),
          now: () => Date.now(),
          random: () => Math.random(),
          settings: message.settings,
          appVersion: message.appVersion,
          publish: (status) => scope.postMessage({ type: 'status', status }),
        });
        engine.start();
        return;
      }
      case 'syncNow':
        engine?.syncNow();
        return;
      case 'settings':
        engine?.configure(message.settings);
        return;
      case 'stop': {
        const stopping = engine;
        engine = undefined;
        void (stopping?.stop() ?? Promise.resolve()).then(() => {
          db?.close();
          scope.postMessage({ type: 'stopped' });
        });
        return;
      }
      default:
        missingCase(message);
    }
  });
}
