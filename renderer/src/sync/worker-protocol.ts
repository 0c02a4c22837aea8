import type { SyncStatus } from '../../../core/sync/status';
import type { SyncSettings } from './sync-engine';

/**
 * Messages between the page and the sync worker. The page sends the store key (a non-extractable
 * CryptoKey: structured clone copies the handle, never the key bytes) and one end of a
 * MessageChannel on which it answers the worker's few bridge calls (sync-bridge.ts).
 */
export type ToWorker =
  | { type: 'start'; port: MessagePort; storeKey: CryptoKey; settings: SyncSettings; appVersion: string; dbName: string }
  | { type: 'syncNow' }
  | { type: 'settings'; settings: SyncSettings }
  | { type: 'stop' };

export type FromWorker = { type: 'status'; status: SyncStatus } | { type: 'stopped' };

/** The part of DedicatedWorkerGlobalScope the worker uses (the renderer is typed with DOM, not WebWorker). */
export type WorkerScope = {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};
