import type { Failure } from '../../../core/contract/result';
import type { KioskDb } from '../db/db';
import { buildAreaIndex, type AreaIndex } from './area-search';
import type { AreaRows } from './area-asset';
import { fetchAreaRows, loadAreas, readAreaRows, type AreaSource, type LoadAreasOptions } from './load-areas';

/**
 * The areas as the running app sees them: loading (with progress), ready (with the search index),
 * or failed (and trying again by itself, so the kiosk recovers without a technician).
 * Created once at start, outside React; views read it through `useAreaState()` (area-context.ts).
 */
export type AreaState =
  | { kind: 'loading'; /** 0..1 */ progress: number }
  | { kind: 'ready'; index: AreaIndex }
  | { kind: 'failed'; failure: Failure };

export type AreaStore = {
  getState: () => AreaState;
  /** For `useSyncExternalStore`: the listener runs after every state change. */
  subscribe: (listener: () => void) => () => void;
  /** Starts loading unless loading or ready already; after a failure, tries again at once. */
  start: () => void;
  /** Stops the retry timer (tests, or an app shell being torn down). */
  dispose: () => void;
};

export type AreaStoreOptions = Omit<LoadAreasOptions, 'onProgress'> & {
  /** Wait before trying again after a failure. */
  retryAfterMs?: number;
  /** Told about every failure, for the log (never personal data: these are file and table errors). */
  onFailure?: (failure: Failure) => void;
};

/** Share of the progress bar for storing the rows; the rest is building the index. */
const LOAD_SHARE = 0.9;
export const DEFAULT_RETRY_MS = 15_000;

export function createAreaStore(db: KioskDb, source: AreaSource, options: AreaStoreOptions = {}): AreaStore {
  let state: AreaState = { kind: 'loading', progress: 0 };
  let running = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const set = (next: AreaState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const progress = (fraction: number) => set({ kind: 'loading', progress: Math.min(1, Math.max(0, fraction)) });
  const fail = (failure: Failure) => {
    set({ kind: 'failed', failure });
    options.onFailure?.(failure);
    retryTimer = setTimeout(start, options.retryAfterMs ?? DEFAULT_RETRY_MS);
  };

  async function run() {
    const loaded = await loadAreas(db, source, { ...options, onProgress: (fraction) => progress(fraction * LOAD_SHARE) });
    if (!loaded.ok) return fail(loaded.error);
    progress(LOAD_SHARE);
    let rows: AreaRows;
    if (loaded.value.kind === 'loaded') rows = loaded.value.rows;
    else {
      // A later start: the tables hold this version. The asset gives the same rows ten times
      // faster than reading them back; the tables are the fallback if it cannot be fetched.
      const fetched = await fetchAreaRows(source, options.fetchJson);
      if (fetched.ok) rows = fetched.value;
      else {
        try {
          rows = await readAreaRows(db);
        } catch (error) {
          return fail({ code: 'internal', message: `area tables cannot be read: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
    // Building the index holds the main thread for a few hundred milliseconds: let the bar paint first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    set({ kind: 'ready', index: buildAreaIndex(rows) });
  }

  function start() {
    if (running || state.kind === 'ready') return;
    clearTimeout(retryTimer);
    running = true;
    progress(0);
    void run()
      .catch((error: unknown) => fail({ code: 'internal', message: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = false;
      });
  }

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start,
    dispose: () => clearTimeout(retryTimer),
  };
}
