import type { VerifyPinResponse } from '../../../core/contract/central-api';
import type { Database } from '../db/database';
import { COLUMNS, recordSignInEvent, verifyPin, type OfficerRow } from './officers';

/**
 * Online PIN sign-in: the server checks the PIN, so no kiosk needs anything to check it with.
 * Failures are counted per officer in the database (across the office's kiosks, surviving any
 * restart): from the 3rd wrong PIN in a row no PIN is checked for a growing while, and the 10th
 * disables the officer's sign-in until IT lifts it. So a stolen kiosk's secret buys at most 10
 * guesses per officer (about 1 in 90,000 against a PIN pin-policy.ts lets through), not 10^6.
 */
export const DELAY_FROM_FAILURE = 3;
export const LOCK_AT_FAILURE = 10;
const FIRST_DELAY_SECONDS = 30;
const MAX_DELAY_SECONDS = 15 * 60;

/** Seconds before the next PIN is checked, after `failures` wrong ones in a row: 0, 0, 30, 60 … 900. */
export function delayAfter(failures: number): number {
  if (failures < DELAY_FROM_FAILURE) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - DELAY_FROM_FAILURE), MAX_DELAY_SECONDS);
}

export type PinAttempt = { officeCode: string; officerId: string; deviceId: string; pin: string };

/**
 * Checks the PIN of an officer of `officeCode` (the asking device's own office: an officer of
 * another office is simply not found). Null when there is no such officer. One transaction with
 * the officer's row locked, so parallel guesses are counted one after another and none slips
 * through between a failure and its delay. Every outcome is recorded, never the PIN.
 */
export async function checkOfficerPin(db: Database, attempt: PinAttempt, now: Date): Promise<VerifyPinResponse | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<OfficerRow>(`SELECT ${COLUMNS} FROM officers WHERE office_code = $1 AND id = $2 FOR UPDATE`, [attempt.officeCode, attempt.officerId]);
    if (row === undefined) return null;
    const record = (outcome: 'accepted' | 'refused' | 'wait' | 'locked' | 'inactive', consecutiveFailures: number) =>
      recordSignInEvent(tx, { officeCode: attempt.officeCode, officerId: attempt.officerId, deviceId: attempt.deviceId, outcome, consecutiveFailures }, now);

    // None of these checks the PIN: a withdrawn or locked officer, or a guess inside the delay,
    // learns the guesser nothing.
    if (!row.active) {
      await record('inactive', row.consecutive_failures);
      return { outcome: 'inactive' };
    }
    if (row.locked_at !== null) {
      await record('locked', row.consecutive_failures);
      return { outcome: 'locked' };
    }
    if (row.next_attempt_at !== null && row.next_attempt_at.getTime() > now.getTime()) {
      await record('wait', row.consecutive_failures);
      return { outcome: 'wait', retryAfterSeconds: Math.ceil((row.next_attempt_at.getTime() - now.getTime()) / 1000) };
    }

    if (await verifyPin(attempt.pin, row.pin_hash)) {
      await tx.query('UPDATE officers SET consecutive_failures = 0, next_attempt_at = NULL WHERE office_code = $1 AND id = $2', [attempt.officeCode, attempt.officerId]);
      await record('accepted', 0);
      return { outcome: 'accepted', officer: { id: row.id, name: row.name, role: row.role } };
    }
    const failures = row.consecutive_failures + 1;
    const locked = failures >= LOCK_AT_FAILURE;
    const delay = locked ? 0 : delayAfter(failures);
    await tx.query('UPDATE officers SET consecutive_failures = $3, next_attempt_at = $4, locked_at = $5 WHERE office_code = $1 AND id = $2', [
      attempt.officeCode,
      attempt.officerId,
      failures,
      delay === 0 ? null : new Date(now.getTime() + delay * 1000),
      locked ? now : null,
    ]);
    await record('refused', failures);
    return { outcome: 'refused', consecutiveFailures: failures, retryAfterSeconds: delay, locked };
  });
}
