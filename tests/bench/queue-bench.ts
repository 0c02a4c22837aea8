import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgresDatabase } from '../../central-api/src/testing/backends';
import { startCentral } from '../e2e/sync-faults/central-process';
import { enrolKiosks, signedHeaders, type Kiosk } from './ingest-bench';

/**
 * Queue numbers under contention (issue 23): 20 kiosks of one office ask the central API for a
 * number of the same lane at the same moment, round after round; each request's time runs from
 * the moment all 20 are sent to its answer, so waiting behind the lane counter's lock counts. The
 * baseline is the same 20 kiosks sending a signed heartbeat at once (a write without a shared row),
 * so the ratio says what the shared counter costs. The central API runs as its own process over
 * HTTP, as in production; the numbers are checked afterwards: all distinct, none skipped.
 */
const KIOSKS = 20;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/**
 * CPU seconds the central API process has used (Linux /proc, 10 ms ticks), or null elsewhere. On
 * a shared 2-core machine wall times swing with the neighbours' load; CPU per request does not.
 */
async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

type Prepared = { url: string; init: RequestInit };

function prepare(url: string, kiosk: Kiosk, route: string, body: unknown): Prepared {
  const text = JSON.stringify(body);
  return { url: `${url}${route}`, init: { method: 'POST', headers: signedHeaders(kiosk, 'POST', route, text), body: text } };
}

/** Sends all at once; each latency from the common start to that answer. */
async function burst(requests: Prepared[], expected: number): Promise<{ latencies: number[]; bodies: unknown[] }> {
  const started = performance.now();
  const answers = await Promise.all(
    requests.map(async (request) => {
      const response = await fetch(request.url, request.init);
      const body: unknown = await response.json();
      if (response.status !== expected) throw new Error(`${request.url} → ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
      return { latency: performance.now() - started, body };
    }),
  );
  return { latencies: answers.map((a) => a.latency), bodies: answers.map((a) => a.body) };
}

async function benchOne(label: string, databaseUrl: string | undefined, rounds: number): Promise<string[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-queue-'));
  const adminToken = randomBytes(24).toString('base64url');
  const central = await startCentral({ dataDir, adminToken, ...(databaseUrl === undefined ? {} : { databaseUrl }), env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '100000' } });
  try {
    const kiosks = await enrolKiosks(central, adminToken, KIOSKS);
    const take = (kiosk: Kiosk) => prepare(central.url, kiosk, '/v1/queue/tickets', { requestId: randomUUID(), officeCode: '36.03.03', desk: 'civil-registration', priority: false });
    const heartbeat = (kiosk: Kiosk) =>
      prepare(central.url, kiosk, '/v1/heartbeat', { appVersion: 'bench', queueDepth: 0, oldestPendingAt: null, lastSyncAt: null, freeDiskBytes: null, devices: [] });
    // Warm up both paths (connections, JIT, the day's counter row) before anything is timed.
    await burst(kiosks.map(take), 201);
    await burst(kiosks.map(heartbeat), 200);

    const takes: number[] = [];
    const beats: number[] = [];
    const numbers: string[] = [];
    const cpu = { take: 0, heartbeat: 0 };
    const pid = central.process.pid;
    for (let round = 0; round < rounds; round += 1) {
      // Signed before the clock starts, as each kiosk signs its own; interleaved with the baseline.
      const takeRequests = kiosks.map(take);
      const before = await cpuSeconds(pid);
      const taken = await burst(takeRequests, 201);
      const between = await cpuSeconds(pid);
      takes.push(...taken.latencies);
      numbers.push(...taken.bodies.map((body) => (body as { number: string }).number));
      const beatRequests = kiosks.map(heartbeat);
      const beforeBeats = await cpuSeconds(pid);
      beats.push(...(await burst(beatRequests, 200)).latencies);
      const after = await cpuSeconds(pid);
      if (before !== null && between !== null && beforeBeats !== null && after !== null) {
        cpu.take += between - before;
        cpu.heartbeat += after - beforeBeats;
      }
    }
    const sequences = numbers.map((number) => Number(number.slice(2))).sort((a, b) => a - b);
    const consecutive = sequences.every((sequence, index) => sequence === (sequences[0] ?? 0) + index);
    const distinct = new Set(numbers).size === numbers.length;
    const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
    return [
      `  ${label}: ${numbers.length} numbers in ${rounds} rounds of ${KIOSKS} at once: ${distinct && consecutive ? 'all distinct, none skipped' : 'DUPLICATE OR SKIPPED NUMBERS'}`,
      `    take a number   p50 ${ms(takes, 50)} ms  p95 ${ms(takes, 95)} ms  p99 ${ms(takes, 99)} ms  max ${ms(takes, 100)} ms  (target p99 ≤ 100 ms)`,
      `    heartbeat       p50 ${ms(beats, 50)} ms  p95 ${ms(beats, 95)} ms  p99 ${ms(beats, 99)} ms  max ${ms(beats, 100)} ms  (baseline)`,
      `    ratio p99 take / heartbeat ${(percentile(takes, 99) / percentile(beats, 99)).toFixed(2)}`,
      `    central API process CPU per request: take ${((cpu.take * 1000) / takes.length).toFixed(2)} ms, heartbeat ${((cpu.heartbeat * 1000) / beats.length).toFixed(2)} ms` +
        (databaseUrl === undefined ? ' (PGlite runs inside it)' : ' (PostgreSQL backends not counted)'),
    ];
  } finally {
    await central.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runQueueBench(postgresUrl: string | undefined): Promise<string[]> {
  const rounds = Number(process.env['BENCH_QUEUE_ROUNDS'] ?? 50);
  const lines = [`Queue numbers: ${KIOSKS} enrolled kiosks of one office ask for a number of one lane at the same moment (central API process, HTTP)`];
  lines.push(...(await benchOne('PGlite', undefined, rounds)));
  if (postgresUrl === undefined) lines.push('  PostgreSQL: skipped (no TEST_DATABASE_URL and no test cluster)');
  else {
    const database = await freshPostgresDatabase(postgresUrl);
    try {
      lines.push(...(await benchOne('PostgreSQL', database.url, rounds)));
    } finally {
      await database.drop();
    }
  }
  return lines;
}
