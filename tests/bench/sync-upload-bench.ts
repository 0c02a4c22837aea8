import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Submission } from '../../core/flow/submission';
import { openKioskDb } from '../../renderer/src/db/db';
import { saveSubmission } from '../../renderer/src/flow/save-submission';
import { importStoreKey } from '../../renderer/src/store/seal';
import { toAuditEntry } from '../../renderer/src/store/audit';
import { AUDIT_BATCH, createSyncEngine } from '../../renderer/src/sync/sync-engine';
import { createSyncHost } from '../../renderer/src/sync/testing/sync-host.fixture';
import { startCentral, type CentralProcess } from '../e2e/sync-faults/central-process';
import { realisticSubmission } from '../e2e/sync-faults/realistic-submission';
import { enrolKiosks, signedHeaders, type Kiosk } from './ingest-bench';

/**
 * 10,000 queued submissions (≈2 KB each) uploaded by the kiosk's real sync engine (IndexedDB via
 * fake-indexeddb in Node, batches sent from the host journal by the test host, receipts, journal
 * drops), against the same bytes sent as plain signed batch POSTs in the same run, each into a
 * fresh database. The ratio is what the engine costs on top of the wire and the server.
 */
const COUNT = Number(process.env['BENCH_SYNC_COUNT'] ?? 10_000);
const BATCH = 50;

export type Backend = { name: string; databaseUrl?: () => Promise<string> };

export async function freshPostgres(baseUrl: string): Promise<string> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withCentral<T>(backend: Backend, body: (central: CentralProcess, adminToken: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-sync-'));
  const adminToken = randomBytes(24).toString('base64url');
  const databaseUrl = backend.databaseUrl === undefined ? undefined : await backend.databaseUrl();
  const central = await startCentral({
    dataDir,
    adminToken,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '1000000' },
  });
  try {
    return await body(central, adminToken);
  } finally {
    await central.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function serverPublicKey(central: CentralProcess, adminToken: string): Promise<{ kiosk: Kiosk; publicKey: string }> {
  const [kiosk] = await enrolKiosks(central, adminToken, 1);
  if (kiosk === undefined) throw new Error('no kiosk');
  return { kiosk, publicKey: (kiosk as Kiosk & { serverPublicKey: string }).serverPublicKey };
}

type RawRequest = { path: string; body: string };
/** Whole upload, and the part until the first audit request (the submissions alone). */
type Timing = { ms: number; submissionsMs: number };
const AUDIT_PATH = '/v1/audit/batch';

/** The raw baseline: the same bytes, already serialised, posted one request after the other with a signature. */
async function rawUpload(central: CentralProcess, kiosk: Kiosk, requests: readonly RawRequest[]): Promise<Timing> {
  const started = performance.now();
  let submissionsMs = 0;
  for (const { path: route, body } of requests) {
    if (route === AUDIT_PATH && submissionsMs === 0) submissionsMs = performance.now() - started;
    const response = await fetch(`${central.url}${route}`, { method: 'POST', headers: signedHeaders(kiosk, 'POST', route, body), body });
    if (response.status !== 200) throw new Error(`raw upload ${route} → ${response.status}`);
    await response.arrayBuffer();
  }
  return { ms: performance.now() - started, submissionsMs };
}

async function engineUpload(central: CentralProcess, adminToken: string): Promise<Timing & { requests: RawRequest[] }> {
  const { kiosk, publicKey } = await serverPublicKey(central, adminToken);
  const host = createSyncHost({ serverUrl: central.url, serverPublicKey: publicKey, deviceId: kiosk.deviceId, secret: kiosk.secret, officeCode: '36.03.03', now: () => Date.now() });
  const db = openKioskDb(`bench-${randomBytes(4).toString('hex')}`);
  const key = await importStoreKey(host.key);
  const store = { db, key, bridge: host };
  for (let i = 0; i < COUNT; i += 1) {
    const saved = await saveSubmission(store, realisticSubmission(i) as Submission, new Date());
    if (!saved.ok) throw new Error(saved.error.message);
  }
  // The same items as the engine will send them, for the raw baseline (built outside the timing).
  const rows = await db.submissions.orderBy('createdAt').toArray();
  const requests: RawRequest[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const items = [];
    for (const row of rows.slice(i, i + BATCH)) {
      const record = host.journal.get(row.id);
      if (record === undefined) throw new Error('journal entry missing');
      const parsed = JSON.parse(record) as { submission: unknown; trackingCode: string; contentHash: string; createdAt: string };
      items.push({ id: row.id, trackingCode: parsed.trackingCode, contentHash: parsed.contentHash, savedAt: parsed.createdAt, submission: parsed.submission });
    }
    requests.push({ path: '/v1/submissions/batch', body: JSON.stringify({ items }) });
  }
  // The engine also sends the audit log (one "submission.saved" entry per submission): the
  // baseline sends the same entries in the same batches, so both sides do the same work.
  const audit = (await db.audit.orderBy('seq').toArray()).map(toAuditEntry);
  for (let i = 0; i < audit.length; i += AUDIT_BATCH) requests.push({ path: AUDIT_PATH, body: JSON.stringify({ entries: audit.slice(i, i + AUDIT_BATCH) }) });
  let firstAuditAt = 0;
  const engine = createSyncEngine({
    db,
    storeKey: key,
    bridge: host,
    // Notes when the first audit request leaves: everything before it is the submissions' upload.
    fetch: (input, init) => {
      if (firstAuditAt === 0 && String(input instanceof Request ? input.url : input).endsWith(AUDIT_PATH)) firstAuditAt = performance.now();
      return fetch(input, init);
    },
    now: () => Date.now(),
    random: Math.random,
    settings: { batchSize: BATCH, intervalSeconds: 30, overdueAfterHours: 72, overduePending: 500 },
    appVersion: 'bench',
    publish: () => undefined,
  });
  const started = performance.now();
  for (let round = 0; round < COUNT; round += 1) {
    const result = await engine.runRound({ force: true });
    if (result.outcome !== 'ok') throw new Error(`sync round ${result.outcome} ${result.code ?? ''}`);
    if ((await db.outbox.count()) === 0) break;
  }
  const ms = performance.now() - started;
  await engine.stop();
  const left = await db.outbox.count();
  if (left !== 0) throw new Error(`${left} submissions not received`);
  db.close();
  return { ms, submissionsMs: firstAuditAt - started, requests };
}

export async function runSyncUploadBench(postgresUrl: string | undefined): Promise<string[]> {
  const backends: Backend[] = [{ name: 'PGlite' }];
  if (postgresUrl !== undefined) backends.push({ name: 'PostgreSQL', databaseUrl: () => freshPostgres(postgresUrl) });
  const lines = [
    `Kiosk upload of ${COUNT.toLocaleString('en')} queued submissions (≈2 KB), batches of ${BATCH}, and their ${COUNT.toLocaleString('en')} audit entries (batches of ${AUDIT_BATCH}): sync engine vs raw signed POSTs of the same bytes`,
  ];
  for (const backend of backends) {
    const engine = await withCentral(backend, (central, token) => engineUpload(central, token));
    const raw = await withCentral(backend, async (central, token) => {
      const [kiosk] = await enrolKiosks(central, token, 1);
      if (kiosk === undefined) throw new Error('no kiosk');
      return rawUpload(central, kiosk, engine.requests);
    });
    lines.push(
      `  ${backend.name.padEnd(10)} engine ${(engine.ms / 1000).toFixed(1)} s (${((COUNT * 1000) / engine.ms).toFixed(0)}/s), raw ${(raw.ms / 1000).toFixed(1)} s, ` +
        `ratio ${(engine.ms / raw.ms).toFixed(2)}  (target ≤ 1.50); submissions alone ${(engine.submissionsMs / 1000).toFixed(1)} s vs ${(raw.submissionsMs / 1000).toFixed(1)} s, ` +
        `ratio ${(engine.submissionsMs / raw.submissionsMs).toFixed(2)}`,
    );
  }
  return lines;
}
