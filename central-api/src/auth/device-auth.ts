import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  AUTH_HEADERS,
  DEVICE_ID_PATTERN,
  EMPTY_BODY_SHA256,
  MAX_CLOCK_SKEW_SECONDS,
  NONCE_PATTERN,
  sha256Hex,
  signatureOf,
} from '../../../core/contract/request-signing';
import type { Database } from '../db/database';
import type { Clock } from '../domain/clock';
import { claimNonce, findDevice, pruneNonces } from '../domain/devices';
import { ApiHttpError } from '../http/errors';
import type { DeviceGate } from './auth-failures';

export type AuthenticatedDevice = { id: string; officeCode: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the signature, clock and nonce checks have passed. */
    device?: AuthenticatedDevice;
  }
}

/** Lower-case hex HMAC-SHA256, as signatureOf (core/contract/request-signing.ts) writes it. */
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/u;
const TIMESTAMP_PATTERN = /^\d{1,12}$/u;
const PRUNE_EVERY_MS = 60_000;

export type DeviceAuthenticator = (request: FastifyRequest) => Promise<AuthenticatedDevice>;

/**
 * Checks, in this order: the headers are there and well formed; the device exists; the signature
 * matches what was received (method, path and query as sent, timestamp, nonce, device, body
 * hash); the clock is within MAX_CLOCK_SKEW_SECONDS; the nonce is new. The signature comes before
 * the clock so only a genuine kiosk learns the server's time. Before the lookup, the gate
 * (auth-failures.ts) answers 429 to an address or a claimed device that failed too often; each
 * failure it should know of is counted there.
 */
export function deviceAuthenticator(db: Database, now: Clock, gate: DeviceGate): DeviceAuthenticator {
  let lastPrune = 0;
  return async (request) => {
    const headers = {
      deviceId: header(request, AUTH_HEADERS.device),
      timestamp: header(request, AUTH_HEADERS.timestamp),
      nonce: header(request, AUTH_HEADERS.nonce),
      signature: header(request, AUTH_HEADERS.signature),
    };
    const { deviceId, timestamp, nonce, signature } = headers;
    if (deviceId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      throw unauthorized(`Sign the request: the ${Object.values(AUTH_HEADERS).join(', ')} headers are required`);
    }
    if (!DEVICE_ID_PATTERN.test(deviceId) || !TIMESTAMP_PATTERN.test(timestamp) || !NONCE_PATTERN.test(nonce) || !SIGNATURE_PATTERN.test(signature)) {
      throw unauthorized('Malformed signature headers');
    }
    await gate.before(request, deviceId);
    const device = await findDevice(db, deviceId);
    if (device === null) {
      await gate.failed(request, deviceId, 'unknown_device');
      throw unauthorized('Unknown device: enrol this kiosk again');
    }

    const seconds = Number(timestamp);
    const bodySha256 = request.rawBody === undefined ? EMPTY_BODY_SHA256 : sha256Hex(request.rawBody);
    const expected = signatureOf(device.secret, { method: request.method, path: request.url, timestamp: seconds, nonce, deviceId, bodySha256 });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      await gate.failed(request, deviceId, 'bad_signature');
      throw unauthorized('The signature does not match: wrong device secret, or the request changed on the way');
    }

    const current = now();
    const skew = seconds - Math.floor(current.getTime() / 1000);
    if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
      // Not counted against the device: auth-failures.ts says why.
      throw new ApiHttpError(
        401,
        'clock_skew',
        `The kiosk clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the server (at most ${MAX_CLOCK_SKEW_SECONDS} s allowed): fix the kiosk clock`,
        { serverTime: current.toISOString() },
      );
    }

    if (current.getTime() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = current.getTime();
      await pruneNonces(db, current);
    }
    // Past its timestamp plus the skew window a copy is refused by the clock check anyway.
    const expiresAt = new Date((seconds + MAX_CLOCK_SKEW_SECONDS) * 1000);
    if (!(await claimNonce(db, deviceId, nonce, expiresAt))) {
      await gate.failed(request, deviceId, 'replayed');
      throw new ApiHttpError(401, 'replayed', 'This nonce was already used: every request needs a new one');
    }

    gate.succeeded(request, deviceId);
    return { id: device.id, officeCode: device.officeCode };
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  // A repeated header arrives as an array (or joined): never a valid signature header.
  return typeof value === 'string' ? value : undefined;
}

function unauthorized(message: string): ApiHttpError {
  return new ApiHttpError(401, 'unauthorized', message);
}
