import { useEffect, useMemo, useState } from 'react';
import type { ConfigSnapshot } from '../../../core/contract/bridge';
import { servicesInUse, type ServicesInUse, type StoredCatalogue } from '../../../core/sync/services-in-use';
import type { BridgeConnection } from '../bridge/web-socket-bridge';
import type { KioskDb } from '../db/db';
import { catalogueProblemReporter, watchStoredCatalogue } from '../sync/stored-catalogue';

/**
 * The services the home screen offers, kept live: the stored catalogue when it is this office's
 * and readable, else the host's. A catalogue the sync worker stores later shows on the next render
 * of the home screen; a resident already in a flow keeps the definition the App pinned when they
 * chose it. Undefined until the host config is here.
 *
 * Until IndexedDB has answered (a few milliseconds after the store opens, while the attract
 * screen shows) the host's services stand in.
 */
export function useServicesInUse(bridge: BridgeConnection, db: KioskDb | undefined, host: ConfigSnapshot | undefined): ServicesInUse | undefined {
  const [stored, setStored] = useState<StoredCatalogue>({ kind: 'none' });
  useEffect(() => {
    if (db === undefined) return undefined;
    return watchStoredCatalogue(db, setStored);
  }, [db]);

  const inUse = useMemo(() => (host === undefined ? undefined : servicesInUse(host, stored)), [host, stored]);

  const report = useMemo(
    () => catalogueProblemReporter((level, event, detail) => void bridge.invoke('log.report', { level, event, detail })),
    [bridge],
  );
  useEffect(() => {
    if (inUse !== undefined) report(inUse.problems);
  }, [inUse, report]);

  return inUse;
}
