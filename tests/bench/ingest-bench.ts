import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTH_HEADERS, contentHash, signatureOf } from '../../core/contract/request-signing';
import { createTrackingCode } from '../../core/id';
import { admin, startCentral, type CentralProcess } from '../e2e/sync-faults/central-process';
import { realisticSubmission } from '../e2e/sync-faults/realistic-submission';

/**
 * Server ingest: 100 simulated kiosks, each enrolled for real and signing every request, upload
 * to the central API on PostgreSQL. Two runs:
 * - offered load: every kiosk sends a batch of 50 (the kiosk's default batch size) every 5 s, so
 *   1,000 submissions/s are offered and latency is measured at a known rate, as kiosks behave;
 * - saturation: every kiosk sends its next batch as soon as the last is answered, for the most the
 *   server takes on this machine.
 */
export type Kiosk = { deviceId: string; secret: string };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function enrolKiosks(central: { url: string }, adminToken: string, count: number): Promise<Kiosk[]> {
  const kiosks: Kiosk[] = [];
  for (let i = 0; i < count; i += 1) {
    const { token } = await admin<{ token: string }>(central, adminToken, 'POST', '/v1/admin/enrolment-tokens', { officeCode: '36.03.03', expiresInMinutes: 10 });
    const response = await fetch(`${central.url}/v1/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: `Bench kiosk ${i}`, appVersion: 'bench' }),
    });
    if (response.status !== 201) throw new Error(`enrol → ${response.status}: ${await response.text()}`);
    kiosks.push((await response.json()) as Kiosk);
  }
  return kiosks;
}

let serial = 0;
export function uploadBody(items: number): string {
  return JSON.stringify({
    items: Array.from({ length: items }, () => {
      serial += 1;
      const submission = realisticSubmission(serial);
      return {
        id: crypto.randomUUID(),
        trackingCode: createTrackingCode(crypto.getRandomValues(new Uint8Array(8))),
        contentHash: contentHash(submission),
        savedAt: new Date().toISOString(),
        submission,
      };
    }),
  });
}

export function signedHeaders(kiosk: Kiosk, method: 'GET' | 'POST', route: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const nonce = randomBytes(18).toString('base64url');
  // node:crypto, as the kiosk host would hash (the renderer hashes with WebCrypto-speed code too).
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  return {
    'content-type': 'application/json',
    [AUTH_HEADERS.device]: kiosk.deviceId,
    [AUTH_HEADERS.timestamp]: String(timestamp),
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.signature]: signatureOf(kiosk.secret, { method, path: route, timestamp, nonce, bodySha256, deviceId: kiosk.deviceId }),
  };
}

/** Bodies are made before the clock starts: the load generator shares the server's two cores. */
let prepared: string[] = [];
const nextBody = (items: number) => prepared.pop() ?? uploadBody(items);

async function upload(central: CentralProcess, kiosk: Kiosk, items: number): Promise<number> {
  const body = nextBody(items);
  const started = performance.now();
  const response = await fetch(`${central.url}/v1/submissions/batch`, {
    method: 'POST',
    headers: signedHeaders(kiosk, 'POST', '/v1/submissions/batch', body),
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`upload → ${response.status}: ${text.slice(0, 200)}`);
  const stored = (JSON.parse(text) as { results: { outcome: string }[] }).results.filter((r) => r.outcome === 'stored').length;
  if (stored !== items) throw new Error(`upload stored ${stored} of ${items}`);
  return performance.now() - started;
}

export async function runIngestBench(databaseUrl: string): Promise<string[]> {
  const KIOSKS = 100;
  const BATCH = 50;
  const PERIOD_MS = 5_000;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-central-'));
  const adminToken = randomBytes(24).toString('base64url');
  const central = await startCentral({
    dataDir,
    adminToken,
    databaseUrl,
    env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '100000', RATE_LIMIT_PER_ADDRESS: '1000000', ...(process.env['BENCH_PROFILE_DIR'] === undefined ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}` }) },
  });
  const lines: string[] = [];
  try {
    const kiosks = await enrolKiosks(central, adminToken, KIOSKS);
    for (const kiosk of kiosks.slice(0, 10)) await upload(central, kiosk, 10); // warm up

    // Offered load: 100 kiosks × 50 submissions every 5 s, for 30 s.
    const ticks = 6;
    prepared = Array.from({ length: KIOSKS * ticks }, () => uploadBody(BATCH));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      kiosks.map(async (kiosk, index) => {
        for (let tick = 0; tick < ticks; tick += 1) {
          const due = started + (index * PERIOD_MS) / KIOSKS + tick * PERIOD_MS;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          latencies.push(await upload(central, kiosk, BATCH));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const offeredRate = (latencies.length * BATCH) / elapsed;
    lines.push(`Central API ingest on PostgreSQL, ${KIOSKS} kiosks, signed batches of ${BATCH} submissions (≈2 KB each)`);
    lines.push(
      `  offered 1,000/s for ${(ticks * PERIOD_MS) / 1000} s: took ${offeredRate.toFixed(0)} submissions/s, batch latency p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(0)} ms  (targets ≥ 1,000/s, p99 ≤ 250 ms)`,
    );

    // Saturation: each kiosk sends as fast as it is answered, for 10 s.
    prepared = Array.from({ length: 600 }, () => uploadBody(BATCH));
    const satLatencies: number[] = [];
    const satStarted = performance.now();
    await Promise.all(
      kiosks.map(async (kiosk) => {
        while (performance.now() - satStarted < 10_000) satLatencies.push(await upload(central, kiosk, BATCH));
      }),
    );
    const satElapsed = (performance.now() - satStarted) / 1000;
    lines.push(
      `  saturation (closed loop): ${((satLatencies.length * BATCH) / satElapsed).toFixed(0)} submissions/s, p50 ${percentile(satLatencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(satLatencies, 99).toFixed(0)} ms`,
    );
  } finally {
    await central.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return lines;
}
