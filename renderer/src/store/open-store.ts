import type { BridgeConnection } from '../bridge/web-socket-bridge';
import type { KioskDb } from '../db/db';
import { wipeDrafts } from './drafts';
import type { KioskStore } from './kiosk-store';
import { importStoreKey } from './seal';

/**
 * `unavailable`: the host is connected but could not hand over the store key, so nothing personal
 * could be kept safely; the kiosk is out of service until it can (retried by itself).
 */
export type StoreState = { kind: 'opening' } | { kind: 'ready'; store: KioskStore } | { kind: 'unavailable'; reason: string };

export const STORE_RETRY_MS = 5000;

/**
 * Asks the host for the store key once the bridge is open, and makes the KioskStore. Every draft
 * left from before is deleted first (a restart ends the session). Only the key is waited for:
 * sealing v1 rows, reconcile and purge run afterwards without holding up the first resident.
 * Returns a function that stops the retries.
 */
export function openStore(
  bridge: BridgeConnection,
  db: KioskDb,
  on: { state: (state: StoreState) => void; problem: (event: string, reason: string) => void },
): () => void {
  let stopped = false;
  let busy = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const attempt = async () => {
    if (stopped || busy || bridge.status() !== 'open') return;
    busy = true;
    const answer = await bridge.invoke('store.key', {});
    busy = false;
    if (stopped) return;
    if (!answer.ok) {
      // The connection dropped: the host screen says so already; try again when it reopens.
      if (bridge.status() !== 'open') return;
      on.problem('store.key_failed', `${answer.error.code}: ${answer.error.message}`);
      on.state({ kind: 'unavailable', reason: answer.error.code });
      retry = setTimeout(() => void attempt(), STORE_RETRY_MS);
      return;
    }
    let key: CryptoKey;
    try {
      key = await importStoreKey(answer.value.key);
    } catch (error) {
      on.problem('store.key_invalid', error instanceof Error ? error.name : 'Error');
      on.state({ kind: 'unavailable', reason: 'key_invalid' });
      retry = setTimeout(() => void attempt(), STORE_RETRY_MS);
      return;
    }
    try {
      await wipeDrafts(db);
    } catch (error) {
      on.problem('store.drafts_wipe_failed', error instanceof Error ? error.name : 'Error');
    }
    if (stopped) return;
    stopped = true;
    unsubscribe();
    on.state({ kind: 'ready', store: { db, key, bridge } });
  };

  const unsubscribe = bridge.onStatus((status) => {
    if (status === 'open') void attempt();
  });
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(retry);
    unsubscribe();
  };
}
