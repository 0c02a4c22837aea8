/**
 * Areas: searching 83,762 villages, and loading them into IndexedDB on a kiosk's first start.
 * `runAreaBench()` returns printable lines; tests/bench/run.ts prints them. Asserts nothing.
 *
 *  - Search, in Node: p95 of `index.search` over ~400 queries typed the way residents type (every
 *    prefix of a village name, letter by letter, plus a few middles of names), against a plain
 *    `names.filter((n) => n.includes(q))` over the same names in the same run, each query timed as
 *    the best of a few tries. Target p95 ≤ 16 ms.
 *  - First load, in Chromium (fake-indexeddb in Node would say nothing about this), target ≤ 5 s:
 *    the built app served by the real web host, opened in a fresh profile, timed until its own
 *    load has written the `areaMeta` row; and `loadAreas` alone, injected into a page of the same
 *    origin that is not the app (CSP bypassed for that one script tag), timed from the call.
 *  - Warm start, in Chromium: what every later start of the kiosk does (check areaMeta, fetch the
 *    asset, build the index), and the fallback that reads the tables back instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { decodeAreaAsset, type AreaRows } from '../../renderer/src/area/area-asset';
import { buildAreaIndex, normalizeAreaName } from '../../renderer/src/area/area-search';
import { buildAreaAssetFile } from '../../scripts/area-data/area-data-plugin';

const root = path.resolve(import.meta.dirname, '..', '..');
const OFFICE = '36.03.03'; // Kec. Tigaraksa, Kab. Tangerang
const FIRST_LOAD_RUNS = Number(process.env['AREA_BENCH_RUNS'] ?? 3);
const SEARCH_REPEATS = 5;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
};
const median = (values: readonly number[]) => percentile(values, 0.5);
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

/** A small seeded generator, so every run asks the same questions. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * What a resident types while looking for a village: each letter adds a query ("t", "ti", "tig",
 * "tiga", …, up to eight letters), for villages near the office and anywhere; and a few middles of
 * names, for residents who remember only part of it.
 */
export function realisticQueries(rows: AreaRows, count = 400): string[] {
  const next = random(20_260_101);
  const near = rows.villages.filter((v) => v.code.startsWith(`${OFFICE.slice(0, 5)}.`));
  const queries: string[] = [];
  while (queries.length < count) {
    const pool = next() < 0.5 ? near : rows.villages;
    const name = normalizeAreaName(pool[Math.floor(next() * pool.length)]?.name ?? '');
    if (name.length < 3) continue;
    if (next() < 0.15) {
      const from = 1 + Math.floor(next() * (name.length - 2));
      queries.push(name.slice(from, from + 3 + Math.floor(next() * 3)));
      continue;
    }
    for (let length = 1; length <= Math.min(8, name.length) && queries.length < count; length += 1) queries.push(name.slice(0, length));
  }
  return queries;
}

function searchBench(rows: AreaRows, queries: readonly string[]): string[] {
  let started = performance.now();
  const index = buildAreaIndex(rows);
  const buildMs = performance.now() - started;

  const names = rows.villages.map((v) => v.name.toLowerCase());
  // Each query's time is the best of SEARCH_REPEATS: on a shared machine one try of a sub-millisecond
  // call measures the neighbours' time slices more than the search; the best try is what it costs.
  const timeEach = (run: (q: string) => unknown) => {
    for (const q of queries.slice(0, 50)) run(q); // let the JIT settle on both sides alike
    return queries.map((q) => {
      let best = Infinity;
      for (let k = 0; k < SEARCH_REPEATS; k += 1) {
        started = performance.now();
        run(q);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    });
  };
  const ours = timeEach((q) => index.search(q, { level: 'village', near: OFFICE, limit: 6 }));
  const baseline = timeEach((q) => names.filter((n) => n.includes(q)));
  const p95 = percentile(ours, 0.95);
  const baseP95 = percentile(baseline, 0.95);
  const first = index.search('tiga', { level: 'village', near: OFFICE })[0];
  return [
    `Village search over ${rows.villages.length.toLocaleString('en')} villages, ${queries.length} queries, best of ${SEARCH_REPEATS} tries each (Node ${process.versions.node})`,
    `  index build        ${ms(buildMs)}`,
    `  index.search       p50 ${ms(median(ours))}  p95 ${ms(p95)}  max ${ms(Math.max(...ours))}  (target p95 ≤ 16 ms)`,
    `  baseline filter    p50 ${ms(median(baseline))}  p95 ${ms(baseP95)}  (names.filter(n => n.includes(q)), unranked)`,
    `  ratio p95          ${(p95 / baseP95).toFixed(2)}  (ours / baseline; below 1 is faster)`,
    `  "tiga" at ${OFFICE}  → ${first?.name ?? 'nothing'}, Kec. ${first?.districtName ?? '?'}`,
  ];
}

/**
 * CPU seconds used so far by a process and all its descendants (Linux /proc). Wall time on a busy
 * machine says more about the neighbours than about us; the CPU the load costs Chromium does not
 * depend on them, and on an idle two-core kiosk the wall time cannot be much less than half of it.
 */
async function treeCpuSeconds(rootPid: number): Promise<number> {
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/u.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state, ppid, …; utime and stime are the 12th and 13th from there.
    if (fields.length > 13) processes.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    ticks += processes.get(pid)?.ticks ?? 0;
    for (const [child, info] of processes) if (info.parent === pid) stack.push(child);
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** The pid of the Chromium browser process launched with `marker` among its switches. */
async function pidWithSwitch(marker: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/u.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(marker)) return Number(entry);
  }
  return undefined;
}

/**
 * Waits for the app's areaMeta row with plain IndexedDB calls. Each look opens the database
 * without a version (so it never creates or upgrades it) and closes it at once, so the app's own
 * connection is never blocked.
 */
async function pollAreaMeta(page: Page, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await page.evaluate(LOOK_FOR_AREA_META)) === true) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

// A string, because this side's tsconfig has no DOM types; it runs in the page.
const LOOK_FOR_AREA_META = `(async () => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes('tuntun')) return false;
  return new Promise((resolve) => {
    const request = indexedDB.open('tuntun');
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const idb = request.result;
      if (!idb.objectStoreNames.contains('areaMeta')) {
        idb.close();
        return resolve(false);
      }
      const get = idb.transaction('areaMeta', 'readonly').objectStore('areaMeta').get('areas');
      get.onsuccess = () => { idb.close(); resolve(get.result !== undefined); };
      get.onerror = () => { idb.close(); resolve(false); };
    };
  });
})()`;

/** The code injected into the Chromium page: the real loader and index, bundled with Dexie. */
async function pageBundle(): Promise<string> {
  const file = (p: string) => JSON.stringify(path.join(root, p));
  const contents = `
    import { openKioskDb } from ${file('renderer/src/db/db.ts')};
    import { loadAreas, areasLoaded, fetchAreaRows, readAreaRows } from ${file('renderer/src/area/load-areas.ts')};
    import { buildAreaIndex } from ${file('renderer/src/area/area-search.ts')};
    globalThis.__areaBench = {
      async firstLoad(name, source) {
        const db = openKioskDb(name);
        let reports = 0;
        let longestTask = 0;
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const started = performance.now();
        const result = await loadAreas(db, source, { onProgress: () => { reports += 1; } });
        const ms = performance.now() - started;
        observer.disconnect();
        const meta = await db.areaMeta.get('areas');
        const villages = (await readAreaRows(db)).villages.length;
        db.close();
        return { ok: result.ok, error: result.ok ? undefined : result.error.message, ms, reports, longestTask, meta: meta !== undefined, villages };
      },
      async warmStart(name, source, queries) {
        const db = openKioskDb(name);
        let started = performance.now();
        const loaded = await areasLoaded(db, source.version);
        const fetched = await fetchAreaRows(source);
        if (!fetched.ok) throw new Error(fetched.error.message);
        const index = buildAreaIndex(fetched.value);
        const assetMs = performance.now() - started;
        started = performance.now();
        const rows = await readAreaRows(db);
        const readMs = performance.now() - started;
        buildAreaIndex(rows);
        const tablesMs = performance.now() - started;
        db.close();
        for (const q of queries.slice(0, 50)) index.search(q, { level: 'village', near: ${JSON.stringify(OFFICE)} });
        const times = queries.map((q) => {
          const t = performance.now();
          index.search(q, { level: 'village', near: ${JSON.stringify(OFFICE)} });
          return performance.now() - t;
        });
        return { loaded, assetMs, readMs, tablesMs, times };
      },
    };
  `;
  const result = await build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, format: 'iife', target: 'chrome120', write: false, logLevel: 'warning' });
  return result.outputFiles[0]?.text ?? '';
}

type FirstLoad = { ok: boolean; error?: string; ms: number; reports: number; longestTask: number; meta: boolean; villages: number };
type WarmStart = { loaded: boolean; assetMs: number; readMs: number; tablesMs: number; times: number[] };

async function chromiumBench(queries: readonly string[], source: { version: string; counts: unknown }): Promise<string[]> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const rendererDir = path.join(root, 'dist', 'renderer');
  const assets = await readdir(path.join(rendererDir, 'area')).catch(() => []);
  const asset = assets.find((f) => /^areas-[0-9a-f]+\.json$/u.test(f));
  if (asset === undefined) return ['First load in Chromium: skipped, no dist/renderer/area/areas-*.json (run `npm run build` first)'];
  if (!asset.endsWith(`${source.version.split('-').at(-1) ?? ''}.json`)) {
    return [`First load in Chromium: skipped, dist/renderer/area/${asset} is from another build of the data (run \`npm run build\`)`];
  }

  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-area-bench-'));
  const host = spawn(process.execPath, [path.join(root, 'dist', 'web-host', 'serve.js')], {
    env: { ...process.env, PORT: '0', KIOSK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready at (\S+)/u.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      host.on('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    });
    const origin = new URL(url).origin;
    const script = await pageBundle();
    const marker = `--tuntun-area-bench=${process.pid}-${Date.now()}`;
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', marker] });
    try {
      const browserPid = await pidWithSwitch(marker);
      const cpu = async () => (browserPid === undefined ? Number.NaN : treeCpuSeconds(browserPid));
      // The app as shipped: a fresh profile opens the kiosk page; timed until the app's own load
      // has written the areaMeta row (polled from outside; includes page load and app start).
      const appRuns: number[] = [];
      const appCpu: number[] = [];
      for (let i = 0; i < FIRST_LOAD_RUNS; i += 1) {
        const fresh = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
        const appPage = await fresh.newPage();
        const cpuBefore = await cpu();
        const started = performance.now();
        await appPage.goto(url);
        const written = await pollAreaMeta(appPage, 60_000);
        appRuns.push(written ? performance.now() - started : Number.NaN);
        appCpu.push((await cpu()) - cpuBefore);
        await fresh.close();
      }

      // bypassCSP: the injected bench script is inline, which the kiosk's CSP rightly forbids.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      // A page of the web host's origin that is not the app (the app may start a load of its own).
      await page.goto(`${origin}/area/${asset}`);
      await page.addScriptTag({ content: script });
      const sourceArg = { url: `/area/${asset}`, version: source.version, counts: source.counts };
      const runs: FirstLoad[] = [];
      const loadCpu: number[] = [];
      for (let i = 0; i < FIRST_LOAD_RUNS; i += 1) {
        const cpuBefore = await cpu();
        runs.push(
          await page.evaluate(
            ([name, src]) => (globalThis as unknown as { __areaBench: { firstLoad: (n: string, s: unknown) => Promise<FirstLoad> } }).__areaBench.firstLoad(name, src),
            [`bench-${i}`, sourceArg] as const,
          ),
        );
        loadCpu.push((await cpu()) - cpuBefore);
      }
      const failed = runs.find((r) => !r.ok || !r.meta);
      if (failed !== undefined) return [`First load in Chromium: FAILED (${failed.error ?? 'areaMeta not written'})`];
      const warm = await page.evaluate(
        ([name, src, qs]) =>
          (globalThis as unknown as { __areaBench: { warmStart: (n: string, s: unknown, q: readonly string[]) => Promise<WarmStart> } }).__areaBench.warmStart(name, src, qs),
        [`bench-0`, sourceArg, queries] as const,
      );
      const times = runs.map((r) => r.ms);
      const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ')[0];
      return [
        `IndexedDB in Chromium ${browser.version()} (web host, fresh profile, ${FIRST_LOAD_RUNS} runs; machine load average ${load} on ${cpus().length} cores)`,
        `  app first start    median ${ms(median(appRuns))}  (${appRuns.map((t) => (Number.isNaN(t) ? 'timeout' : t.toFixed(0))).join(', ')} ms; kiosk page opened → areaMeta written by the app; Chromium CPU ${appCpu.map((c) => c.toFixed(1)).join(', ')} s)  (target ≤ 5 s)`,
        `  loadAreas alone    median ${ms(median(times))}  (${times.map((t) => t.toFixed(0)).join(', ')} ms; fetch → ${runs[0]?.villages.toLocaleString('en')} villages → areaMeta written; ${runs[0]?.reports} progress reports; longest main-thread task ${ms(Math.max(...runs.map((r) => r.longestTask)))}; Chromium CPU ${loadCpu.map((c) => c.toFixed(1)).join(', ')} s)`,
        `  warm start         ${ms(warm.assetMs)}  (areaMeta check + asset fetch + index build, as area-store does; tables ${warm.loaded ? 'complete' : 'NOT complete'})`,
        `  warm, from tables  ${ms(warm.tablesMs)}  (the fallback: reading 91,599 rows ${ms(warm.readMs)} + index build)`,
        `  index.search       p50 ${ms(median(warm.times))}  p95 ${ms(percentile(warm.times, 0.95))}  max ${ms(Math.max(...warm.times))}  (same queries, in Chromium)`,
      ];
    } finally {
      await browser.close();
    }
  } finally {
    host.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runAreaBench(): Promise<string[]> {
  const built = buildAreaAssetFile();
  const decoded = decodeAreaAsset(JSON.parse(built.json));
  if (!decoded.ok) return [`Area bench: the asset does not decode: ${decoded.error.message}`];
  const queries = realisticQueries(decoded.value);
  const lines = searchBench(decoded.value, queries);
  lines.push('', ...(await chromiumBench(queries, built)), '');
  return lines;
}
