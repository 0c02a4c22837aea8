import { counts, url, version } from 'virtual:area-data';
import type { KioskDb } from '../db/db';
import { createAreaStore, type AreaStore, type AreaStoreOptions } from './area-store';
import type { AreaSource } from './load-areas';

/** The asset this build ships (see scripts/area-data/area-data-plugin.ts). */
export const AREA_SOURCE: AreaSource = { url, version, counts };

/**
 * Called once by the app shell at start: loads the areas on the first start (or after a data
 * update) and builds the search index; the returned store goes into `AreaStoreContext`.
 */
export function startAreaData(db: KioskDb, options?: AreaStoreOptions): AreaStore {
  const store = createAreaStore(db, AREA_SOURCE, options);
  store.start();
  return store;
}
