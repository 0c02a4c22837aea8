/**
 * The bridge contract: every request the renderer may make of the host and every event the host
 * may push, with zod schemas. Electron IPC and the web host's WebSocket carry exactly these names;
 * the host parses every input against them (the trust boundary).
 */
import { z } from 'zod';
import { LocalizedText, Locale } from '../config/locale';
import { OfficeConfig } from '../config/office-config';
import { ServiceDefinition } from '../flow/service-definition';
import { DeviceStatus, DevicesDiagnostics, PrinterRole, PrintOutcome, PrintReceiptInput } from './devices';
import { JournalUploadInput, JournalUploadOutput } from './journal-upload';
import { QueueTicket, TakeQueueInput } from './queue';
import type { EventName, RequestName } from './bridge-names';
import type { Result } from './result';

export { EVENT_NAMES, REQUEST_NAMES, isEventName, isRequestName, type EventName, type RequestName } from './bridge-names';

const NoInput = z.strictObject({}).describe('No input');

export const Shell = z.enum(['electron', 'web']).describe('Which shell hosts the renderer');
export type Shell = z.infer<typeof Shell>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  shell: Shell,
  runtime: z.string().describe('Runtime and version, e.g. "node 20.20.2" or "electron 45.4.1"'),
  office: z.object({ code: z.string(), name: z.string() }).nullable().describe('Null while the config is invalid'),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const UnavailableService = z.object({
  id: z.string(),
  title: LocalizedText.nullable().describe('Null when even the title could not be read'),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type UnavailableService = z.infer<typeof UnavailableService>;

export const ConfigSnapshot = z.object({
  office: OfficeConfig,
  services: z.array(ServiceDefinition).describe('Valid services, in home-screen order'),
  unavailable: z.array(UnavailableService).describe('Listed services whose file is missing or invalid'),
  loadedAt: z.string().describe('ISO time the files were read'),
});
export type ConfigSnapshot = z.infer<typeof ConfigSnapshot>;

export const HealthCheck = z.object({
  name: z.string(),
  status: z.enum(['ok', 'degraded', 'down']),
  detail: z.string(),
});
export const Health = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.array(HealthCheck),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof Health>;

/** Short machine words only: the host logger drops anything that looks like personal data too. */
const LogDetail = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/u),
  z.union([z.string().max(300), z.number(), z.boolean(), z.null()]),
);

export const HelpRequest = z.strictObject({
  screen: z.string().regex(/^[a-z0-9.:_-]{1,64}$/u).describe('Where the resident is, e.g. "home"'),
  serviceId: z.string().max(40).optional(),
  locale: Locale,
});

const JournalId = z.uuid().describe('Submission id (UUIDv7)');

export const DeviceIdentity = z.object({
  enrolled: z.boolean(),
  deviceId: z.string().nullable(),
  officeCode: z.string().nullable(),
  serverUrl: z.string().nullable().describe('Base URL of the central API, e.g. http://10.0.0.5:5820'),
  serverPublicKey: z.string().nullable().describe('Ed25519 key (base64url) that signs catalogues'),
  secretStore: z
    .enum(['safe-storage', 'key-file', 'none'])
    .describe('Where the device secret is kept; key-file where no keyring protects it (flagged for IT)'),
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;

export const StorageStatus = z.object({
  freeBytes: z.number().describe('Free bytes on the disk holding the kiosk data'),
  floorBytes: z.number().describe('Below this no new submission is taken (office.json sync.diskFloorMb)'),
  belowFloor: z.boolean(),
  journalEntries: z.number().int().describe('Unsent submissions held in the host journal'),
});
export type StorageStatus = z.infer<typeof StorageStatus>;

export const bridgeRequests = {
  'app.info': { input: NoInput, output: AppInfo },
  'config.current': { input: NoInput, output: ConfigSnapshot },
  'health.check': { input: NoInput, output: Health },
  'help.request': {
    input: HelpRequest,
    output: z.object({ requestedAt: z.string() }),
  },
  'log.report': {
    input: z.strictObject({
      level: z.enum(['info', 'warn', 'error']),
      event: z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,63}$/u),
      detail: LogDetail.default({}),
    }),
    output: z.object({}),
  },
  'device.identity': { input: NoInput, output: DeviceIdentity },
  /**
   * Signs a central-API request with the device secret, which never leaves the host. The caller
   * sends the returned headers with exactly this method, path and body.
   */
  'secrets.sign': {
    input: z.strictObject({
      method: z.enum(['GET', 'POST']),
      path: z.string().regex(/^\/v1\/[A-Za-z0-9/_.?=&%-]{1,300}$/u).describe('Path and query, under /v1/'),
      bodySha256: z.string().regex(/^[0-9a-f]{64}$/u).describe('sha256Hex of the exact body bytes'),
    }),
    output: z.object({ url: z.string().describe('Full URL to send to'), headers: z.record(z.string(), z.string()) }),
  },
  /** The key that seals personal fields in IndexedDB (AES-256-GCM, raw, base64url). Held by the host. */
  'store.key': { input: NoInput, output: z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{43}$/u) }) },
  /**
   * Appends an unsent submission to the host's encrypted journal and returns only after fsync.
   * Refused with disk_full when free space is below the floor; nothing is half-written.
   */
  'journal.append': {
    input: z.strictObject({ id: JournalId, record: z.string().min(2).max(262_144).describe('The stored submission as JSON') }),
    output: z.object({ appendedAt: z.string() }),
  },
  'journal.list': { input: NoInput, output: z.object({ entries: z.array(z.object({ id: z.string(), record: z.string() })) }) },
  /** Drops entries once the server has said received; compacts the file when it is worth it. */
  'journal.drop': { input: z.strictObject({ ids: z.array(JournalId).min(1).max(1000) }), output: z.object({ dropped: z.number().int() }) },
  /**
   * Uploads these journal entries to the enrolled central API as one batch, signed on the host,
   * and answers with what the server said (core/contract/journal-upload.ts); ids the journal lacks are
   * left out and listed. Answers within the input's timeoutMs.
   */
  'journal.upload': { input: JournalUploadInput, output: JournalUploadOutput },
  'storage.status': { input: NoInput, output: StorageStatus },
  /** Every printing role and its state now; changes after this come as device.statusChanged. */
  'devices.status': { input: NoInput, output: z.object({ devices: z.array(DeviceStatus) }) },
  /** For IT (the office panel): each device, how it is reached, its last error in plain words, its job counts. */
  'devices.diagnostics': { input: NoInput, output: DevicesDiagnostics },
  /** Prints a test page on the printer of that role; the same Result as a receipt. */
  'devices.testPrint': { input: z.strictObject({ role: PrinterRole }), output: PrintOutcome },
  /**
   * Prints the resident's receipt. The host adds the office's name, address and time zone; the
   * page sends what the done screen shows. A printer that cannot print answers unavailable (or
   * timeout) with plain words, within about 13 s; the submission is saved before this is asked.
   */
  'printer.printReceipt': { input: PrintReceiptInput, output: PrintOutcome },
  /**
   * A queue number for the resident: from the central API when it answers within 2 s, else from
   * this kiosk's own range (A-K2-005), saved on the host before it is answered and reported to
   * the server later. The same requestId again answers the same ticket.
   */
  'queue.take': { input: TakeQueueInput, output: QueueTicket },
} as const satisfies Record<RequestName, { input: z.ZodType; output: z.ZodType }>;

/**
 * How long a caller waits for the host's answer: 15 s, or for a request that itself waits on the
 * network, its own timeout and 5 s more (the host answers `network` when its request times out).
 */
export function bridgeTimeoutMs(name: RequestName, input: unknown): number {
  if (name === 'journal.upload') {
    const parsed = JournalUploadInput.safeParse(input);
    if (parsed.success) return parsed.data.timeoutMs + 5_000;
  }
  return 15_000;
}

export const bridgeEvents = {
  'help.requested': z.object({ at: z.string(), screen: z.string(), serviceId: z.string().optional() }),
  'config.changed': z.object({ loadedAt: z.string() }),
  'device.statusChanged': DeviceStatus,
} as const satisfies Record<EventName, z.ZodType>;

type Requests = typeof bridgeRequests;
type Events = typeof bridgeEvents;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What the renderer holds: one object, whichever shell carries it. */
export interface Bridge {
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Result<RequestOutput<K>>>;
  /** Subscribes to a host event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What the host implements: one handler per request, each given already-parsed input. */
export type BridgeHandlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<Result<RequestOutput<K>>>;
};

/** How the host pushes events to whichever shell is listening. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
