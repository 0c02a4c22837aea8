import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { AdminOfficer, Officer, OfficerRole } from '../../../core/contract/central-api';
import { badgeCodeOf, badgeIdOf, OFFLINE_KDF, offlinePassword, offlineVerifier } from '../../../core/contract/officer-sign-in';
import type { Queryable } from '../db/database';
import { pinProblem } from './pin-policy';

/**
 * Officers of an office. The server keeps an scrypt hash of each PIN (`scrypt$N$r$p$salt$hash`)
 * to check it online (officer-sign-in.ts) and never hands it out: a kiosk that held it could be
 * stolen and every PIN tried against it offline. For offline sign-in an officer gets a badge, and
 * kiosks get a verifier of PIN + badge together (core/contract/officer-sign-in.ts).
 */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string | Uint8Array, salt: Buffer, options: ScryptOptions & { keyLength?: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, options.keyLength ?? KEY_LENGTH, { N: options.N, r: options.r, p: options.p, maxmem: 128 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPin(pin: string, pinHash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = pinHash.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A PIN that pin-policy.ts refuses; the message says why without repeating it. */
export class WeakPinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeakPinError';
  }
}

export type OfficerInput = { officeCode: string; id: string; name: string; pin: string; role?: OfficerRole; badge?: boolean };
/** `badgeCode` is there only when a badge was issued: shown once, kept nowhere. */
export type SavedOfficer = AdminOfficer & { badgeCode?: string };

/**
 * Adds the officer, or replaces name, role and PIN of the one with this id; either way active,
 * unlocked, with no failures counted. The badge goes with the PIN: the server cannot derive a new
 * offline key without the old badge's secret, which it never kept, so a new PIN without `badge`
 * ends offline sign-in, and with it issues a new badge (the old one stops working).
 */
export async function upsertOfficer(db: Queryable, input: OfficerInput, now: Date): Promise<SavedOfficer> {
  const problem = pinProblem(input.pin);
  if (problem !== null) throw new WeakPinError(problem);
  const pinHash = await hashPin(input.pin);
  let offline: { badgeId: string; salt: string; key: string; code: string } | null = null;
  if (input.badge === true) {
    const secret = randomBytes(16);
    const salt = randomBytes(16);
    const key = await scryptAsync(offlinePassword(secret, input.pin), salt, { N: OFFLINE_KDF.N, r: OFFLINE_KDF.r, p: OFFLINE_KDF.p, keyLength: OFFLINE_KDF.dkLen });
    offline = { badgeId: badgeIdOf(secret), salt: salt.toString('hex'), key: key.toString('hex'), code: badgeCodeOf(secret) };
  }
  const [row] = await db.query<OfficerRow>(
    `INSERT INTO officers (office_code, id, name, pin_hash, role, badge_id, offline_salt, offline_key, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, $9)
     ON CONFLICT (office_code, id) DO UPDATE SET name = EXCLUDED.name, pin_hash = EXCLUDED.pin_hash, role = EXCLUDED.role,
       badge_id = EXCLUDED.badge_id, offline_salt = EXCLUDED.offline_salt, offline_key = EXCLUDED.offline_key, active = true,
       consecutive_failures = 0, next_attempt_at = NULL, locked_at = NULL, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [input.officeCode, input.id, input.name, pinHash, input.role ?? 'officer', offline?.badgeId ?? null, offline?.salt ?? null, offline?.key ?? null, now],
  );
  if (row === undefined) throw new Error('officer upsert returned no row');
  await recordSignInEvent(db, { officeCode: input.officeCode, officerId: input.id, deviceId: null, outcome: 'pin_set', consecutiveFailures: 0 }, now);
  return { ...adminOfficerOf(row), ...(offline === null ? {} : { badgeCode: offline.code }) };
}

/**
 * Marks the officer inactive rather than deleting the row: only an officer still listed with
 * `active: false` (and no offline verifier) tells a kiosk that cached them to refuse them.
 * Null when the office has no officer with this id.
 */
export async function deactivateOfficer(db: Queryable, officeCode: string, id: string, now: Date): Promise<AdminOfficer | null> {
  const [row] = await db.query<OfficerRow>(`UPDATE officers SET active = false, updated_at = $3 WHERE office_code = $1 AND id = $2 RETURNING ${COLUMNS}`, [officeCode, id, now]);
  return row === undefined ? null : adminOfficerOf(row);
}

/** Lifts the lock and the delay after wrong PINs (IT's `officer-unlock`). Null for an unknown officer. */
export async function unlockOfficer(db: Queryable, officeCode: string, id: string, now: Date): Promise<AdminOfficer | null> {
  const [row] = await db.query<OfficerRow>(
    `UPDATE officers SET consecutive_failures = 0, next_attempt_at = NULL, locked_at = NULL, updated_at = $3 WHERE office_code = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [officeCode, id, now],
  );
  if (row === undefined) return null;
  await recordSignInEvent(db, { officeCode, officerId: id, deviceId: null, outcome: 'unlocked', consecutiveFailures: 0 }, now);
  return adminOfficerOf(row);
}

/**
 * The office's officers as `deviceId` may see them: never the PIN hash; for an active, unlocked
 * officer with a badge, a PIN + badge verifier made for this kiosk alone.
 */
export async function listOfficers(db: Queryable, officeCode: string, deviceId: string): Promise<Officer[]> {
  const rows = await db.query<OfficerRow>(`SELECT ${COLUMNS} FROM officers WHERE office_code = $1 ORDER BY id`, [officeCode]);
  return rows.map((row) => {
    const officer: Officer = { id: row.id, name: row.name, role: row.role, active: row.active, locked: row.locked_at !== null };
    if (!row.active || row.locked_at !== null || row.badge_id === null || row.offline_salt === null || row.offline_key === null) return officer;
    const verifier = offlineVerifier(Buffer.from(row.offline_key, 'hex'), { officeCode, officerId: row.id, deviceId });
    return { ...officer, offline: { badgeId: row.badge_id, kdf: { name: OFFLINE_KDF.name, N: OFFLINE_KDF.N, r: OFFLINE_KDF.r, p: OFFLINE_KDF.p, salt: row.offline_salt }, verifier } };
  });
}

export type SignInEvent = {
  officeCode: string;
  officerId: string;
  deviceId: string | null;
  outcome: 'accepted' | 'refused' | 'wait' | 'locked' | 'inactive' | 'pin_set' | 'unlocked';
  consecutiveFailures: number;
};

export async function recordSignInEvent(db: Queryable, event: SignInEvent, now: Date): Promise<void> {
  await db.query('INSERT INTO officer_sign_in_events (office_code, officer_id, device_id, outcome, consecutive_failures, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    event.officeCode,
    event.officerId,
    event.deviceId,
    event.outcome,
    event.consecutiveFailures,
    now,
  ]);
}

export const COLUMNS = 'office_code, id, name, role, pin_hash, active, consecutive_failures, next_attempt_at, locked_at, badge_id, offline_salt, offline_key';

export type OfficerRow = {
  office_code: string;
  id: string;
  name: string;
  role: OfficerRole;
  pin_hash: string;
  active: boolean;
  consecutive_failures: number;
  next_attempt_at: Date | null;
  locked_at: Date | null;
  badge_id: string | null;
  offline_salt: string | null;
  offline_key: string | null;
};

export function adminOfficerOf(row: OfficerRow): AdminOfficer {
  return {
    officeCode: row.office_code,
    id: row.id,
    name: row.name,
    role: row.role,
    active: row.active,
    locked: row.locked_at !== null,
    consecutiveFailures: row.consecutive_failures,
    hasBadge: row.badge_id !== null,
  };
}

export type OfficerStanding = 'active' | 'inactive' | 'unknown';

/**
 * Whether the officer may act for the office, read inside the caller's transaction with a share
 * lock: a deactivation of this officer then waits until the caller commits, so nothing the caller
 * writes in their name can land after the deactivation did.
 */
export async function officerStanding(tx: Queryable, officeCode: string, id: string): Promise<OfficerStanding> {
  const [row] = await tx.query<{ active: boolean }>('SELECT active FROM officers WHERE office_code = $1 AND id = $2 FOR SHARE', [officeCode, id]);
  if (row === undefined) return 'unknown';
  return row.active ? 'active' : 'inactive';
}
