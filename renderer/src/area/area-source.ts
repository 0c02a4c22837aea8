import { counts, url, version } from 'virtual:area-data';
import type { KioskDb } from '../db/db';
import { createAreaStore, type AreaStore, type AreaStoreOptions } from './area-store';
import type { AreaSource } from './load-areas';

/** The asset this build ships (see scripts/area-data/area-data-plugin.ts). */
export const AREA_SOURCE: AreaSource = { url, version, counts };

/**
 * Called once by the app shell at start: loads the areas on the first start (or after a data
 * update) and builds the search index; the returned store goes into `AreaStoreContext`.
 * The work waits until the first screen is painted and the page is idle (at most 2 s): fetching
 * and parsing 1.7 MB of areas before that would delay the attract screen of a fresh kiosk.
 */
export function startAreaData(db: KioskDb, options?: AreaStoreOptions): AreaStore {
  const store = createAreaStore(db, AREA_SOURCE, options);
  requestIdleCallback(() => store.start(), { timeout: 2_000 });
  return store;
}
