import {
  type BridgeHandlers,
  type ConfigSnapshot,
  type EventName,
  type EventPayload,
  type EventSink,
  type Shell,
} from '../../core/contract/bridge';
import path from 'node:path';
import { createDispatcher } from '../../core/contract/dispatch';
import { err, ok, type Result } from '../../core/contract/result';
import { formatProblem, loadConfig, problemsToIssues, type ConfigProblem } from './config/load-config';
import { DEVICES_FILE } from './devices/device-config-file';
import { createDevices } from './devices/devices';
import type { Scheduler } from './devices/scheduler';
import type { JournalFs } from './journal/journal';
import { createKioskData } from './kiosk-data';
import { errorFields, type Logger } from './logs/logger';
import { createQueueService, type QueueTimings } from './queue/queue-service';
import type { SecretProtector } from './secrets/protector';
import { dataPaths } from './storage/data-paths';
import type { StatfsFn } from './storage/disk-space';

/**
 * The host services both shells run: Electron's main process binds them to IPC, the web host to
 * its WebSocket. Runtime-neutral Node: nothing here knows which shell carries the calls.
 */
export type HostOptions = {
  shell: Shell;
  runtime: string;
  version: string;
  officeDir: string;
  /** Where the host keeps the device identity, the store key and the journal (KIOSK_DATA_DIR). */
  dataDir: string;
  logger: Logger;
  now?: () => Date;
  /** How secrets are sealed; a 0600 key file when omitted (the web host). Electron passes its safeStorage choice. */
  secretProtector?: SecretProtector | undefined;
  /** KIOSK_DISK_FLOOR_MB: replaces office.json `sync.diskFloorMb`, for tests that fill a small disk. */
  diskFloorMbOverride?: number | undefined;
  /** KIOSK_DEVICES: this kiosk's devices.json; `<officeDir>/devices.json` when omitted. */
  devicesFile?: string | undefined;
  /** When device status checks and reconnects happen; tests move it by hand. */
  deviceScheduler?: Scheduler | undefined;
  /** Tests only: free-disk measurement and journal file operations with injected faults. */
  statfs?: StatfsFn | undefined;
  journalFs?: Partial<JournalFs> | undefined;
  /** Tests only: shorter waits for the central API's queue numbers and the reports of the kiosk's own. */
  queueTimings?: Partial<QueueTimings> | undefined;
};

export type Host = {
  dispatch: (name: unknown, input: unknown) => Promise<Result<unknown>>;
  /** Adds a listener for every host event; returns the function that removes it. */
  subscribe: (sink: EventSink) => () => void;
  emit: EventSink;
  /** Loads the config and opens the journal at start, so a problem is logged before anyone touches the screen. */
  start: () => Promise<void>;
  /** Stops the device checks and closes the journal; for an orderly shutdown and for tests. */
  stop: () => Promise<void>;
  /**
   * Origins the page may fetch() besides its own (CSP connect-src): the enrolled central API.
   * Read at every call, so a kiosk enrolled while running can sync after a reload.
   */
  connectOrigins: () => string[];
};

export function createHost(options: HostOptions): Host {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child('host');
  const startedAt = now().getTime();
  const sinks = new Set<EventSink>();
  let config: { ok: true; snapshot: ConfigSnapshot } | { ok: false; problems: ConfigProblem[] } | undefined;
  let lastProblemsLogged = '';

  const emit: EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    for (const sink of sinks) {
      try {
        sink(name, payload);
      } catch (error) {
        log.warn('event.sink_failed', { eventName: name, ...errorFields(error) });
      }
    }
  };

  /** A valid config is kept; an invalid one is read again on every request, so a fix on disk is picked up. */
  async function currentConfig() {
    if (config?.ok) return config;
    config = await loadConfig(options.officeDir, now);
    if (config.ok) {
      if (lastProblemsLogged !== '') {
        log.info('config.recovered', { office: config.snapshot.office.code });
        emit('config.changed', { loadedAt: config.snapshot.loadedAt });
      }
      lastProblemsLogged = '';
      for (const service of config.snapshot.unavailable) {
        for (const problem of service.problems) {
          log.error('config.service_invalid', { problem: formatProblem({ file: `services/${service.id}.json`, ...problem }) });
        }
      }
    } else {
      const text = config.problems.map(formatProblem).join('\n');
      // Logged once per distinct problem set: the out-of-service screen retries every few seconds.
      if (text !== lastProblemsLogged) {
        for (const problem of config.problems) log.error('config.invalid', { problem: formatProblem(problem) });
        lastProblemsLogged = text;
      }
    }
    return config;
  }

  const data = createKioskData({
    dataDir: options.dataDir,
    protector: options.secretProtector,
    logger: options.logger,
    now,
    officeFloorMb: async () => {
      const current = await currentConfig();
      return current.ok ? current.snapshot.office.sync.diskFloorMb : undefined;
    },
    floorMbOverride: options.diskFloorMbOverride,
    statfs: options.statfs,
    journalFs: options.journalFs,
  });

  const office = async () => {
    const current = await currentConfig();
    return current.ok ? current.snapshot.office : undefined;
  };

  const devices = createDevices({
    configFile: options.devicesFile ?? path.join(options.officeDir, DEVICES_FILE),
    logger: options.logger,
    scheduler: options.deviceScheduler,
    office,
    onStatus: (status) => emit('device.statusChanged', status),
  });

  const queue = createQueueService({
    file: dataPaths(options.dataDir).queueFile,
    logger: options.logger,
    now,
    office,
    identity: () => data.enrolled(),
    central: data.central,
    timings: options.queueTimings,
  });

  const handlers: BridgeHandlers = {
    ...data.handlers,
    ...devices.handlers,
    'queue.take': (input) => queue.take(input),
    'app.info': async () => {
      const current = await currentConfig();
      return ok({
        name: 'Tuntun',
        version: options.version,
        shell: options.shell,
        runtime: options.runtime,
        office: current.ok ? { code: current.snapshot.office.code, name: current.snapshot.office.name } : null,
      });
    },
    'config.current': async () => {
      const current = await currentConfig();
      if (!current.ok) return err('config_invalid', 'The office configuration is invalid', problemsToIssues(current.problems));
      return ok(current.snapshot);
    },
    'health.check': async () => {
      const current = await currentConfig();
      const configCheck = current.ok
        ? {
            name: 'config',
            status: current.snapshot.unavailable.length === 0 ? ('ok' as const) : ('degraded' as const),
            detail:
              current.snapshot.unavailable.length === 0
                ? `${current.snapshot.services.length} services`
                : `unavailable: ${current.snapshot.unavailable.map((s) => s.id).join(', ')}`,
          }
        : { name: 'config', status: 'down' as const, detail: current.problems.map(formatProblem).join('; ') };
      const checks = [configCheck, ...(await data.checks()), ...devices.checks(), await queue.check()];
      const status = checks.some((c) => c.status === 'down') ? 'down' : checks.some((c) => c.status === 'degraded') ? 'degraded' : 'ok';
      return ok({ status, checks, uptimeSeconds: Math.round((now().getTime() - startedAt) / 1000) });
    },
    'help.request': async (input) => {
      const at = now().toISOString();
      log.info('help.requested', { screen: input.screen, serviceId: input.serviceId ?? null, locale: input.locale });
      emit('help.requested', input.serviceId === undefined ? { at, screen: input.screen } : { at, screen: input.screen, serviceId: input.serviceId });
      return ok({ requestedAt: at });
    },
    'log.report': async (input) => {
      // The detail arrives from the page: the contract has parsed it flat and short, and the
      // logger writes only its listed keys, so a name under any other key never reaches the file.
      const renderer = log.child('renderer');
      renderer[input.level](input.event, input.detail);
      return ok({});
    },
  };

  const dispatch = createDispatcher(handlers, (name, error) => log.error('bridge.handler_failed', { request: name, ...errorFields(error) }));

  return {
    dispatch,
    emit,
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    async start() {
      await currentConfig();
      await data.start();
      await devices.start();
      await queue.start();
    },
    async stop() {
      await queue.stop();
      await devices.stop();
      await data.stop();
    },
    connectOrigins: () => data.connectOrigins(),
  };
}

