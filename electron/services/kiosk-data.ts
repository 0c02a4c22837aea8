import type { z } from 'zod';
import type { BridgeHandlers, HealthCheck } from '../../core/contract/bridge';
import { err, ok, type Result } from '../../core/contract/result';
import { openJournal, type Journal, type JournalFs } from './journal/journal';
import { createJournalUploader } from './journal/journal-upload';
import { errorFields, type Logger } from './logs/logger';
import { createCentralTransport, type CentralTransport } from './secrets/central-transport';
import { createIdentityStore, NOT_ENROLLED_MESSAGE, readIdentitySync, serverOriginOf, transportOf, type StoredIdentity } from './secrets/identity-store';
import { keyFileProtector, WEB_HOST_REASON, type SecretProtector } from './secrets/protector';
import { storeWords } from './secrets/sealed-value';
import { INSECURE_LAN_WARNING } from './secrets/server-url';
import { signRequest, type SignedRequest, type SignRequest } from './secrets/sign';
import { createStoreKeyHolder } from './secrets/store-key';
import { dataPaths } from './storage/data-paths';
import { closeKioskEntries } from './storage/private-data-dir';
import { DEFAULT_DISK_FLOOR_MB, describeBytes, floorBytesOf, freeBytesNear, realStatfs, type StatfsFn } from './storage/disk-space';

/**
 * The host's local data behind the bridge: device identity and request signing, the store key,
 * the submission journal and the disk floor. host.ts spreads these handlers into its map.
 */
export type KioskDataOptions = {
  dataDir: string;
  protector?: SecretProtector | undefined;
  logger: Logger;
  now: () => Date;
  /** office.json `sync.diskFloorMb`, or undefined while the config is invalid (the default applies then). */
  officeFloorMb: () => Promise<number | undefined>;
  /** KIOSK_DISK_FLOOR_MB, for tests that fill a small disk. */
  floorMbOverride?: number | undefined;
  statfs?: StatfsFn | undefined;
  journalFs?: Partial<JournalFs> | undefined;
};

type DataRequest = 'device.identity' | 'secrets.sign' | 'store.key' | 'journal.append' | 'journal.list' | 'journal.drop' | 'journal.upload' | 'storage.status';

export type KioskData = {
  handlers: Pick<BridgeHandlers, DataRequest>;
  /** For host services that talk to the central API themselves (queue numbers): signed here, sent through the pinned transport. */
  central: { sign(request: SignRequest): Promise<Result<SignedRequest>>; fetch: typeof fetch };
  /** The enrolled identity when it can sign; undefined when not enrolled or unusable (the device check says why). */
  enrolled(): Promise<StoredIdentity | undefined>;
  checks(): Promise<z.infer<typeof HealthCheck>[]>;
  /** Origins the page may fetch() besides its own: the enrolled central API. Read from disk each time. */
  connectOrigins(): string[];
  start(): Promise<void>;
  stop(): Promise<void>;
};

export function createKioskData(options: KioskDataOptions): KioskData {
  const log = options.logger.child('data');
  const paths = dataPaths(options.dataDir);
  const protector = options.protector ?? keyFileProtector(WEB_HOST_REASON);
  const statfs = options.statfs ?? realStatfs;
  const identity = createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector, logger: options.logger });
  const storeKey = createStoreKeyHolder({ dir: paths.secretsDir, file: paths.storeKeyFile, protector, logger: options.logger, now: options.now });

  async function floorBytes(): Promise<number> {
    return floorBytesOf(options.floorMbOverride ?? (await options.officeFloorMb()) ?? DEFAULT_DISK_FLOOR_MB);
  }

  let journal: Journal | undefined;
  let opening: Promise<Result<Journal>> | undefined;
  /** A journal that cannot open is retried on the next call: the keyring or the disk may come back. */
  async function currentJournal(): Promise<Result<Journal>> {
    if (journal !== undefined) return ok(journal);
    opening ??= (async (): Promise<Result<Journal>> => {
      const key = await storeKey.get();
      if (!key.ok) return err('unavailable', key.message);
      return openJournal({ dir: paths.journalDir, file: paths.journalFile, key: key.key, logger: options.logger, floorBytes, now: options.now, fs: { statfs, ...options.journalFs } });
    })();
    const result = await opening;
    opening = undefined;
    if (result.ok) journal = result.value;
    return result;
  }

  async function sign(request: SignRequest): Promise<Result<SignedRequest>> {
    const key = await identity.signingKey();
    if (!key.ok) return err(key.code, key.message);
    return ok(signRequest(key.key.identity, key.key.secret, request, { now: options.now() }));
  }

  /** The connection to the enrolled server, pinned to its key; made again when the identity changes (a re-enrolment). */
  let central: { key: string; transport: CentralTransport } | undefined;
  function transportFor(who: StoredIdentity): CentralTransport {
    const key = JSON.stringify([who.serverUrl, who.tlsPin, who.insecureLan]);
    if (central?.key === key) return central.transport;
    const old = central?.transport;
    central = { key, transport: createCentralTransport({ serverUrl: who.serverUrl, transport: transportOf(who), tlsPin: who.tlsPin }) };
    if (old !== undefined) void old.close().catch((error: unknown) => log.warn('data.transport_close_failed', errorFields(error)));
    return central.transport;
  }
  /** Every host request to the central API goes through here: the enrolled origin only, its pin enforced. */
  const centralFetch: typeof fetch = async (input, init) => {
    const key = await identity.signingKey();
    if (!key.ok) throw new Error(key.message);
    return transportFor(key.key.identity).fetch(input, init);
  };

  const uploader = createJournalUploader({ journal: currentJournal, sign, fetch: centralFetch });

  const handlers: KioskData['handlers'] = {
    'device.identity': async () => {
      const state = await identity.state();
      switch (state.kind) {
        case 'none':
          return ok({ enrolled: false, deviceId: null, officeCode: null, serverUrl: null, serverPublicKey: null, secretStore: 'none' as const });
        case 'damaged':
          return err('unavailable', `The device identity cannot be read: ${state.reason}.`);
        case 'enrolled': {
          const { deviceId, officeCode, serverUrl, serverPublicKey, secretStore } = state.identity;
          return ok({ enrolled: true, deviceId, officeCode, serverUrl, serverPublicKey, secretStore });
        }
      }
    },
    'secrets.sign': sign,
    'store.key': async () => {
      const key = await storeKey.get();
      return key.ok ? ok({ key: key.key.toString('base64url') }) : err('unavailable', key.message);
    },
    'journal.append': async (input) => {
      const current = await currentJournal();
      return current.ok ? current.value.append(input.id, input.record) : current;
    },
    'journal.list': async () => {
      const current = await currentJournal();
      return current.ok ? ok({ entries: await current.value.list() }) : current;
    },
    'journal.drop': async (input) => {
      const current = await currentJournal();
      return current.ok ? current.value.drop(input.ids) : current;
    },
    'journal.upload': (input) => uploader.upload(input),
    'storage.status': async () => {
      const current = await currentJournal();
      if (!current.ok) return current;
      try {
        const [free, floor] = await Promise.all([freeBytesNear(options.dataDir, statfs), floorBytes()]);
        return ok({ freeBytes: free, floorBytes: floor, belowFloor: free < floor, journalEntries: current.value.stats().live });
      } catch (error) {
        log.error('data.statfs_failed', errorFields(error));
        return err('unavailable', `Free disk space cannot be measured (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
    },
  };

  async function deviceCheck(): Promise<z.infer<typeof HealthCheck>> {
    const state = await identity.state();
    if (state.kind === 'none') return { name: 'device', status: 'degraded', detail: NOT_ENROLLED_MESSAGE };
    if (state.kind === 'damaged') return { name: 'device', status: 'down', detail: `The device identity cannot be read: ${state.reason}.` };
    const key = await identity.signingKey();
    if (!key.ok) return { name: 'device', status: 'down', detail: key.message };
    const { deviceId, officeCode, serverUrl, secretStore } = key.key.identity;
    const who = `${deviceId} (office ${officeCode}, server ${serverUrl})`;
    if (transportOf(key.key.identity) === 'insecure-lan') return { name: 'device', status: 'degraded', detail: `${who}; ${INSECURE_LAN_WARNING}` };
    return secretStore === 'safe-storage'
      ? { name: 'device', status: 'ok', detail: `${who}; secret in ${storeWords(secretStore)}` }
      : { name: 'device', status: 'degraded', detail: `${who}; ${protector.reason}` };
  }

  async function storageChecks(): Promise<z.infer<typeof HealthCheck>[]> {
    const current = await currentJournal();
    if (!current.ok) return [{ name: 'journal', status: 'down', detail: current.error.message }];
    const { live } = current.value.stats();
    const damage = current.value.damage();
    const journalCheck: z.infer<typeof HealthCheck> =
      damage === undefined || (damage.damagedLines === 0 && !damage.otherKey)
        ? { name: 'journal', status: 'ok', detail: `${live} unsent submissions held on the kiosk` }
        : {
            name: 'journal',
            status: 'degraded',
            detail: damage.otherKey
              ? `A journal sealed with another store key was set aside as ${damage.setAside ?? '?'}; its submissions cannot be read here. ${live} unsent submissions held.`
              : `${damage.damagedLines} damaged journal lines were skipped; the file as found is kept as ${damage.setAside ?? '?'}. ${live} unsent submissions held.`,
          };
    let diskCheck: z.infer<typeof HealthCheck>;
    try {
      const [free, floor] = await Promise.all([freeBytesNear(options.dataDir, statfs), floorBytes()]);
      diskCheck =
        free < floor
          ? { name: 'disk', status: 'degraded', detail: `Only ${describeBytes(free)} free, below the ${describeBytes(floor)} floor: new submissions are refused until IT frees space.` }
          : { name: 'disk', status: 'ok', detail: `${describeBytes(free)} free (floor ${describeBytes(floor)})` };
    } catch (error) {
      diskCheck = { name: 'disk', status: 'down', detail: `Free disk space cannot be measured (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    return [journalCheck, diskCheck];
  }

  return {
    handlers,
    central: { sign, fetch: centralFetch },
    async enrolled() {
      const key = await identity.signingKey();
      return key.ok ? key.key.identity : undefined;
    },
    async checks() {
      return [await deviceCheck(), ...(await storageChecks())];
    },
    connectOrigins() {
      const origin = serverOriginOf(readIdentitySync(paths.deviceFile));
      return origin === undefined ? [] : [origin];
    },
    async start() {
      try {
        for (const closed of await closeKioskEntries(paths)) log.warn('data.mode_tightened', closed);
      } catch (error) {
        log.error('data.mode_tighten_failed', errorFields(error));
      }
      // At start rather than on the first submission: the journal is compacted and checked, and a
      // secret enrolled from the command line moves into the keyring, before any resident arrives.
      const opened = await currentJournal();
      if (!opened.ok) log.error('data.journal_unavailable', { reason: opened.error.message });
      const state = await identity.state();
      if (state.kind === 'enrolled') {
        // At every start, so that a test-LAN setting left on a production kiosk cannot go unnoticed.
        if (transportOf(state.identity) === 'insecure-lan') log.warn('data.insecure_lan', { serverUrl: state.identity.serverUrl, reason: INSECURE_LAN_WARNING });
        const key = await identity.signingKey();
        if (!key.ok) log.error('data.identity_unusable', { reason: key.message });
      } else if (state.kind === 'none') {
        log.warn('data.not_enrolled');
      } else {
        log.error('data.identity_unusable', { reason: state.reason });
      }
    },
    async stop() {
      const transport = central?.transport;
      central = undefined;
      await transport?.close();
      const open = journal;
      journal = undefined;
      await open?.close();
    },
  };
}
