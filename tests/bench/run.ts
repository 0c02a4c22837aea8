/**
 * `npm run bench`: prints figures, asserts nothing. Ratios compare against baselines measured in
 * the same run on the same machine, so they travel between machines better than milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import { initialJsGzipBytes } from './bundle-size';
import { coldStartOnce, targets } from './cold-start';
import { runAreaBench } from './area-bench';
import { runFlowBench } from './flow-bench';
import { runIngestBench } from './ingest-bench';
import { runPrintingBench } from './printing-bench';
import { runQueueBench } from './queue-bench';
import { runSyncBrowserBench } from './sync-browser-bench';
import { runSyncUploadBench } from './sync-upload-bench';

const root = path.resolve(import.meta.dirname, '..', '..');
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const runs = Number(process.env['BENCH_RUNS'] ?? 7);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

console.log(`Tuntun benchmarks on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}, ${runs} runs each\n`);

// BENCH_ONLY=sync runs only the sync and central API figures.
const only = process.env['BENCH_ONLY'];
if (only === undefined || only === 'kiosk') {
  // Interleaved, so a slow moment of the machine does not land on one side only.
  const [bare, tuntun] = targets(root);
  if (bare === undefined || tuntun === undefined) throw new Error('bench targets missing');
  const times = { bare: [] as number[], tuntun: [] as number[] };
  await coldStartOnce(bare, executablePath); // warm the disk cache for both sides equally
  await coldStartOnce(tuntun, executablePath);
  for (let i = 0; i < runs; i += 1) {
    times.bare.push(await coldStartOnce(bare, executablePath));
    times.tuntun.push(await coldStartOnce(tuntun, executablePath));
  }
  const ratio = median(times.tuntun) / median(times.bare);
  console.log('Cold start to an interactive first screen (spawn host → Chromium launched → button visible)');
  console.log(`  bare static page   median ${median(times.bare).toFixed(0)} ms  (${times.bare.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  tuntun web host    median ${median(times.tuntun).toFixed(0)} ms  (${times.tuntun.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  ratio              ${ratio.toFixed(2)}  (target ≤ 2.00)\n`);

  const bundle = await initialJsGzipBytes(path.join(root, 'dist', 'renderer'));
  console.log('Initial renderer JavaScript (gzip -9)');
  console.log(`  ${(bundle.bytes / 1024).toFixed(1)} KB in ${bundle.files.join(', ')}  (target ≤ 250 KB)`);

  console.log('');
  for (const line of await runFlowBench(root, executablePath)) console.log(line);

  console.log('');
  for (const line of await runAreaBench()) console.log(line);
}

// BENCH_ONLY=printing runs only the printing figures (no build or browser needed for them).
if (only === undefined || only === 'kiosk' || only === 'printing') {
  console.log('');
  for (const line of await runPrintingBench()) console.log(line);
}

// Sync: the kiosk's engine against raw POSTs, and server ingest from 100 kiosks. PostgreSQL comes
// from TEST_DATABASE_URL, or a throwaway cluster this run starts and stops (needs root and Debian's
// postgresql package); without either, the PostgreSQL figures are skipped with the reason.
// BENCH_ONLY=queue runs only the queue-number figures (the same PostgreSQL).
if (only === undefined || only === 'sync' || only === 'queue') {
  console.log('');
  let postgresUrl = process.env['TEST_DATABASE_URL'];
  let startedPostgres = false;
  if (postgresUrl === undefined) {
    try {
      const out = execFileSync('bash', [path.join(root, 'scripts', 'postgres-for-tests.sh'), 'start'], { encoding: 'utf8' });
      postgresUrl = /TEST_DATABASE_URL=(\S+)/u.exec(out)?.[1];
      startedPostgres = postgresUrl !== undefined;
    } catch (error) {
      console.log(`PostgreSQL figures skipped: could not start a test cluster (${String(error).split('\n')[0]})`);
    }
  }
  try {
    if (only !== 'queue') {
      for (const line of await runSyncUploadBench(postgresUrl)) console.log(line);
      console.log('');
      for (const line of await runSyncBrowserBench(postgresUrl)) console.log(line);
      console.log('');
      if (postgresUrl !== undefined) for (const line of await runIngestBench(postgresUrl)) console.log(line);
      console.log('');
    }
    for (const line of await runQueueBench(postgresUrl)) console.log(line);
  } finally {
    if (startedPostgres) execFileSync('bash', [path.join(root, 'scripts', 'postgres-for-tests.sh'), 'stop']);
  }
}
