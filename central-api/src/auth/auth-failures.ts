import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AUTH_HEADERS } from '../../../core/contract/request-signing';
import { missingCase } from '../../../core/contract/result';
import type { Queryable } from '../db/database';
import { listDeviceIds } from '../domain/devices';
import { ApiHttpError } from '../http/errors';

/**
 * Failed sign-ins back off (429 with Retry-After) before the work they would cost: the device
 * lookup and HMAC of a signature, the token claim of an enrolment, the admin token check. Each
 * route class counts on its own, so a flood of junk enrolments does not lock IT out of the admin
 * routes, and successful requests are never counted here (they keep the per-device and
 * per-address limits of server.ts).
 *
 * Built on @fastify/rate-limit's `createRateLimit`, read without counting (`increment: false`)
 * before the check and counted only when the check fails: its route hooks count every request,
 * which would hold a busy kiosk or back office to the failure budget.
 *
 * Device routes keep three counts, so that a flood of bad signatures claiming kiosk X stops
 * neither kiosk Y (even at the attacker's address) nor, beyond the backoff, X itself:
 * - per (claimed device, address): bad signatures and replays;
 * - per claimed device, all addresses: bad signatures (a flood spread over many addresses), not
 *   applied at the address X last signed from successfully;
 * - per address: claims of devices that do not exist (every one a lookup); not applied to a
 *   device the server knows, read from the database once and kept as kiosks enrol.
 * A clock_skew refusal is not counted: it takes the device's own secret (or a stale copy of its
 * request), and counting it would hide the server time a kiosk needs to set its clock right.
 *
 * Counts live in this process (a server restart forgets them) in the plugin's LRU stores of 5000
 * keys each; a flood of more addresses than that may see its older counts forgotten. The read and
 * the count are two steps, so requests in flight together may each get through before the first
 * failure is counted: the overshoot is bounded by the requests in flight, not by the flood.
 */
export type FailureGate = {
  /** Throws 429 with Retry-After while the caller backs off; call before the work. */
  before(request: FastifyRequest): Promise<void>;
  /** Counts one failure against the caller. */
  failed(request: FastifyRequest): Promise<void>;
};

export type EnrolmentGate = FailureGate & {
  /** A kiosk just enrolled: from now on it is a device the server knows. */
  enrolled(deviceId: string): void;
};

export type DeviceFailure = 'unknown_device' | 'bad_signature' | 'replayed';

export type DeviceGate = {
  /** Throws 429 with Retry-After while requests from this address or claiming this device back off. */
  before(request: FastifyRequest, deviceId: string): Promise<void>;
  failed(request: FastifyRequest, deviceId: string, failure: DeviceFailure): Promise<void>;
  succeeded(request: FastifyRequest, deviceId: string): void;
};

export type FailureLimits = { authFailuresPerAddress: number; authFailuresPerDevice: number; windowMs: number };

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Successful devices' last addresses; more entries than kiosks are enrolled is never needed. */
const MAX_REMEMBERED_DEVICES = 100_000;

const addressOf = (request: FastifyRequest): string => normalizeIP(request.ip);
// Read only after device-auth found the header well formed (one string matching DEVICE_ID_PATTERN).
const claimedDevice = (request: FastifyRequest): string => String(request.headers[AUTH_HEADERS.device]);

export function authFailureGates(app: FastifyInstance, db: Queryable, limits: FailureLimits): { admin: FailureGate; enrolment: EnrolmentGate; device: DeviceGate } {
  const limiter = (max: number, key: (request: FastifyRequest) => string, exempt?: (request: FastifyRequest) => boolean): Limiter =>
    app.createRateLimit({ max, timeWindow: limits.windowMs, keyGenerator: key, ...(exempt === undefined ? {} : { allowList: exempt }) });

  const known = new Set<string>();
  let loaded: Promise<void> | undefined;
  const knowDevices = (): Promise<void> => {
    loaded ??= listDeviceIds(db).then(
      (ids) => {
        for (const id of ids) known.add(id);
      },
      (error: unknown) => {
        // The database is down: this request fails on its lookup anyway; the next one tries again.
        loaded = undefined;
        throw error;
      },
    );
    return loaded;
  };
  const lastGoodAddress = new Map<string, string>();

  const perAddress = (what: string) => limiter(limits.authFailuresPerAddress, (request) => `${what} ${addressOf(request)}`);
  const admin = perAddress('admin');
  const enrolment = perAddress('enrolment');
  const unknownDevices = limiter(
    limits.authFailuresPerAddress,
    (request) => `device ${addressOf(request)}`,
    (request) => known.has(claimedDevice(request)),
  );
  const devicePerAddress = limiter(limits.authFailuresPerDevice, (request) => `${claimedDevice(request)} ${addressOf(request)}`);
  const deviceEverywhere = limiter(
    limits.authFailuresPerDevice,
    (request) => claimedDevice(request),
    (request) => lastGoodAddress.get(claimedDevice(request)) === addressOf(request),
  );

  const gate = (check: Limiter): FailureGate => ({
    before: async (request) => refuseIfSpent(check, request),
    failed: async (request) => {
      await check(request);
    },
  });

  return {
    admin: gate(admin),
    enrolment: { ...gate(enrolment), enrolled: (deviceId) => known.add(deviceId) },
    device: {
      before: async (request) => {
        await knowDevices();
        for (const check of [unknownDevices, devicePerAddress, deviceEverywhere]) await refuseIfSpent(check, request);
      },
      failed: async (request, deviceId, failure) => {
        switch (failure) {
          case 'unknown_device':
            await unknownDevices(request);
            return;
          case 'bad_signature':
            known.add(deviceId);
            await devicePerAddress(request);
            await deviceEverywhere(request);
            return;
          case 'replayed':
            await devicePerAddress(request);
            return;
          default:
            missingCase(failure);
        }
      },
      succeeded: (request, deviceId) => {
        known.add(deviceId);
        lastGoodAddress.delete(deviceId);
        lastGoodAddress.set(deviceId, addressOf(request));
        if (lastGoodAddress.size > MAX_REMEMBERED_DEVICES) lastGoodAddress.delete(lastGoodAddress.keys().next().value as string);
      },
    },
  };
}

async function refuseIfSpent(check: Limiter, request: FastifyRequest): Promise<void> {
  const state = await check(request, { increment: false });
  if (state.isAllowed || state.remaining > 0) return;
  const seconds = String(Math.max(1, state.ttlInSeconds));
  throw new ApiHttpError(429, 'rate_limited', `Too many failed sign-ins: retry in ${seconds} s`, {}, { 'retry-after': seconds });
}
