import { bridgeRequests, type Bridge, type EventName, type RequestInput, type RequestName, type RequestOutput } from '../../../core/contract/bridge';
import type { DeviceStatus } from '../../../core/contract/devices';
import { err, ok, type Failure, type Result } from '../../../core/contract/result';
import { openKioskDb } from '../db/db';
import type { KioskStore } from './kiosk-store';
import { importStoreKey, toBase64Url } from './seal';

/**
 * An in-memory stand-in for the host's side of the store (store key, journal, storage status, log,
 * help) for the renderer's unit tests: a fake of the host, which cannot run inside vitest's page.
 * The real handlers (electron/services) are exercised by the E2E suite. Like the real host it
 * parses every input against the bridge contract, so a malformed call fails here too.
 */
export type MemoryHost = Bridge & {
  /** id → record, in append order; appending an id again replaces its record. */
  readonly journal: Map<string, string>;
  /** Every request, in order, with its parsed input. */
  readonly calls: { name: RequestName; input: unknown }[];
  readonly storage: { freeBytes: number; floorBytes: number };
  /** What devices.status answers; while undefined it answers unavailable, as a host without the device layer would. */
  devices: DeviceStatus[] | undefined;
  readonly key: string;
  /** The next call of `name` answers with this failure, without doing anything. */
  failNext(name: RequestName, failure: Failure): void;
  /** Runs before each request is handled: lets a test look at the world at that moment. */
  onCall: ((name: RequestName) => void | Promise<void>) | undefined;
  /** Names of the requests made so far. */
  names(): RequestName[];
};

/** Requests a richer test host answers itself (the sync host: identity, signing, upload). */
export type ExtraHandlers = { [K in RequestName]?: (input: RequestInput<K>) => Promise<Result<RequestOutput<K>>> };

export function createMemoryHost(extra: ExtraHandlers = {}): MemoryHost {
  const journal = new Map<string, string>();
  const calls: { name: RequestName; input: unknown }[] = [];
  const failures = new Map<RequestName, Failure>();
  const storage = { freeBytes: 50 * 2 ** 30, floorBytes: 2 ** 30 };
  const key = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const belowFloor = () => storage.freeBytes < storage.floorBytes;

  const handle = (name: RequestName, input: unknown): Result<unknown> => {
    switch (name) {
      case 'store.key':
        return ok({ key });
      case 'journal.append': {
        if (belowFloor()) return err('disk_full', 'Free disk below the floor');
        const { id, record } = input as RequestInput<'journal.append'>;
        journal.delete(id);
        journal.set(id, record);
        return ok({ appendedAt: new Date().toISOString() });
      }
      case 'journal.list':
        return ok({ entries: [...journal].map(([id, record]) => ({ id, record })) });
      case 'journal.drop': {
        let dropped = 0;
        for (const id of (input as RequestInput<'journal.drop'>).ids) if (journal.delete(id)) dropped += 1;
        return ok({ dropped });
      }
      case 'storage.status':
        return ok({ ...storage, belowFloor: belowFloor(), journalEntries: journal.size });
      case 'log.report':
        return ok({});
      case 'help.request':
        return ok({ requestedAt: new Date().toISOString() });
      case 'app.info':
      case 'config.current':
      case 'health.check':
      case 'device.identity':
      case 'secrets.sign':
      case 'devices.status':
        return host.devices === undefined ? err('unavailable', 'devices.status is not simulated') : ok({ devices: host.devices });
      case 'journal.upload':
      case 'devices.diagnostics':
      case 'devices.testPrint':
      case 'printer.printReceipt':
      case 'queue.take':
        return err('unavailable', `${name} is not simulated`);
      default:
        throw new Error(`Unhandled request ${String(name satisfies never)}`);
    }
  };

  const host: MemoryHost = {
    journal,
    calls,
    storage,
    devices: undefined,
    key,
    onCall: undefined,
    failNext: (name, failure) => void failures.set(name, failure),
    names: () => calls.map((call) => call.name),
    async invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Result<RequestOutput<K>>> {
      const parsed = bridgeRequests[name].input.safeParse(input);
      if (!parsed.success) return err('bad_request', `${name}: ${parsed.error.message}`);
      calls.push({ name, input: parsed.data });
      await host.onCall?.(name);
      const failure = failures.get(name);
      if (failure !== undefined) {
        failures.delete(name);
        return { ok: false, error: failure };
      }
      const own = extra[name] as ((input: unknown) => Promise<Result<RequestOutput<K>>>) | undefined;
      return own === undefined ? (handle(name, parsed.data) as Result<RequestOutput<K>>) : own(parsed.data);
    },
    on: (_name: EventName) => () => undefined,
  };
  return host;
}

/** A fresh database (fake-indexeddb in unit tests), a memory host and the host's key, imported. */
export async function createTestStore(name = `store-test-${crypto.randomUUID()}`): Promise<{ store: KioskStore; host: MemoryHost; name: string }> {
  const host = createMemoryHost();
  const key = await importStoreKey(host.key);
  return { store: { db: openKioskDb(name), key, bridge: host }, host, name };
}
