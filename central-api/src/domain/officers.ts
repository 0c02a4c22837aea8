import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Queryable } from '../db/database';

/**
 * Officers of an office, for the kiosk's offline PIN login. The server keeps and hands out only
 * scrypt hashes: `scrypt$N$r$p$salt$hash`, salt and hash base64url, so a kiosk can check a PIN
 * without the network and without ever holding the PIN.
 */
export type Officer = { id: string; name: string; pinHash: string; active: boolean };

const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The check a kiosk does offline; here for tests and for IT tools. */
export async function verifyPin(pin: string, pinHash: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = pinHash.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export type OfficerInput = { officeCode: string; id: string; name: string; pin: string };

/** Adds the officer, or replaces name and PIN of the one with this id (and makes it active). */
export async function upsertOfficer(db: Queryable, input: OfficerInput, now: Date): Promise<Officer> {
  const pinHash = await hashPin(input.pin);
  await db.query(
    `INSERT INTO officers (office_code, id, name, pin_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, $5)
     ON CONFLICT (office_code, id) DO UPDATE SET name = EXCLUDED.name, pin_hash = EXCLUDED.pin_hash, active = true, updated_at = EXCLUDED.updated_at`,
    [input.officeCode, input.id, input.name, pinHash, now],
  );
  return { id: input.id, name: input.name, pinHash, active: true };
}

/**
 * Marks the officer inactive rather than deleting the row: kiosks keep officers' PIN hashes for
 * offline login, and only an officer still listed with `active: false` tells a kiosk that cached
 * them to stop accepting that PIN. Null when the office has no officer with this id.
 */
export async function deactivateOfficer(db: Queryable, officeCode: string, id: string, now: Date): Promise<Officer | null> {
  const [row] = await db.query<OfficerRow>(
    'UPDATE officers SET active = false, updated_at = $3 WHERE office_code = $1 AND id = $2 RETURNING id, name, pin_hash, active',
    [officeCode, id, now],
  );
  return row === undefined ? null : officerOf(row);
}

export async function listOfficers(db: Queryable, officeCode: string): Promise<Officer[]> {
  const rows = await db.query<OfficerRow>('SELECT id, name, pin_hash, active FROM officers WHERE office_code = $1 ORDER BY id', [officeCode]);
  return rows.map(officerOf);
}

type OfficerRow = { id: string; name: string; pin_hash: string; active: boolean };

function officerOf(row: OfficerRow): Officer {
  return { id: row.id, name: row.name, pinHash: row.pin_hash, active: row.active };
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
