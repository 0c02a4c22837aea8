import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { SyncStatus } from '../../../core/sync/status';
import type { SubmissionState } from '../db/db';
import type { SyncClient } from './start-sync';

/**
 * The sync client for the screens, provided once in main.tsx. Without a provider (unit tests,
 * before the store key arrives) the hooks answer "nothing known" and the views show what they
 * were given.
 */
export const SyncContext = createContext<SyncClient | null>(null);

const noStatus = () => () => undefined;

export function useSyncStatus(): SyncStatus | null {
  const client = useContext(SyncContext);
  const snapshot = () => client?.getStatus() ?? null;
  // The kiosk never renders on a server; the same snapshot serves markup tests.
  return useSyncExternalStore(client?.subscribe ?? noStatus, snapshot, snapshot);
}

/** "Kirim sekarang"; a no-op without sync. */
export function useSyncNow(): () => void {
  const client = useContext(SyncContext);
  return client?.syncNow ?? noop;
}

/**
 * The live state of one submission (by id when known, else by its tracking code); undefined
 * until the first read, or without sync.
 */
export function useSubmissionState(key: { id?: string | undefined; trackingCode: string }): SubmissionState | undefined {
  const client = useContext(SyncContext);
  const [state, setState] = useState<SubmissionState | undefined>(undefined);
  const { id, trackingCode } = key;
  useEffect(() => {
    if (client === null || (id === undefined && trackingCode === '')) return undefined;
    return client.watchSubmission(id === undefined ? { trackingCode } : { id }, setState);
  }, [client, id, trackingCode]);
  return state;
}

/** The clock, ticking every `everyMs`: "5 menit lalu" must not freeze while the panel is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function noop(): void {
  // Nothing to trigger without a sync client.
}
