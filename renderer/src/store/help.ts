import { uuidv7 } from 'uuidv7';
import { err, ok, type Result } from '../../../core/contract/result';
import type { HelpRecord, KioskDb } from '../db/db';
import { appendAudit, AUDIT } from './audit';

/**
 * A resident asked for an officer. Kept for the office's own view (which screens make people ask,
 * how often) until the sync engine has handed it to the central API; the counter bell itself is
 * the host's job and does not wait for this.
 */
export async function recordHelpRequest(db: KioskDb, request: { screen: string; serviceId?: string | undefined }, now: Date): Promise<Result<HelpRecord>> {
  const record: HelpRecord = { id: uuidv7(), at: now.toISOString(), screen: screenName(request.screen) };
  if (request.serviceId !== undefined) record.serviceId = request.serviceId.slice(0, 40);
  try {
    await db.transaction('rw', db.help, db.audit, async () => {
      await db.help.add(record);
      await appendAudit(db, { actor: 'resident', action: AUDIT.helpRequested, subject: record.screen }, now);
    });
    return ok(record);
  } catch (error) {
    return err('unavailable', `The help request could not be stored (${error instanceof Error ? error.name : 'Error'})`);
  }
}

/** The contract's screen name: lower case, digits and `.:_-`, at most 64 characters. */
function screenName(screen: string): string {
  const name = screen.toLowerCase().replace(/[^a-z0-9.:_-]/gu, '-').slice(0, 64);
  return name === '' ? 'unknown' : name;
}
