import type { DeviceIdentity, RequestInput, RequestOutput } from '../../../../core/contract/bridge';
import { apiRoutes } from '../../../../core/contract/central-api';
import type { JournalUploadInput, JournalUploadOutput } from '../../../../core/contract/journal-upload';
import { AUTH_HEADERS, sha256Hex, signatureOf } from '../../../../core/contract/request-signing';
import { err, ok, type Result } from '../../../../core/contract/result';
import { centralReplyOf, describeNetworkError } from '../../../../core/sync/http-outcome';
import { isTooLarge, uploadBodyOf } from '../../../../core/sync/journal-upload';
import { createMemoryHost, type MemoryHost } from '../../store/memory-host.fixture';

/**
 * The host as the sync engine sees it, for unit tests: the store's in-memory host (journal, store
 * key, storage, log) plus a device identity, `secrets.sign`, which signs like the real host
 * (core/contract signatureOf) with a secret the engine never sees, and `journal.upload`, which
 * sends journal entries as the real host does (core/sync/journal-upload.ts) with the test's fetch.
 * A fake of the host process, which cannot run inside vitest; the real handlers have their own
 * tests (electron/services) and are exercised end to end by the E2E and fault suites.
 */
export type SyncHost = MemoryHost & {
  identity: DeviceIdentity;
  /** log.report calls, in order. */
  logs(): { level: string; event: string; detail: Record<string, unknown> }[];
  /** What journal.upload posts with: the global fetch, or a test's (faults, counting). */
  fetch: typeof fetch;
};

export function createSyncHost(options: {
  serverUrl: string;
  serverPublicKey: string;
  deviceId: string;
  secret: string;
  officeCode: string;
  now: () => number;
}): SyncHost {
  let nonce = 0;
  const identity: DeviceIdentity = {
    enrolled: true,
    deviceId: options.deviceId,
    officeCode: options.officeCode,
    serverUrl: options.serverUrl,
    serverPublicKey: options.serverPublicKey,
    secretStore: 'key-file',
  };
  const sign = (request: RequestInput<'secrets.sign'>): Result<RequestOutput<'secrets.sign'>> => {
    if (!host.identity.enrolled) return err('not_enrolled', 'The kiosk is not enrolled');
    const timestamp = Math.floor(options.now() / 1000);
    const id = `nonce${String(nonce++).padStart(12, '0')}${Math.random().toString(36).slice(2, 10)}`;
    const signature = signatureOf(options.secret, { method: request.method, path: request.path, timestamp, nonce: id, bodySha256: request.bodySha256, deviceId: options.deviceId });
    return ok({
      url: `${options.serverUrl}${request.path}`,
      headers: {
        [AUTH_HEADERS.device]: options.deviceId,
        [AUTH_HEADERS.timestamp]: String(timestamp),
        [AUTH_HEADERS.nonce]: id,
        [AUTH_HEADERS.signature]: signature,
      },
    });
  };
  const upload = async (input: JournalUploadInput): Promise<Result<JournalUploadOutput>> => {
    const { body, missing } = uploadBodyOf(input.ids, (id) => host.journal.get(id));
    if (body === null) return ok({ missing, outcome: { kind: 'nothing_to_send' } });
    const bytes = new TextEncoder().encode(body);
    if (isTooLarge(bytes.length)) return ok({ missing, outcome: { kind: 'too_large', bytes: bytes.length } });
    const signed = sign({ method: 'POST', path: apiRoutes.uploadSubmissions.path, bodySha256: sha256Hex(bytes) });
    if (!signed.ok) return signed;
    try {
      // Called unbound: a fetch called with another `this` throws "Illegal invocation" in browsers.
      const { fetch: send } = host;
      const response = await send(signed.value.url, {
        method: 'POST',
        headers: { ...signed.value.headers, accept: 'application/json', 'content-type': 'application/json' },
        body: bytes,
        signal: AbortSignal.timeout(input.timeoutMs),
        redirect: 'error',
      });
      const text = await response.text();
      return ok({ missing, outcome: centralReplyOf(response.status, text, (header) => response.headers.get(header)) });
    } catch (error) {
      return ok({ missing, outcome: { kind: 'network', detail: describeNetworkError(error) } });
    }
  };
  const base = createMemoryHost({
    'device.identity': () => Promise.resolve(ok(host.identity)),
    'secrets.sign': (input) => Promise.resolve(sign(input)),
    // The real host builds `next` ahead; here there is nothing to gain by it.
    'journal.upload': upload,
  });
  const host: SyncHost = Object.assign(base, {
    identity,
    fetch: globalThis.fetch,
    logs: () =>
      base.calls
        .filter((call) => call.name === 'log.report')
        .map((call) => call.input as { level: string; event: string; detail: Record<string, unknown> }),
  });
  return host;
}
