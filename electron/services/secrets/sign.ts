import { randomBytes } from 'node:crypto';
import { AUTH_HEADERS, signatureOf } from '../../../core/contract/request-signing';

/**
 * Signs one central-API request with the device secret (core/contract/request-signing.ts builds
 * the text; the server rebuilds it from what it received). The secret stays in this process: the
 * renderer gets only headers, each good for one request (the nonce) within the skew window.
 */
export type SignRequest = { method: 'GET' | 'POST'; path: string; bodySha256: string };
export type SignedRequest = { url: string; headers: Record<string, string> };

/** 18 random bytes: 24 base64url characters, 144 bits, inside NONCE_PATTERN. */
export const NONCE_BYTES = 18;

export function signRequest(
  identity: { deviceId: string; serverUrl: string },
  secret: Buffer,
  request: SignRequest,
  options: { now: Date; nonce?: string },
): SignedRequest {
  const timestamp = Math.floor(options.now.getTime() / 1000);
  const nonce = options.nonce ?? randomBytes(NONCE_BYTES).toString('base64url');
  const parts = { method: request.method, path: request.path, timestamp, nonce, bodySha256: request.bodySha256, deviceId: identity.deviceId };
  return {
    url: `${identity.serverUrl}${request.path}`,
    headers: {
      [AUTH_HEADERS.device]: identity.deviceId,
      [AUTH_HEADERS.timestamp]: String(timestamp),
      [AUTH_HEADERS.nonce]: nonce,
      [AUTH_HEADERS.signature]: signatureOf(secret.toString('utf8'), parts),
    },
  };
}
