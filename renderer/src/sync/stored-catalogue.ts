import { liveQuery } from 'dexie';
import { z } from 'zod';
import { SignedCatalogue, type Catalogue } from '../../../core/contract/central-api';
import type { CatalogueUseProblem, StoredCatalogue } from '../../../core/sync/services-in-use';
import type { KioskDb } from '../db/db';

/**
 * The stored catalogue (Dexie `catalogue`, key 'current'), read back as something the kiosk can
 * use. The engine checked the signature before it wrote the row, but what comes back from
 * IndexedDB is parsed again before a resident sees any of it: the disk can be damaged, and a
 * kiosk updated to a stricter schema must not run a flow the new engine does not understand.
 * The signature is not checked again: a hand that can write this origin's IndexedDB can also run
 * its own code in the page, so a second check would add nothing.
 */
const CatalogueRow = z.object({
  key: z.literal('current'),
  version: z.string(),
  etag: z.string(),
  signed: SignedCatalogue,
  verifiedAt: z.string(),
});

type Row = z.infer<typeof CatalogueRow>;

function parseRow(row: unknown): { ok: true; row: Row } | { ok: false; detail: string } {
  const parsed = CatalogueRow.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, detail: issue === undefined ? 'unknown' : `${issue.path.map(String).join('.')}: ${issue.message}`.slice(0, 200) };
  }
  const { version, signed } = parsed.data;
  // The version names the content the ETag and the panel speak of; a row whose two disagree was not written by the engine.
  if (version !== signed.catalogue.version) return { ok: false, detail: `row version ${version.slice(0, 12)} is not the catalogue's ${signed.catalogue.version.slice(0, 12)}` };
  return { ok: true, row: parsed.data };
}

/** `row` as Dexie returned it (undefined: no row). */
export function readStoredCatalogue(row: unknown): StoredCatalogue {
  if (row === undefined) return { kind: 'none' };
  const parsed = parseRow(row);
  return parsed.ok ? { kind: 'catalogue', catalogue: parsed.row.signed.catalogue } : { kind: 'unreadable', detail: parsed.detail };
}

/**
 * For the sync engine (sync-meta.ts catalogueInUse): the stored catalogue, or null when there is
 * none or it cannot be read. Null makes the engine ask without If-None-Match, so a damaged row is
 * replaced by a fresh copy instead of being confirmed by a 304 for as long as the server's
 * catalogue stays the same.
 */
export function readableCatalogue(row: unknown): { catalogue: Catalogue; etag: string; verifiedAt: string } | null {
  if (row === undefined) return null;
  const parsed = parseRow(row);
  return parsed.ok ? { catalogue: parsed.row.signed.catalogue, etag: parsed.row.etag, verifiedAt: parsed.row.verifiedAt } : null;
}

/**
 * Calls `onStored` with the stored catalogue now and after every change. Dexie's liveQuery also
 * sees the sync worker's writes, so a catalogue taken in the background reaches the screen.
 */
export function watchStoredCatalogue(db: KioskDb, onStored: (stored: StoredCatalogue) => void): () => void {
  const subscription = liveQuery(() => db.catalogue.get('current')).subscribe({
    next: (row) => onStored(readStoredCatalogue(row)),
    // Unreadable is safe: the kiosk's own services are offered, and the reason is logged.
    error: (error: unknown) => onStored({ kind: 'unreadable', detail: `read failed (${error instanceof Error ? error.name : 'Error'})` }),
  });
  return () => subscription.unsubscribe();
}

export type CatalogueLog = (level: 'warn' | 'error', event: CatalogueUseProblem['event'], detail: Record<string, string>) => void;

/**
 * Each distinct problem goes to the log once per page life, not on every render or every
 * liveQuery tick: a kiosk on its local config for a week would otherwise fill the log.
 */
export function catalogueProblemReporter(log: CatalogueLog): (problems: readonly CatalogueUseProblem[]) => void {
  const said = new Set<string>();
  return (problems) => {
    for (const problem of problems) {
      const id = `${problem.event}\u0000${JSON.stringify(problem.detail)}`;
      if (said.has(id)) continue;
      said.add(id);
      // A service the kiosk cannot run is one tile off; the others mean the whole catalogue is not used.
      log(problem.event === 'catalogue.service_unusable' ? 'warn' : 'error', problem.event, problem.detail);
    }
  };
}
