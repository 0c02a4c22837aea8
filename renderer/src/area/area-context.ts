import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AreaState, AreaStore } from './area-store';

/**
 * Gives views the app's one area store. The app shell wraps its tree once:
 * `<AreaStoreContext value={areas}>…</AreaStoreContext>` with `areas` from `startAreaData(db)`.
 */
export const AreaStoreContext = createContext<AreaStore | null>(null);

const NOT_PROVIDED: AreaState = {
  kind: 'failed',
  failure: { code: 'internal', message: 'no AreaStoreContext around this view: see renderer/src/area/README.md' },
};
const notProvided: AreaStore = { getState: () => NOT_PROVIDED, subscribe: () => () => undefined, start: () => undefined, dispose: () => undefined };

/** The current area state; re-renders on progress and when the index is ready. */
export function useAreaState(): AreaState {
  const store = useContext(AreaStoreContext) ?? notProvided;
  return useSyncExternalStore(store.subscribe, store.getState);
}
