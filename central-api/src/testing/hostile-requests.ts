import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { AUTH_HEADERS, auditEntryHash, EMPTY_BODY_SHA256, GENESIS_HASH } from '../../../core/contract/request-signing';
import { ADMIN_TOKEN, OFFICE, submission, uploadItem, type SignOptions, type TestDevice } from './harness';

/**
 * Hostile requests for hostile.test.ts, in four kinds: unsigned (no or partial signature headers,
 * no or a wrong admin token, a bad enrolment token), tampered (signed, then changed; or signed
 * with the wrong secret, clock or body hash), replayed (a request the server accepted, sent again)
 * and cross-office (signed correctly by a kiosk of one office, speaking for another). Each attack
 * says how to find the rows its data would leave (`footprint`): they must not change.
 */
export type Kind = 'unsigned' | 'tampered' | 'replayed' | 'cross-office';
export type Sent = { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: string; remoteAddress?: string };
export type Footprint = { sql: string; params: unknown[] };
export type Attack = {
  kind: Kind;
  label: string;
  /** Genuine requests sent first, each of which must be accepted (the original of a replay). */
  setup: Sent[];
  /** The setup writes data the footprint counts (so the footprint is shown not to be blind). */
  setupWrites: boolean;
  /** Moves the server clock after the setup (a replay after the skew window). */
  advanceMs: number;
  hostile: Sent[];
  /** For a batch from a genuine kiosk: the items that must not be taken (the answer is 200 either way). */
  hostileIds: string[];
  footprint: Footprint;
};

/** The server and its kiosks: two of OFFICE, one of NEIGHBOUR; things OFFICE already holds. */
export type World = {
  home: TestDevice;
  sibling: TestDevice;
  neighbour: TestDevice;
  homeSubmissions: string[];
  homeSubmissionId: string;
  homeHelp: string[];
  usedToken: string;
  expiredToken: string;
};
export const NEIGHBOUR = '36.03.04';

const count = (sql: string, ...params: unknown[]): Footprint => ({ sql: `SELECT (${sql})::int AS n`, params });
const NOTHING = count('SELECT 0');

type Route = { method: 'GET' | 'POST'; url: string; marker: () => string; body?: (marker: string, office: string) => unknown; footprint: (marker: string) => Footprint };
const hex = () => randomBytes(9).toString('hex');
const ROUTES = {
  batch: {
    method: 'POST',
    url: '/v1/submissions/batch',
    marker: randomUUID,
    body: (m, office) => ({ items: [uploadItem(submission({ officeCode: office }), m)] }),
    footprint: (m) =>
      count('SELECT (SELECT count(*) FROM submissions WHERE id = $1) + (SELECT count(*) FROM submission_conflicts WHERE submission_id = $1) + (SELECT count(*) FROM submission_events WHERE submission_id = $1)', m),
  },
  help: { method: 'POST', url: '/v1/help', marker: randomUUID, body: (m) => ({ id: m, at: '2026-03-02T08:00:00+07:00', screen: 'home' }), footprint: (m) => count('SELECT count(*) FROM help_requests WHERE id = $1', m) },
  heartbeat: {
    method: 'POST',
    url: '/v1/heartbeat',
    marker: () => `hb-${hex()}`,
    body: (m) => ({ appVersion: m, queueDepth: 0, oldestPendingAt: null, lastSyncAt: null, freeDiskBytes: null, devices: [] }),
    footprint: (m) => count("SELECT count(*) FROM devices WHERE app_version = $1 OR last_heartbeat->>'appVersion' = $1", m),
  },
  audit: {
    method: 'POST',
    url: '/v1/audit/batch',
    marker: () => `audit-${hex()}`,
    body: (m) => {
      const entry = { seq: 1, at: '2026-03-02T08:00:00+07:00', actor: 'officer:budi' as const, action: 'answer.override', subject: m, prevHash: GENESIS_HASH };
      return { entries: [{ ...entry, hash: auditEntryHash(entry) }] };
    },
    footprint: (m) => count('SELECT count(*) FROM audit_entries WHERE subject = $1', m),
  },
  officers: { method: 'GET', url: '/v1/officers', marker: hex, footprint: () => NOTHING },
  catalogue: { method: 'GET', url: '/v1/catalogue', marker: hex, footprint: () => NOTHING },
  changes: { method: 'GET', url: '/v1/submissions/changes?since=0', marker: hex, footprint: () => NOTHING },
  auditHead: { method: 'GET', url: '/v1/audit/head', marker: hex, footprint: () => NOTHING },
} satisfies Record<string, Route>;
type RouteName = keyof typeof ROUTES;
const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];
/** Audit batches only link onto a chain the test would have to track, so they are not replayed. */
const REPLAYABLE = ROUTE_NAMES.filter((name) => name !== 'audit');

const TAMPERS = ['signature', 'body', 'query', 'method', 'timestamp', 'nonce', 'device', 'secret', 'random-secret', 'clock', 'body-hash'] as const;
const REPLAYS = ['same', 'burst', 'other-address', 'late', 'other-route'] as const;
const CROSS = ['forged-office', 'foreign-version', 'foreign-help', 'impersonate', 'mixed-batch'] as const;
const ADMIN_AUTH = ['none', 'wrong', 'longer', 'basic', 'device-signature'] as const;
const ADMIN_WRITES = ['officer', 'token', 'transition', 'read'] as const;
const ENROL = ['random', 'used', 'expired'] as const;

export type Plan =
  | { kind: 'unsigned'; target: 'device'; route: RouteName; dropped: string[] }
  | { kind: 'unsigned'; target: 'admin'; write: (typeof ADMIN_WRITES)[number]; auth: (typeof ADMIN_AUTH)[number] }
  | { kind: 'unsigned'; target: 'enrol'; token: (typeof ENROL)[number] }
  | { kind: 'tampered'; route: RouteName; tamper: (typeof TAMPERS)[number]; skew: number }
  | { kind: 'replayed'; route: RouteName; how: (typeof REPLAYS)[number] }
  | { kind: 'cross-office'; how: (typeof CROSS)[number]; route: RouteName };

const route = fc.constantFrom(...ROUTE_NAMES);
export const plan: fc.Arbitrary<Plan> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsigned' as const), target: fc.constant('device' as const), route, dropped: fc.subarray(Object.values(AUTH_HEADERS), { minLength: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsigned' as const), target: fc.constant('admin' as const), write: fc.constantFrom(...ADMIN_WRITES), auth: fc.constantFrom(...ADMIN_AUTH) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsigned' as const), target: fc.constant('enrol' as const), token: fc.constantFrom(...ENROL) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tampered' as const), route, tamper: fc.constantFrom(...TAMPERS), skew: fc.integer({ min: 301, max: 86_400 }).chain((s) => fc.constantFrom(s, -s)) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replayed' as const), route: fc.constantFrom(...REPLAYABLE), how: fc.constantFrom(...REPLAYS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cross-office' as const), how: fc.constantFrom(...CROSS), route: fc.constantFrom<RouteName>('batch', 'help', 'heartbeat') }) },
);

function signed(device: TestDevice, method: 'GET' | 'POST', url: string, payload: string | undefined, options: SignOptions = {}): Sent {
  const headers = { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...device.sign(method, url, payload, options) };
  return { method, url, headers, ...(payload === undefined ? {} : { payload }) };
}

const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('0') ? '1' : '0'}`;

/** A genuine request of a route from a kiosk, with a fresh marker in its data. */
function genuine(world: World, name: RouteName, device: TestDevice = world.home, office = OFFICE) {
  const spec: Route = ROUTES[name];
  const marker = spec.marker();
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body(marker, office));
  return { spec, marker, payload, sent: signed(device, spec.method, spec.url, payload) };
}

export function buildAttack(world: World, p: Plan): Attack {
  const base = { setup: [] as Sent[], setupWrites: false, advanceMs: 0, hostileIds: [] as string[] };
  switch (p.kind) {
    case 'unsigned': {
      if (p.target === 'device') {
        const { spec, marker, sent } = genuine(world, p.route);
        const headers = Object.fromEntries(Object.entries(sent.headers).filter(([name]) => !p.dropped.includes(name)));
        return { ...base, kind: p.kind, label: `unsigned: without ${p.dropped.join(', ')} ${spec.url}`, hostile: [{ ...sent, headers }], footprint: spec.footprint(marker) };
      }
      if (p.target === 'enrol') {
        const name = `enrol-${hex()}`;
        const token = { random: `enrol_${randomBytes(32).toString('base64url')}`, used: world.usedToken, expired: world.expiredToken }[p.token];
        const payload = JSON.stringify({ token, name, appVersion: '1' });
        return { ...base, kind: p.kind, label: `unsigned: ${p.token} enrolment token`, hostile: [{ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload }], footprint: count('SELECT count(*) FROM devices WHERE name = $1', name) };
      }
      return adminAttack(world, p.write, p.auth);
    }
    case 'tampered':
      return { ...base, kind: p.kind, label: `tampered: ${p.tamper} ${ROUTES[p.route].url}`, ...tampered(world, p.route, p.tamper, p.skew) };
    case 'replayed': {
      const { spec, marker, sent } = genuine(world, p.route);
      const copy = { ...sent, headers: { ...sent.headers } };
      const other = ROUTES[p.route === 'help' ? 'heartbeat' : 'help'];
      const hostile = { same: [copy], burst: [copy, copy, copy], 'other-address': [{ ...copy, remoteAddress: '203.0.113.9' }], late: [copy], 'other-route': [{ ...copy, method: other.method, url: other.url }] }[p.how];
      return { ...base, kind: p.kind, label: `replayed: ${p.how} ${spec.url}`, setup: [sent], setupWrites: spec.body !== undefined, advanceMs: p.how === 'late' ? 301_000 : 0, hostile, footprint: spec.footprint(marker) };
    }
    case 'cross-office':
      return { ...base, kind: p.kind, label: `cross-office: ${p.how}`, ...crossOffice(world, p.how, p.route) };
    default:
      throw new Error('unknown plan');
  }
}

function tampered(world: World, name: RouteName, tamper: (typeof TAMPERS)[number], skew: number): Pick<Attack, 'hostile' | 'footprint'> {
  const { home, sibling } = world;
  const { spec, marker, payload, sent } = genuine(world, name);
  const resign = (options: SignOptions, url = spec.url, method = spec.method) => ({ ...signed(home, method, url, payload, options), method: spec.method, url: spec.url });
  const header = (key: string, value: string) => ({ ...sent, headers: { ...sent.headers, [key]: value } });
  const request: Sent = (() => {
    switch (tamper) {
      case 'signature':
        return header(AUTH_HEADERS.signature, flip(sent.headers[AUTH_HEADERS.signature] ?? ''));
      case 'body':
        return payload === undefined ? resign({}, `${spec.url}${spec.url.includes('?') ? '&' : '?'}x=1`) : { ...sent, payload: `${payload} ` };
      case 'query':
        return resign({}, `${spec.url}${spec.url.includes('?') ? '&' : '?'}limit=1`);
      case 'method':
        return resign({}, spec.url, spec.method === 'GET' ? 'POST' : 'GET');
      case 'timestamp':
        return header(AUTH_HEADERS.timestamp, String(Number(sent.headers[AUTH_HEADERS.timestamp]) + 1));
      case 'nonce':
        return header(AUTH_HEADERS.nonce, randomBytes(18).toString('base64url'));
      case 'device':
        return header(AUTH_HEADERS.device, sibling.id);
      case 'secret':
        return resign({ secret: sibling.secret });
      case 'random-secret':
        return resign({ secret: randomBytes(32).toString('base64url') });
      case 'clock':
        return resign({ timestamp: Number(sent.headers[AUTH_HEADERS.timestamp]) + skew });
      case 'body-hash':
        return resign({ bodySha256: payload === undefined ? flip(EMPTY_BODY_SHA256) : EMPTY_BODY_SHA256 });
      default:
        throw new Error('unknown tamper');
    }
  })();
  return { hostile: [request], footprint: spec.footprint(marker) };
}

function adminAttack(world: World, write: (typeof ADMIN_WRITES)[number], auth: (typeof ADMIN_AUTH)[number]): Attack {
  const marker = `x${hex()}`;
  const target = {
    officer: { url: '/v1/admin/officers', body: { officeCode: OFFICE, id: marker, name: 'Intruder', pin: '482913' }, footprint: count('SELECT count(*) FROM officers WHERE id = $1', marker) },
    token: { url: '/v1/admin/enrolment-tokens', body: { officeCode: OFFICE }, footprint: count('SELECT count(*) FROM enrolment_tokens') },
    transition: {
      url: `/v1/admin/submissions/${world.homeSubmissionId}/transition`,
      body: { to: 'rejected', officerId: 'budi', note: marker },
      footprint: count('SELECT count(*) FROM submissions WHERE note = $1 OR state <> $2', marker, 'received'),
    },
    read: { url: `/v1/admin/submissions/${world.homeSubmissionId}`, body: undefined, footprint: NOTHING },
  }[write];
  const method = target.body === undefined ? 'GET' : 'POST';
  const payload = target.body === undefined ? undefined : JSON.stringify(target.body);
  const authorization = { none: undefined, wrong: `Bearer ${ADMIN_TOKEN.replace(/.$/u, 'x')}`, longer: `Bearer ${ADMIN_TOKEN}x`, basic: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`, 'device-signature': undefined }[auth];
  const headers =
    auth === 'device-signature'
      ? signed(world.home, method, target.url, payload).headers
      : { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...(authorization === undefined ? {} : { authorization }) };
  return { kind: 'unsigned', label: `unsigned: admin ${write} with ${auth}`, setup: [], setupWrites: false, advanceMs: 0, hostileIds: [], hostile: [{ method, url: target.url, headers, ...(payload === undefined ? {} : { payload }) }], footprint: target.footprint };
}

function crossOffice(world: World, how: (typeof CROSS)[number], name: RouteName): Pick<Attack, 'hostile' | 'hostileIds' | 'footprint'> {
  const { neighbour, home } = world;
  const pick = <T>(list: readonly T[]) => list[randomBytes(2).readUInt16BE() % list.length] as T;
  switch (how) {
    case 'forged-office': {
      const { marker, sent } = genuine(world, 'batch', neighbour, OFFICE);
      return { hostile: [sent], hostileIds: [marker], footprint: ROUTES.batch.footprint(marker) };
    }
    case 'foreign-version': {
      const id = pick(world.homeSubmissions);
      const payload = JSON.stringify({ items: [uploadItem(submission({ officeCode: NEIGHBOUR, locale: 'en' }), id)] });
      return { hostile: [signed(neighbour, 'POST', ROUTES.batch.url, payload)], hostileIds: [id], footprint: count('SELECT count(*) FROM submission_conflicts WHERE submission_id = $1 AND device_id = $2', id, neighbour.id) };
    }
    case 'foreign-help': {
      const id = pick(world.homeHelp);
      const payload = JSON.stringify({ id, at: '2026-03-02T09:00:00+07:00', screen: 'intruder' });
      return { hostile: [signed(neighbour, 'POST', ROUTES.help.url, payload)], hostileIds: [], footprint: count('SELECT count(*) FROM help_requests WHERE id = $1 AND (device_id <> $2 OR screen = $3)', id, home.id, 'intruder') };
    }
    case 'impersonate': {
      const { spec, marker, payload } = genuine(world, name, neighbour, NEIGHBOUR);
      return { hostile: [signed(neighbour, spec.method, spec.url, payload, { deviceId: home.id })], hostileIds: [], footprint: spec.footprint(marker) };
    }
    case 'mixed-batch': {
      const forged = uploadItem(submission({ officeCode: OFFICE }));
      const payload = JSON.stringify({ items: [uploadItem(submission({ officeCode: NEIGHBOUR })), forged] });
      return { hostile: [signed(neighbour, 'POST', ROUTES.batch.url, payload)], hostileIds: [forged.id], footprint: ROUTES.batch.footprint(forged.id) };
    }
    default:
      throw new Error('unknown cross-office attack');
  }
}
