/**
 * Offline officer sign-in: PIN *and* badge (the design and threat model are in
 * docs/officer-pins.md). A stolen kiosk gives its thief the disk and unlimited time, so whatever
 * the kiosk can check alone, the thief can try against every PIN; 10^6 PINs is hours of scrypt.
 * The kiosk therefore checks PIN + badge secret together: the badge carries 128 random bits that
 * no kiosk keeps, and the server keeps only scrypt(badge secret ‖ PIN), so neither a kiosk's disk
 * nor the server's database gives anything a guesser can test PINs against without the badge.
 *
 * Pure, and here so that the server (which makes the verifiers) and the kiosk host (which checks
 * them) compute the same bytes. The host may run scrypt with node:crypto instead of scryptAsync
 * below: same function, same output, several times faster.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { OfflineSignIn } from './central-api';

/** What is printed on the badge (as a QR code, out of sight): a version tag and 16 random bytes in hex. */
export const BADGE_CODE_PATTERN = /^TTB1-([0-9A-F]{32})$/u;
export const BADGE_SECRET_BYTES = 16;

/**
 * 32 MiB and roughly 0.1 s per try natively: a thief holding the badge and the kiosk still pays
 * about a day of one core for the 10^6 PINs; without the badge, 2^128 times that.
 */
export const OFFLINE_KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1, dkLen: 32 } as const;

export function badgeCodeOf(secret: Uint8Array): string {
  return `TTB1-${bytesToHex(secret).toUpperCase()}`;
}

/** The badge's secret from what a scanner read (any letter case); null when it is not a badge code. */
export function badgeSecretOf(code: string): Uint8Array | null {
  const hex = BADGE_CODE_PATTERN.exec(code.trim().toUpperCase())?.[1];
  return hex === undefined ? null : hexToBytes(hex.toLowerCase());
}

/** Which officer a scanned badge belongs to, without the list revealing the secret. */
export function badgeIdOf(secret: Uint8Array): string {
  return bytesToHex(sha256(concatBytes(utf8ToBytes('tuntun-badge-id-v1\n'), secret)));
}

/** The scrypt password: the badge secret, then the PIN's digits. */
export function offlinePassword(secret: Uint8Array, pin: string): Uint8Array {
  return concatBytes(secret, utf8ToBytes(pin));
}

/** scrypt(badge secret ‖ PIN, salt) with the parameters the officer list gives. */
export function offlineKey(secret: Uint8Array, pin: string, kdf: Pick<OfflineSignIn['kdf'], 'N' | 'r' | 'p' | 'salt'>): Promise<Uint8Array> {
  return scryptAsync(offlinePassword(secret, pin), hexToBytes(kdf.salt), { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: OFFLINE_KDF.dkLen, maxmem: 2 ** 27 });
}

export type VerifierContext = { officeCode: string; officerId: string; deviceId: string };

/** HMAC-SHA256 keyed with the offline key over office, officer and kiosk: one verifier per kiosk. */
export function offlineVerifier(key: Uint8Array, context: VerifierContext): string {
  const message = ['tuntun-offline-pin-v1', context.officeCode, context.officerId, context.deviceId].join('\n');
  return bytesToHex(hmac(sha256, key, utf8ToBytes(message)));
}

/** The kiosk's offline check: does this PIN with this scanned badge open this officer's entry? */
export async function checkOfflineSignIn(entry: OfflineSignIn, context: VerifierContext, badgeCode: string, pin: string): Promise<boolean> {
  const secret = badgeSecretOf(badgeCode);
  if (secret === null || badgeIdOf(secret) !== entry.badgeId) return false;
  const candidate = offlineVerifier(await offlineKey(secret, pin, entry.kdf), context);
  // Constant time: compare every character whatever the first difference.
  let difference = candidate.length ^ entry.verifier.length;
  for (let i = 0; i < candidate.length; i += 1) difference |= candidate.charCodeAt(i) ^ (entry.verifier.charCodeAt(i) || 0);
  return difference === 0;
}
