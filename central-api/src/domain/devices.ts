import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../../core/contract/request-signing';
import { LOCK_SPACE, type Database, type Queryable } from '../db/database';

/**
 * Devices and how they get there: IT issues a one-time enrolment token for an office; a kiosk
 * trades it for a device id and a secret. Only the token's hash is stored, and claiming it is one
 * conditional UPDATE, so two kiosks racing with one token cannot both win.
 */
export type DeviceRecord = { id: string; officeCode: string; secret: string };

export type IssuedToken = { token: string; expiresAt: Date };

export const ENROLMENT_TOKEN_PREFIX = 'enrol_';

export async function issueEnrolmentToken(db: Queryable, officeCode: string, expiresInMinutes: number, now: Date): Promise<IssuedToken> {
  // Base64url can start with "-", which a command line takes for an option (`--token -Xa…` fails
  // one time in 64); the prefix also tells IT at a glance what kind of secret it is.
  const token = `${ENROLMENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + expiresInMinutes * 60_000);
  await db.query('INSERT INTO enrolment_tokens (token_hash, office_code, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256Hex(token),
    officeCode,
    now,
    expiresAt,
  ]);
  return { token, expiresAt };
}

export type EnrolInput = { token: string; name: string; appVersion: string };
export type EnrolOutcome =
  | { ok: true; deviceId: string; secret: string; officeCode: string; kioskNumber: number }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export async function enrolDevice(db: Database, input: EnrolInput, now: Date): Promise<EnrolOutcome> {
  const tokenHash = sha256Hex(input.token);
  return db.transaction(async (tx): Promise<EnrolOutcome> => {
    const claimed = await tx.query<{ office_code: string }>(
      'UPDATE enrolment_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING office_code',
      [tokenHash, now],
    );
    const officeCode = claimed[0]?.office_code;
    if (officeCode === undefined) {
      const [token] = await tx.query<{ used_at: Date | null }>('SELECT used_at FROM enrolment_tokens WHERE token_hash = $1', [tokenHash]);
      return { ok: false, reason: token === undefined ? 'unknown' : token.used_at === null ? 'expired' : 'used' };
    }
    const deviceId = `dev_${randomBytes(16).toString('base64url')}`;
    const secret = randomBytes(32).toString('base64url');
    // The kiosk's number in its office (the K2 of its offline queue numbers A-K2-005): the next
    // free one, taken by one enrolment of the office at a time so two cannot get the same.
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE.officeKioskNumbers, officeCode]);
    const [device] = await tx.query<{ kiosk_number: number }>(
      `INSERT INTO devices (id, office_code, name, secret, app_version, enrolled_at, kiosk_number)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(kiosk_number), 0) + 1 FROM devices WHERE office_code = $2))
       RETURNING kiosk_number`,
      [deviceId, officeCode, input.name, secret, input.appVersion, now],
    );
    if (device === undefined) throw new Error('INSERT … RETURNING returned no row');
    await tx.query('UPDATE enrolment_tokens SET device_id = $2 WHERE token_hash = $1', [tokenHash, deviceId]);
    return { ok: true, deviceId, secret, officeCode, kioskNumber: device.kiosk_number };
  });
}

/** Every enrolled device's id: how the sign-in backoff tells a kiosk from a made-up id without a lookup each. */
export async function listDeviceIds(db: Queryable): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM devices')).map((row) => row.id);
}

export async function findDevice(db: Queryable, id: string): Promise<DeviceRecord | null> {
  const [row] = await db.query<{ id: string; office_code: string; secret: string }>('SELECT id, office_code, secret FROM devices WHERE id = $1', [id]);
  return row === undefined ? null : { id: row.id, officeCode: row.office_code, secret: row.secret };
}

/**
 * Records a nonce; false when this device used it before. The primary key makes the check and the
 * write one step, so two copies of a request arriving together cannot both pass.
 */
export async function claimNonce(db: Queryable, deviceId: string, nonce: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.query('INSERT INTO nonces (device_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce', [deviceId, nonce, expiresAt]);
  return rows.length === 1;
}

export async function pruneNonces(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM nonces WHERE expires_at < $1', [now]);
}

export async function saveHeartbeat(db: Queryable, deviceId: string, report: unknown, appVersion: string, now: Date): Promise<void> {
  await db.query('UPDATE devices SET last_heartbeat = $2::jsonb, last_heartbeat_at = $3, last_seen_at = $3, app_version = $4 WHERE id = $1', [
    deviceId,
    JSON.stringify(report),
    now,
    appVersion,
  ]);
}
