import { bridgeRequests, type DeviceIdentity, type RequestInput, type RequestName, type RequestOutput } from '../../../../core/contract/bridge';
import { AUTH_HEADERS, signatureOf } from '../../../../core/contract/request-signing';
import { err, ok, type Result } from '../../../../core/contract/result';
import { createMemoryHost, type MemoryHost } from '../../store/memory-host.fixture';

/**
 * The host as the sync engine sees it, for unit tests: the store's in-memory host (journal, store
 * key, storage, log) plus a device identity and `secrets.sign`, which signs like the real host
 * (core/contract signatureOf) with a secret the engine never sees. A fake of the host
 * process, which cannot run inside vitest; the real handlers are exercised end to end by the E2E
 * and fault suites.
 */
export type SyncHost = MemoryHost & {
  identity: DeviceIdentity;
  /** log.report calls, in order. */
  logs(): { level: string; event: string; detail: Record<string, unknown> }[];
};

export function createSyncHost(options: { serverUrl: string; serverPublicKey: string; deviceId: string; secret: string; officeCode: string; now: () => number }): SyncHost {
  const base = createMemoryHost();
  let nonce = 0;
  const identity: DeviceIdentity = {
    enrolled: true,
    deviceId: options.deviceId,
    officeCode: options.officeCode,
    serverUrl: options.serverUrl,
    serverPublicKey: options.serverPublicKey,
    secretStore: 'key-file',
  };
  const host: SyncHost = Object.assign(base, {
    identity,
    logs: () =>
      base.calls
        .filter((call) => call.name === 'log.report')
        .map((call) => call.input as { level: string; event: string; detail: Record<string, unknown> }),
  });
  const baseInvoke = base.invoke.bind(base);
  host.invoke = async <K extends RequestName>(name: K, input: RequestInput<K>): Promise<Result<RequestOutput<K>>> => {
    if (name !== 'device.identity' && name !== 'secrets.sign') return baseInvoke(name, input);
    const parsed = bridgeRequests[name].input.safeParse(input);
    if (!parsed.success) return err('bad_request', `${name}: ${parsed.error.message}`);
    base.calls.push({ name, input: parsed.data });
    if (name === 'device.identity') return ok(host.identity) as Result<RequestOutput<K>>;
    if (!host.identity.enrolled) return err('not_enrolled', 'The kiosk is not enrolled');
    const request = parsed.data as RequestInput<'secrets.sign'>;
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
    }) as Result<RequestOutput<K>>;
  };
  return host;
}
