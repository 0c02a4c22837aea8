/**
 * How a kiosk signs its requests to the central API, and how a submission's content is hashed.
 * Pure: the host computes the HMAC with its device secret (the renderer never sees the secret)
 * and the server recomputes it; both build the string to sign here, so they cannot drift apart.
 */
import canonicalize from 'canonicalize';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export const SIGNATURE_SCHEME = 'TUNTUN-HMAC-SHA256';

/** Header names, lower case as Node and fetch report them. */
export const AUTH_HEADERS = {
  device: 'x-tuntun-device',
  timestamp: 'x-tuntun-timestamp',
  nonce: 'x-tuntun-nonce',
  signature: 'x-tuntun-signature',
} as const;

/** A request whose timestamp is further than this from the server's clock is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** 16 to 64 URL-safe characters: at least 96 bits from a random source. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/u;
export const DEVICE_ID_PATTERN = /^dev_[A-Za-z0-9_-]{8,64}$/u;

export type SignedParts = {
  method: string;
  /** Path with its query string exactly as sent, e.g. `/v1/changes?since=12`. */
  path: string;
  /** Unix time in whole seconds. */
  timestamp: number;
  nonce: string;
  /** Lower-case hex SHA-256 of the body bytes; of the empty string when there is no body. */
  bodySha256: string;
  deviceId: string;
};

/** The exact text the HMAC covers, one field per line. */
export function stringToSign(parts: SignedParts): string {
  return [SIGNATURE_SCHEME, parts.method.toUpperCase(), parts.path, String(parts.timestamp), parts.nonce, parts.deviceId, parts.bodySha256].join('\n');
}

export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

export const EMPTY_BODY_SHA256 = sha256Hex('');

/**
 * RFC 8785 canonical JSON: the same value gives the same bytes on kiosk and server whatever the
 * key order, so a content hash means "same content", not "same serialisation".
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value cannot be expressed as JSON');
  return text;
}

/** The idempotency fingerprint of a submission: hex SHA-256 of its canonical JSON. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export const GENESIS_HASH = '0'.repeat(64);

/** Hash of one audit entry, chaining it to the one before: tampering anywhere breaks every later hash. */
export function auditEntryHash(entry: { prevHash: string } & Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...entry };
  delete rest['hash'];
  return sha256Hex(entry.prevHash + canonicalJson(rest));
}

/**
 * The signature header's value: lower-case hex HMAC-SHA256 of stringToSign, keyed with the UTF-8
 * bytes of the device secret as enrolment returned it (43 base64url characters, 256 bits).
 * One function for kiosk host and server, so the two cannot drift.
 */
export function signatureOf(secret: string, parts: SignedParts): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(stringToSign(parts))));
}
