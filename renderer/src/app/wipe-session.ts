import { ok, err, type Result } from '../../../core/contract/result';

/** Keys that outlive a resident's session: the bridge token is the host's, not personal data. */
const KEEP_SESSION_KEYS = new Set(['tuntun.bridgeToken']);

/**
 * Removes every trace a resident's session may have left in browser storage. The session's
 * answers live only in React state (dropped by the caller); this clears what a view or a future
 * feature may have put in Web Storage. Submissions already saved are the office's and stay.
 */
export function wipeSessionTraces(): Result<void> {
  try {
    localStorage.clear();
    for (const key of Object.keys(sessionStorage)) if (!KEEP_SESSION_KEYS.has(key)) sessionStorage.removeItem(key);
    return ok(undefined);
  } catch (error) {
    return err('internal', error instanceof Error ? error.message : String(error));
  }
}
