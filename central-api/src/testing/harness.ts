import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { EnrolResponse, type AuditEntry, type UploadItem } from '../../../core/contract/central-api';
import { AUTH_HEADERS, auditEntryHash, contentHash, EMPTY_BODY_SHA256, GENESIS_HASH, sha256Hex, signatureOf } from '../../../core/contract/request-signing';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { directoryCatalogue, type CatalogueSource } from '../domain/catalogue-source';
import { issueEnrolmentToken } from '../domain/devices';
import { buildServer, type ServerOptions } from '../server';
import { REPO_ROOT } from '../settings';
import type { Backend, TestDatabase } from './backends';

/**
 * A real server on a real database for a suite: the repo's kiosk-config as catalogue, a clock the
 * test can move, an admin token, and devices that sign their requests the way the kiosk host does
 * (electron/services/secrets/sign.ts), written out again here so a drift between the two breaks a test.
 */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const OFFICE = '36.03.03';
export const REPO_CATALOGUE = path.join(REPO_ROOT, 'kiosk-config');

export class TestClock {
  private time: number;
  constructor(start = Date.parse('2026-03-02T08:00:00.000Z')) {
    this.time = start;
  }
  now = (): Date => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

export type Harness = {
  app: FastifyInstance;
  db: Database;
  clock: TestClock;
  admin: (method: 'GET' | 'POST', url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  issueToken: (options?: { officeCode?: string; expiresInMinutes?: number }) => Promise<string>;
  /** A kiosk enrolled over HTTP; another office than OFFICE gets its token straight from the database (the repo catalogue has one office). */
  enrol: (name?: string, officeCode?: string) => Promise<TestDevice>;
  close: () => Promise<void>;
};

export type HarnessOptions = Partial<Omit<ServerOptions, 'db' | 'now'>> & { catalogue?: CatalogueSource };

export async function startHarness(backend: Backend, options: HarnessOptions = {}): Promise<Harness> {
  const database: TestDatabase = await backend.open();
  await migrate(database.db);
  const clock = new TestClock();
  const app = await buildServer({
    adminToken: ADMIN_TOKEN,
    catalogue: directoryCatalogue(REPO_CATALOGUE),
    ...options,
    db: database.db,
    now: clock.now,
  });
  const admin: Harness['admin'] = (method, url, body) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const issueToken: Harness['issueToken'] = async (opts = {}) => {
    const response = await admin('POST', '/v1/admin/enrolment-tokens', { officeCode: opts.officeCode ?? OFFICE, expiresInMinutes: opts.expiresInMinutes ?? 60 });
    if (response.statusCode !== 201) throw new Error(`token: ${response.statusCode} ${response.body}`);
    return (response.json<{ token: string }>()).token;
  };
  return {
    app,
    db: database.db,
    clock,
    admin,
    issueToken,
    enrol: async (name = 'Loket depan', officeCode = OFFICE) => {
      const token = officeCode === OFFICE ? await issueToken() : (await issueEnrolmentToken(database.db, officeCode, 60, clock.now())).token;
      const response = await app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token, name, appVersion: '0.1.0' }) });
      if (response.statusCode !== 201) throw new Error(`enrol: ${response.statusCode} ${response.body}`);
      return new TestDevice(app, EnrolResponse.parse(response.json()), clock);
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export type SignOptions = { timestamp?: number; nonce?: string; secret?: string; deviceId?: string; bodySha256?: string };

/** The four signature headers, computed as the kiosk host does. */
export function signHeaders(
  identity: { deviceId: string; secret: string; now: Date },
  method: string,
  url: string,
  body: string | undefined,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(identity.now.getTime() / 1000);
  const nonce = options.nonce ?? randomBytes(18).toString('base64url');
  const deviceId = options.deviceId ?? identity.deviceId;
  const bodySha256 = options.bodySha256 ?? (body === undefined ? EMPTY_BODY_SHA256 : sha256Hex(body));
  const signature = signatureOf(options.secret ?? identity.secret, { method, path: url, timestamp, nonce, deviceId, bodySha256 });
  return { [AUTH_HEADERS.device]: deviceId, [AUTH_HEADERS.timestamp]: String(timestamp), [AUTH_HEADERS.nonce]: nonce, [AUTH_HEADERS.signature]: signature };
}

/** A kiosk as the server sees it: device id, secret, and requests signed with them. */
export class TestDevice {
  readonly id: string;
  readonly secret: string;
  readonly officeCode: string;
  readonly serverPublicKey: string;
  readonly kioskNumber: number | undefined;
  constructor(
    private readonly app: FastifyInstance,
    enrolled: EnrolResponse,
    private readonly clock: TestClock,
  ) {
    this.id = enrolled.deviceId;
    this.secret = enrolled.secret;
    this.officeCode = enrolled.officeCode;
    this.serverPublicKey = enrolled.serverPublicKey;
    this.kioskNumber = enrolled.kioskNumber;
  }

  sign(method: string, url: string, body: string | undefined, options: SignOptions = {}): Record<string, string> {
    return signHeaders({ deviceId: this.id, secret: this.secret, now: this.clock.now() }, method, url, body, options);
  }

  /** A signed request; `body` is sent as JSON text (or as given when it is already a string). */
  request(method: 'GET' | 'POST', url: string, body?: unknown, options: SignOptions & { headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return this.app.inject({
      method,
      url,
      headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...this.sign(method, url, payload, options), ...options.headers },
      ...(payload === undefined ? {} : { payload }),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Realistic data

const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function trackingCode(): string {
  const pick = (n: number) => Array.from(randomBytes(n), (byte) => TRACKING_ALPHABET[byte % TRACKING_ALPHABET.length]).join('');
  return `${pick(3)}-${pick(3)}-${pick(4)}`;
}

export type Submission = UploadItem['submission'];

export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    serviceId: 'sktm',
    serviceVersion: 1,
    locale: 'id',
    officeCode: OFFICE,
    startedAt: '2026-03-02T08:00:00.000+07:00',
    answers: [
      { stepId: 'consent', value: 'agree', author: 'resident', at: '2026-03-02T08:00:05.000+07:00' },
      { stepId: 'nik', value: '3603031203900001', author: 'resident', at: '2026-03-02T08:00:30.000+07:00' },
      { stepId: 'village', value: '36.03.03.1001', author: 'resident', at: '2026-03-02T08:01:00.000+07:00' },
      { stepId: 'reason', value: 'biaya-sekolah', author: 'officer:budi', at: '2026-03-02T08:01:30.000+07:00' },
    ],
    ...overrides,
  };
}

export function uploadItem(content: Submission = submission(), id: string = randomUUID()): UploadItem {
  return { id, trackingCode: trackingCode(), contentHash: contentHash(content), savedAt: '2026-03-02T08:02:00.000+07:00', submission: content };
}

/** Audit entries `from`..`to` chained onto `prevHash` (genesis for a new chain). */
export function auditChain(from: number, to: number, prevHash: string = GENESIS_HASH): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = prevHash;
  for (let seq = from; seq <= to; seq += 1) {
    const entry = { seq, at: `2026-03-02T08:${String(seq % 60).padStart(2, '0')}:00.000+07:00`, actor: 'officer:budi' as const, action: 'answer.override', subject: `step-${seq}`, reason: 'Resident asked', prevHash: previous };
    const hash = auditEntryHash(entry);
    entries.push({ ...entry, hash });
    previous = hash;
  }
  return entries;
}
