/** Types of contract-server.mjs (a Node-only test fixture; see its header for why it is .mjs). */
export type Fault =
  | { kind: 'answer'; route?: string; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'drop-before'; route?: string }
  | { kind: 'drop-after'; route?: string }
  /** Handled normally: lets a later fault in the queue hit a later request. */
  | { kind: 'pass'; route?: string };

export type StoredOnServer = {
  trackingCode: string;
  contentHash: string;
  submission: unknown;
  receivedAt: string;
  state: 'received' | 'processed' | 'rejected';
  conflicts: { contentHash: string; submission: unknown }[];
};

export type ServerChange = { cursor: string; id: string; trackingCode: string; state: 'received' | 'processed' | 'rejected'; note?: string; changedAt: string };

export type ContractServer = {
  url: string;
  serverPublicKey: string;
  stored: Map<string, StoredOnServer>;
  counts: { stored: number; duplicate: number; conflict: number; invalid: number };
  /** status -1: dropped before handling; -2: handled, then the connection dropped. */
  requests: { method: string; path: string; status: number; items: number }[];
  heartbeats: { appVersion: string; queueDepth: number; oldestPendingAt: string | null; lastSyncAt: string | null; freeDiskBytes: number | null; devices: { role: string; driver: string | null; simulated: boolean; state: string; reason: string | null; since: string }[] }[];
  changes: ServerChange[];
  /** Help requests by id, as uploaded. */
  help: Map<string, { id: string; at: string; screen: string; serviceId?: string }>;
  /** The device's audit chain as the server holds it, seq 1 first. */
  audit: { seq: number; at: string; actor: string; action: string; subject?: string; reason?: string; prevHash: string; hash: string }[];
  /** The next request (to a path ending in `route`, if given) meets this fault. */
  queueFault(fault: Fault): void;
  pendingFaults(): number;
  addChange(id: string, state: 'received' | 'processed' | 'rejected', note?: string): ServerChange;
  /** Items with this id are answered `invalid`. */
  markInvalid(id: string): void;
  /** A batch containing this id is refused whole with 400 (as a strict schema would). */
  poison(id: string): void;
  /** The server's clock runs this far ahead of the machine's. */
  setClockOffset(ms: number): void;
  publishCatalogue(issuedAt: string): { version: string; issuedAt: string; officeCode: string };
  currentCatalogue(): { version: string; issuedAt: string; officeCode: string };
  /** Serve a catalogue whose content no longer matches its signature. */
  setCatalogueTamper(on: boolean): void;
  close(): Promise<void>;
};

export function startContractServer(options: { deviceId: string; secret: string; officeCode: string }): Promise<ContractServer>;
