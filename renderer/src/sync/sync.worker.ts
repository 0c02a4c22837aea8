/**
 * Entry of the sync Web Worker (bundled by Vite from `new Worker(new URL('./sync.worker.ts', …))`
 * in start-sync.ts). Uploads, status pulls and signature checks run here, off the page's thread,
 * so a resident's taps never wait for them.
 */
import { runSyncWorker } from './worker-main';

// Typed as Window by the renderer's DOM lib; its postMessage and addEventListener are the worker's here.
runSyncWorker(self);
