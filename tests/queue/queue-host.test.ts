import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueDayResponse, QueueTicket } from '../../core/contract/queue';
import { migrate } from '../../central-api/src/db/migrate';
import { directoryCatalogue } from '../../central-api/src/domain/catalogue-source';
import { issueEnrolmentToken } from '../../central-api/src/domain/devices';
import { buildServer } from '../../central-api/src/server';
import { BACKENDS, type TestDatabase } from '../../central-api/src/testing/backends';
import { ADMIN_TOKEN, OFFICE, REPO_CATALOGUE } from '../../central-api/src/testing/harness';
import { createHost, type Host } from '../../electron/services/host';
import { createLogger } from '../../electron/services/logs/logger';
import { dataPaths } from '../../electron/services/storage/data-paths';
import { runKiosk } from '../../scripts/kiosk';

/**
 * Queue numbers end to end on the host, against a real central API on a real socket: the host's
 * `queue.take` as the renderer calls it, the kiosk enrolled with `npm run kiosk -- enrol`. When the
 * server does not answer, the host issues a number of its own within the 2 s timeout, keeps it
 * across a restart, and reports it once the server is back, after which the server lists it.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const officeDir = path.join(repo, 'kiosk-config', 'offices', 'tigaraksa');

let dataDir: string;
let database: TestDatabase;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-queue-host-'));
  const pglite = BACKENDS[0];
  if (pglite === undefined) throw new Error('no PGlite backend');
  database = await pglite.open();
  await migrate(database.db);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The central API on 127.0.0.1 (on `port` when given: the same address after an outage), with the real clock. */
async function startCentral(port = 0): Promise<{ app: FastifyInstance; url: string; port: number; stop: () => Promise<void> }> {
  const app = await buildServer({ db: database.db, adminToken: ADMIN_TOKEN, catalogue: directoryCatalogue(REPO_CATALOGUE) });
  await app.listen({ port, host: '127.0.0.1' });
  const bound = (app.server.address() as AddressInfo).port;
  let stopped = false;
  const stop = async () => {
    if (!stopped) await app.close();
    stopped = true;
  };
  cleanups.push(stop);
  return { app, url: `http://127.0.0.1:${bound}`, port: bound, stop };
}

/** A server that takes connections on the port and never answers: a hung central API or a dead link. */
async function blackHole(port: number): Promise<{ stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  cleanups.push(stop);
  return { stop };
}

async function kiosk(args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await runKiosk(args, { env: { KIOSK_DATA_DIR: dataDir }, out: (l) => out.push(l), err: (l) => out.push(l), root: repo });
  if (code !== 0) throw new Error(out.join('\n'));
  return out.join('\n');
}

async function enrol(url: string): Promise<void> {
  const { token } = await issueEnrolmentToken(database.db, OFFICE, 60, new Date());
  await kiosk(['enrol', '--server', url, '--token', token, '--name', 'Loket depan']);
}

async function startHost(): Promise<Host> {
  const host = createHost({
    shell: 'web',
    runtime: 'test',
    version: '0.0.0-test',
    officeDir,
    dataDir,
    logger: createLogger({ dir: path.join(dataDir, 'logs'), level: 'debug', stdout: false }),
    // Reports retried every few hundred ms instead of every few seconds to minutes.
    queueTimings: { retry: { baseMs: 200, capMs: 400 }, random: () => 0.5 },
  });
  await host.start();
  let stopped = false;
  const stop = async () => {
    if (!stopped) await host.stop();
    stopped = true;
  };
  cleanups.push(stop);
  return { ...host, stop };
}

async function take(host: Host, desk: string, priority = false, requestId: string = randomUUID()): Promise<QueueTicket> {
  const result = await host.dispatch('queue.take', { requestId, desk, priority });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return QueueTicket.parse(result.value);
}

async function serverDay(central: { app: FastifyInstance }, day: string) {
  const response = await central.app.inject({ method: 'GET', url: `/v1/admin/offices/${OFFICE}/queue?day=${day}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return QueueDayResponse.parse(response.json()).tickets;
}

describe('queue numbers on the host', () => {
  it('takes numbers from the central API, with the counter, the wait and the time; a retried call gets the same ticket', async () => {
    const central = await startCentral();
    await enrol(central.url);
    const host = await startHost();
    const requestId = randomUUID();
    const first = await take(host, 'civil-registration', false, requestId);
    expect(first).toMatchObject({
      number: 'A-001',
      source: 'central',
      lane: 'A',
      counter: { id: 'Loket 1', en: 'Desk 1' },
      ahead: 0,
      timeZone: 'Asia/Jakarta',
      officeCode: OFFICE,
      officeName: 'Kecamatan Tigaraksa',
      reported: true,
    });
    expect(Math.abs(Date.parse(first.issuedAt) - Date.now())).toBeLessThan(10_000);
    expect(await take(host, 'civil-registration', false, requestId)).toEqual(first);
    expect(await take(host, 'information')).toMatchObject({ number: 'C-001', counter: { id: 'Loket 3' } });
    expect(await take(host, 'collect')).toMatchObject({ number: 'C-002', ahead: 1 });
    expect(await take(host, 'letters', true)).toMatchObject({ number: 'P-001', priority: true, counter: { id: 'Loket Prioritas' } });
    expect(await host.dispatch('queue.take', { requestId: randomUUID(), desk: 'passport', priority: false })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('issues its own number within the timeout while the server does not answer, keeps it across a restart, and reports it when the server is back', { timeout: 60_000 }, async () => {
    const central = await startCentral();
    await enrol(central.url);
    const kioskNumber = (JSON.parse(await readFile(dataPaths(dataDir).deviceFile, 'utf8')) as { kioskNumber: number }).kioskNumber;
    expect(kioskNumber).toBe(1);
    expect(await kiosk(['status'])).toContain('Queue:    kiosk K1 of its office');
    let host = await startHost();
    const online = await take(host, 'civil-registration');
    expect(online.number).toBe('A-001');

    await central.stop();
    const hole = await blackHole(central.port);
    const started = Date.now();
    const requestId = randomUUID();
    const offline = await take(host, 'civil-registration', false, requestId);
    const waited = Date.now() - started;
    expect(offline).toMatchObject({ number: 'A-K1-001', source: 'kiosk', ahead: null, reported: false, counter: { id: 'Loket 1' } });
    expect(waited).toBeLessThan(3_000);
    expect(await take(host, 'letters', true)).toMatchObject({ number: 'P-K1-001' });
    const health = await host.dispatch('health.check', {});
    expect(health).toMatchObject({ ok: true, value: { checks: expect.arrayContaining([expect.objectContaining({ name: 'queue', detail: expect.stringMatching(/^2 kiosk-issued queue numbers waiting to be reported/u) })]) } });

    // A restart (a power cut is the same: each number was fsync'ed before it was answered).
    await host.stop();
    const file = dataPaths(dataDir).queueFile;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    host = await startHost();
    expect(await take(host, 'civil-registration', false, requestId)).toMatchObject({ number: 'A-K1-001' });
    expect(await take(host, 'civil-registration')).toMatchObject({ number: 'A-K1-002' });

    await hole.stop();
    const back = await startCentral(central.port);
    const day = online.day;
    await vi.waitFor(async () => expect((await serverDay(back, day)).filter((t) => t.source === 'kiosk').map((t) => t.number)).toEqual(['A-K1-001', 'A-K1-002', 'P-K1-001']), {
      timeout: 15_000,
      interval: 200,
    });
    await vi.waitFor(async () =>
      expect(await host.dispatch('health.check', {})).toMatchObject({ ok: true, value: { checks: expect.arrayContaining([{ name: 'queue', status: 'ok', detail: expect.stringMatching(/^Every queue number/u) }]) } }),
    );
    expect(await take(host, 'civil-registration', false, requestId)).toMatchObject({ number: 'A-K1-001', reported: true });
    // The office counts the kiosk's numbers among those waiting: A-001, A-K1-001 and A-K1-002 are ahead.
    expect(await take(host, 'civil-registration')).toMatchObject({ number: 'A-002', source: 'central', ahead: 3 });
  });

  it('learns its kiosk number from the first central answer when enrolled before kiosk numbers, and issues its own with it from then on', async () => {
    const central = await startCentral();
    await enrol(central.url);
    const deviceFile = dataPaths(dataDir).deviceFile;
    const older = JSON.parse(await readFile(deviceFile, 'utf8')) as Record<string, unknown>;
    delete older.kioskNumber;
    await writeFile(deviceFile, JSON.stringify(older));
    const host = await startHost();
    await central.stop();
    const refused = await host.dispatch('queue.take', { requestId: randomUUID(), desk: 'letters', priority: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/has not learnt its kiosk number/u) } });

    const back = await startCentral(central.port);
    expect(await take(host, 'letters')).toMatchObject({ number: 'B-001' });
    await back.stop();
    expect(await take(host, 'letters')).toMatchObject({ number: 'B-K1-001', source: 'kiosk' });
  });

  it('gives no number of its own when the kiosk is not enrolled, and says why', async () => {
    const host = await startHost();
    expect(await host.dispatch('queue.take', { requestId: randomUUID(), desk: 'civil-registration', priority: false })).toMatchObject({ ok: false, error: { code: 'not_enrolled' } });
  });
});
