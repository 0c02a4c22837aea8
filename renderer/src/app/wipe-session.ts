import { ok, err, type Result } from '../../../core/contract/result';
import type { KioskDb } from '../db/db';
import { wipeDrafts } from '../store/drafts';

/** Keys that outlive a resident's session: the bridge token is the host's, not personal data. */
const KEEP_SESSION_KEYS = new Set(['tuntun.bridgeToken']);

/**
 * Removes every trace a resident's session may have left in browser storage: Web Storage, and the
 * sealed drafts in IndexedDB (all of them: only one session runs at a time, and a leftover from a
 * crash is nobody's to keep). The answers in React state are dropped by the caller. Submissions
 * already saved are the office's and stay.
 */
export async function wipeSessionTraces(db: KioskDb | undefined): Promise<Result<void>> {
  const problems: string[] = [];
  try {
    localStorage.clear();
    for (const key of Object.keys(sessionStorage)) if (!KEEP_SESSION_KEYS.has(key)) sessionStorage.removeItem(key);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (db !== undefined) {
    try {
      await wipeDrafts(db);
    } catch (error) {
      problems.push(`drafts: ${error instanceof Error ? error.name : 'Error'}`);
    }
  }
  return problems.length === 0 ? ok(undefined) : err('internal', problems.join('; '));
}
