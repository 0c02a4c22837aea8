import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import type { Queryable } from '../db/database';

/**
 * The Ed25519 key that signs catalogues. Made on first start and kept in the database: kiosks
 * learn the public half at enrolment and refuse catalogues signed by anything else, so a restart
 * (or a second server on the same PostgreSQL) must sign with the same key.
 */
export type ServerKey = {
  /** base64url of the 32 raw public key bytes, as in EnrolResponse.serverPublicKey. */
  publicKey: string;
  /** Ed25519 signature (base64url) over the UTF-8 bytes of `text`. */
  sign: (text: string) => string;
};

const PURPOSE = 'catalogue-ed25519';

export async function loadServerKey(db: Queryable, now: Date): Promise<ServerKey> {
  const pair = generateKeyPairSync('ed25519');
  const candidate = {
    pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: String(pair.publicKey.export({ format: 'jwk' }).x),
  };
  // Two servers starting together: the first insert wins and both read the winner back.
  await db.query('INSERT INTO server_keys (purpose, private_key_pem, public_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (purpose) DO NOTHING', [
    PURPOSE,
    candidate.pem,
    candidate.publicKey,
    now,
  ]);
  const [row] = await db.query<{ private_key_pem: string; public_key: string }>('SELECT private_key_pem, public_key FROM server_keys WHERE purpose = $1', [PURPOSE]);
  if (row === undefined) throw new Error('The server key was not stored');
  const privateKey = createPrivateKey(row.private_key_pem);
  return {
    publicKey: row.public_key,
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
  };
}
