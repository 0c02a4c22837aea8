/* eslint-disable no-restricted-imports -- Test fixture, run by vitest in Node only and never bundled:
   the sync engine under test runs in the browser, the central API it talks to does not. A real
   socket (real fetch, real headers, connections dropped for real) catches what a fetch mock hides.
   Typed by contract-server.d.mts; the real server (central-api/) cannot be imported from here. */
import { generateKeyPairSync, sign as edSign } from 'node:crypto';
import http from 'node:http';
import { AuditBatchRequest, ChangesQuery, HelpUpload, UploadBatchRequest, HeartbeatRequest } from '../../../../core/contract/central-api';
import { auditEntryHash, AUTH_HEADERS, canonicalJson, GENESIS_HASH, contentHash, MAX_CLOCK_SKEW_SECONDS, sha256Hex, signatureOf } from '../../../../core/contract/request-signing';

/**
 * A small stand-in for the central API with the few routes sync uses, checking signatures, clock
 * skew and nonces like the real one, and faults a test can queue. See contract-server.d.mts.
 */
export async function startContractServer(options) {
  const deviceId = options.deviceId;
  const secret = options.secret;
  const officeCode = options.officeCode;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const serverPublicKey = publicKey.export({ format: 'jwk' }).x;
  const stored = new Map();
  const changes = [];
  const nonces = new Set();
  const faults = [];
  const requests = [];
  const counts = { stored: 0, duplicate: 0, conflict: 0, invalid: 0 };
  const heartbeats = [];
  const help = new Map();
  const audit = [];
  const invalidIds = new Set();
  const poisonIds = new Set();
  let clockOffsetMs = 0;
  let nextCursor = 1;
  let catalogueTamper = false;
  let catalogue = makeCatalogue('2026-01-01T00:00:00.000Z');

  function makeCatalogue(issuedAt) {
    const content = { officeCode, issuedAt, services: [] };
    return { ...content, version: sha256Hex(canonicalJson(content)) };
  }
  const signCatalogue = (value) => edSign(null, Buffer.from(canonicalJson(value)), privateKey).toString('base64url');

  const serverNow = () => Date.now() + clockOffsetMs;
  const addChange = (id, state, note) => {
    const entry = stored.get(id);
    const change = { cursor: String(nextCursor++), id, trackingCode: entry?.trackingCode ?? '000-000-0000', state, changedAt: new Date(serverNow()).toISOString() };
    if (note !== undefined) change.note = note;
    changes.push(change);
    if (entry !== undefined) entry.state = state;
    return change;
  };

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
    return status;
  };
  const apiError = (res, status, code, extra = {}) => send(res, status, { error: { code, message: code, ...extra } });

  function authenticate(req, path, bodySha256, res) {
    const h = (name) => req.headers[name];
    if (h(AUTH_HEADERS.device) !== deviceId) return apiError(res, 401, 'unauthorized');
    const timestamp = Number(h(AUTH_HEADERS.timestamp));
    if (Math.abs(serverNow() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      return apiError(res, 401, 'clock_skew', { serverTime: new Date(serverNow()).toISOString() });
    }
    const nonce = String(h(AUTH_HEADERS.nonce));
    const expected = signatureOf(secret, { method: req.method, path, timestamp, nonce, bodySha256, deviceId });
    if (h(AUTH_HEADERS.signature) !== expected) return apiError(res, 401, 'unauthorized');
    if (nonces.has(nonce)) return apiError(res, 401, 'replayed');
    nonces.add(nonce);
    return null;
  }

  function upload(body, res) {
    const parsed = UploadBatchRequest.safeParse(body);
    if (!parsed.success || parsed.data.items.some((item) => poisonIds.has(item.id))) return apiError(res, 400, 'bad_request');
    const results = parsed.data.items.map((item) => {
      if (invalidIds.has(item.id) || contentHash(item.submission) !== item.contentHash) {
        counts.invalid += 1;
        return { id: item.id, outcome: 'invalid', status: 400, message: 'content does not match its hash' };
      }
      const existing = stored.get(item.id);
      if (existing === undefined) {
        const receivedAt = new Date(serverNow()).toISOString();
        stored.set(item.id, { trackingCode: item.trackingCode, contentHash: item.contentHash, submission: item.submission, receivedAt, state: 'received', conflicts: [] });
        counts.stored += 1;
        addChange(item.id, 'received');
        return { id: item.id, outcome: 'stored', status: 201, receivedAt };
      }
      if (existing.contentHash === item.contentHash) {
        counts.duplicate += 1;
        return { id: item.id, outcome: 'duplicate', status: 200, receivedAt: existing.receivedAt };
      }
      existing.conflicts.push({ contentHash: item.contentHash, submission: item.submission });
      counts.conflict += 1;
      return { id: item.id, outcome: 'conflict', status: 422, receivedAt: existing.receivedAt };
    });
    return send(res, 200, { results });
  }

  /** The real server's chain rules (central-api/src/domain/audit.ts), whole batch or nothing. */
  function appendAudit(body, res) {
    const parsed = AuditBatchRequest.safeParse(body);
    if (!parsed.success) return apiError(res, 400, 'bad_request');
    const entries = [...parsed.data.entries].sort((a, b) => a.seq - b.seq);
    if (entries.some((entry) => auditEntryHash(entry) !== entry.hash)) return apiError(res, 400, 'bad_request');
    const added = [];
    for (const entry of entries) {
      const held = audit[entry.seq - 1] ?? added.find((e) => e.seq === entry.seq);
      if (held !== undefined) {
        if (held.hash !== entry.hash) return apiError(res, 409, 'conflict');
        continue;
      }
      const last = added.at(-1) ?? audit.at(-1);
      if (entry.seq !== (last?.seq ?? 0) + 1 || entry.prevHash !== (last?.hash ?? GENESIS_HASH)) return apiError(res, 409, 'conflict');
      added.push(entry);
    }
    audit.push(...added);
    return send(res, 200, { acceptedThrough: audit.length });
  }

  function route(req, path, url, body, res) {
    if (req.method === 'POST' && url.pathname === '/v1/help') {
      const parsed = HelpUpload.safeParse(body);
      if (!parsed.success) return apiError(res, 400, 'bad_request');
      const duplicate = help.has(parsed.data.id);
      help.set(parsed.data.id, parsed.data);
      return send(res, duplicate ? 200 : 201, { outcome: duplicate ? 'duplicate' : 'stored' });
    }
    if (req.method === 'POST' && url.pathname === '/v1/audit/batch') return appendAudit(body, res);
    if (req.method === 'GET' && url.pathname === '/v1/audit/head') {
      return send(res, 200, { through: audit.length, hash: audit.at(-1)?.hash ?? null });
    }
    if (req.method === 'POST' && url.pathname === '/v1/submissions/batch') return upload(body, res);
    if (req.method === 'GET' && url.pathname === '/v1/submissions/changes') {
      const query = ChangesQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return apiError(res, 400, 'bad_request');
      const since = BigInt(query.data.since);
      const after = changes.filter((c) => BigInt(c.cursor) > since);
      const page = after.slice(0, query.data.limit);
      const cursor = page.length === 0 ? query.data.since : page[page.length - 1].cursor;
      return send(res, 200, { changes: page, cursor, more: after.length > page.length });
    }
    if (req.method === 'GET' && url.pathname === '/v1/catalogue') {
      const etag = `"${catalogue.version}"`;
      if (req.headers['if-none-match'] === etag && !catalogueTamper) {
        res.writeHead(304, { etag });
        res.end();
        return 304;
      }
      const signature = signCatalogue(catalogue);
      const sent = catalogueTamper ? { ...catalogue, services: [], officeCode: officeCode, issuedAt: new Date(serverNow()).toISOString() } : catalogue;
      return send(res, 200, { catalogue: sent, signature }, { etag });
    }
    if (req.method === 'POST' && url.pathname === '/v1/heartbeat') {
      const parsed = HeartbeatRequest.safeParse(body);
      if (!parsed.success) return apiError(res, 400, 'bad_request');
      heartbeats.push(parsed.data);
      return send(res, 200, { serverTime: new Date(serverNow()).toISOString() });
    }
    return apiError(res, 404, 'not_found');
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const url = new URL(path, 'http://localhost');
      const record = { method: req.method, path, status: 0, items: 0 };
      requests.push(record);
      const faultIndex = faults.findIndex((f) => f.route === undefined || url.pathname.endsWith(f.route));
      let fault = faultIndex === -1 ? undefined : faults.splice(faultIndex, 1)[0];
      if (fault?.kind === 'pass') fault = undefined;
      if (fault?.kind === 'drop-before') {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'answer') {
        record.status = send(res, fault.status, fault.body, fault.headers);
        return;
      }
      const denied = authenticate(req, path, sha256Hex(new Uint8Array(raw)), res);
      if (denied !== null) {
        record.status = denied;
        return;
      }
      let body;
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch {
        record.status = apiError(res, 400, 'bad_request');
        return;
      }
      record.items = Array.isArray(body?.items) ? body.items.length : 0;
      if (fault?.kind === 'drop-after') {
        // Handled and stored, but the answer never arrives: the case idempotency exists for.
        route(req, path, url, body, { writeHead: () => undefined, end: () => undefined });
        record.status = -2;
        req.socket.destroy();
        return;
      }
      record.status = route(req, path, url, body, res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;

  return {
    url: `http://127.0.0.1:${port}`,
    serverPublicKey,
    stored,
    counts,
    requests,
    heartbeats,
    changes,
    help,
    audit,
    queueFault: (fault) => void faults.push(fault),
    pendingFaults: () => faults.length,
    addChange,
    markInvalid: (id) => void invalidIds.add(id),
    poison: (id) => void poisonIds.add(id),
    setClockOffset: (ms) => {
      clockOffsetMs = ms;
    },
    publishCatalogue: (issuedAt) => {
      catalogue = makeCatalogue(issuedAt);
      return catalogue;
    },
    currentCatalogue: () => catalogue,
    setCatalogueTamper: (on) => {
      catalogueTamper = on;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
