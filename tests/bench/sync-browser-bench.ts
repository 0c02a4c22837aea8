import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copyConfig, startKioskHost } from '../e2e/fixtures';
import { startCentral, type CentralProcess } from '../e2e/sync-faults/central-process';
import { bridgeClient, enrolKiosk, journalRecord, tuneOffice } from '../e2e/sync-faults/kiosk-harness';
import { endTrace, startTrace } from './chromium-trace';
import { launchDetachedChromium } from './detached-chromium';
import { cpuReport, cpuSnapshot, type CpuSnapshot } from './cpu-accounting';
import { enrolKiosks, signedHeaders, type Kiosk } from './ingest-bench';
import { freshPostgres, type Backend } from './sync-upload-bench';

/**
 * The shipped kiosk itself uploading 10,000 queued submissions: the sync engine in its Web Worker
 * in Chromium with Chromium's own IndexedDB, and the web host sending each batch from its journal,
 * against the central API. Set-up, not timed, once: the submissions go into the host journal and
 * the page restores them into IndexedDB at start; the kiosk's data and browser profile are kept as
 * they are then. Each timed run starts from a copy of them, enrolled with a fresh server of the
 * kind being measured; once the kiosk has reconciled at start, the server comes up and an officer
 * taps "Kirim sekarang". Timed: from that tap until the outbox is empty and the server has
 * acknowledged the whole audit log. Baseline: the same bytes (every submission batch and every
 * audit batch the kiosk sent) posted raw and signed, one after the other, to a fresh server of the
 * same kind from a plain Chromium page, right after each kiosk run; and once from Node. Both
 * Chromium parts are timed with no debugger attached (detached-chromium.ts), as a kiosk runs; the
 * times are the page's own. This machine's speed wanders by 10-20% between minutes, so the ratio
 * reported is the median of the runs' own ratios (BENCH_BROWSER_RUNS, 3 by default).
 */
const COUNT = Number(process.env['BENCH_BROWSER_COUNT'] ?? 10_000);
const BATCH = 50;
const AUDIT_BATCH = 200; // renderer/src/sync/sync-engine.ts AUDIT_BATCH
const RUNS = Math.max(1, Number(process.env['BENCH_BROWSER_RUNS'] ?? 3));
/** BENCH_CPU=1: also print where the CPU went during each timed part (Linux /proc). */
const CPU = process.env['BENCH_CPU'] !== undefined;
/** BENCH_TRACE=<file>: a Chromium trace of the kiosk's timed upload (chromium-trace.ts). */
const TRACE = process.env['BENCH_TRACE'];

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const seconds = (ms: number) => (ms / 1000).toFixed(1);
/** BENCH_VERBOSE=1: each set-up step with the time, on standard error. */
const step = (what: string) => {
  if (process.env['BENCH_VERBOSE'] !== undefined) console.error(`bench ${new Date().toISOString().slice(11, 19)} ${what}`);
};

async function measuredCpu<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpu: string[] }> {
  const before: CpuSnapshot | undefined = CPU ? await cpuSnapshot() : undefined;
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const after = before === undefined ? undefined : await cpuSnapshot();
  return { value, ms, cpu: before === undefined || after === undefined ? [] : cpuReport(before, after, ms) };
}

type Counts = { outbox: number; rows: number };

/**
 * The outbox and submission rows counted in the page, for the restore (not timed). Counting is a
 * scan of every row in Chromium's IndexedDB, so it is never done while the upload is timed.
 */
function counts(page: Page): Promise<Counts> {
  return page.evaluate(
    () =>
      new Promise<Counts>((resolve, reject) => {
        const request = indexedDB.open('tuntun');
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        // Never create the database here: that is the kiosk's job, with its own schema.
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onsuccess = () => {
          const db = request.result;
          let tx: IDBTransaction;
          try {
            tx = db.transaction(['outbox', 'submissions'], 'readonly');
          } catch (error) {
            db.close();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          const outbox = tx.objectStore('outbox').count();
          const rows = tx.objectStore('submissions').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ outbox: outbox.result, rows: rows.result });
          };
          tx.onerror = () => reject(tx.error ?? new Error('read failed'));
        };
      }),
  );
}

async function restored(page: Page, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let told = started;
  for (;;) {
    const now = await counts(page);
    if (now.outbox === COUNT && now.rows === COUNT) return;
    if (process.env['BENCH_VERBOSE'] !== undefined && Date.now() - told > 10_000) {
      told = Date.now();
      console.error(`bench: waiting for the journal restore: ${JSON.stringify(now)}`);
    }
    if (Date.now() - started > timeoutMs) throw new Error(`bench: timed out waiting for the journal restore (${JSON.stringify(now)})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Console marker of the timed parts' ends (detached-chromium.ts reads it from Chromium's stderr). */
const DONE = 'TUNTUN-BENCH-DONE';

/**
 * Installs, in the page, the end of the timed part: from the tap on "Kirim sekarang" until no
 * outbox row is left and the whole audit log is marked sent, then a console line with the
 * milliseconds. One connection, looked at every 100 ms from inside the page, so nothing outside
 * the browser needs to be attached meanwhile. The audit log goes last in a round, so its cursor is
 * looked at first and the outbox only once the audit log is sent: in Chromium a cursor over the
 * outbox steps over every row deleted in front of it (thousands, until the store compacts). No
 * named functions inside: tsx wraps those in a helper the page does not have.
 */
async function armUploadTimer(page: Page, timeoutMs: number): Promise<void> {
  await page.evaluate(
    ({ limitMs, marker }) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Kirim sekarang'));
      if (button === undefined) throw new Error('bench: no "Kirim sekarang" button');
      button.addEventListener(
        'click',
        () => {
          void (async (started: number) => {
            const db = await new Promise<IDBDatabase>((resolve, reject) => {
              const request = indexedDB.open('tuntun');
              request.onerror = () => reject(request.error ?? new Error('open failed'));
              request.onupgradeneeded = () => request.transaction?.abort();
              request.onsuccess = () => resolve(request.result);
            });
            try {
              for (;;) {
                // The outbox is not even in the first transaction's scope: a reader waits for the writers before it.
                const done = await new Promise<boolean>((resolve, reject) => {
                  const tx = db.transaction(['audit', 'syncMeta'], 'readonly');
                  const audit = tx.objectStore('audit').openKeyCursor(null, 'prev');
                  const sent = tx.objectStore('syncMeta').get('sync.auditSentThrough') as IDBRequest<{ value: number } | undefined>;
                  tx.onerror = () => reject(tx.error ?? new Error('read failed'));
                  tx.oncomplete = () => {
                    const auditLast = Number(audit.result?.key ?? 0);
                    if (auditLast === 0 || sent.result?.value !== auditLast) return resolve(false);
                    const then = db.transaction('outbox', 'readonly');
                    const outbox = then.objectStore('outbox').openKeyCursor(null, 'prev');
                    then.onerror = () => reject(then.error ?? new Error('read failed'));
                    then.oncomplete = () => resolve(outbox.result === null);
                  };
                });
                if (done) return performance.now() - started;
                if (performance.now() - started > limitMs) throw new Error('timed out waiting for the upload');
                await new Promise((resolve) => setTimeout(resolve, 100));
              }
            } finally {
              db.close();
            }
          })(performance.now()).then(
            (ms) => console.log(`${marker} ${ms.toFixed(1)}`),
            (error: unknown) => console.log(`${marker} failed: ${String(error)}`),
          );
        },
        { capture: true, once: true },
      );
    },
    { limitMs: timeoutMs, marker: DONE },
  );
}

/** The milliseconds a page reported with armUploadTimer's or the raw run's console line. */
function doneMs(line: string): number {
  const ms = Number(line);
  if (!Number.isFinite(ms)) throw new Error(`bench: the page reported ${line}`);
  return ms;
}

type RawRequest = { path: string; body: string };

/** What the kiosk sent, rebuilt from the journal records (submissions) and the page (audit log). */
async function sentBytes(records: { id: string; record: string }[], page: Page): Promise<RawRequest[]> {
  const requests: RawRequest[] = [];
  const items = records.map(({ record }) => {
    const parsed = JSON.parse(record) as { id: string; trackingCode: string; contentHash: string; createdAt: string; submission: unknown };
    return { id: parsed.id, trackingCode: parsed.trackingCode, contentHash: parsed.contentHash, savedAt: parsed.createdAt, submission: parsed.submission };
  });
  items.sort((a, b) => (a.id < b.id ? -1 : 1));
  for (let i = 0; i < items.length; i += BATCH) requests.push({ path: '/v1/submissions/batch', body: JSON.stringify({ items: items.slice(i, i + BATCH) }) });
  const audit = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = indexedDB.open('tuntun');
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction('audit', 'readonly').objectStore('audit').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Record<string, unknown>[]).map(({ sentAt: _sentAt, ...entry }) => entry));
          };
          all.onerror = () => reject(all.error ?? new Error('read failed'));
        };
      }),
  );
  for (let i = 0; i < audit.length; i += AUDIT_BATCH) requests.push({ path: '/v1/audit/batch', body: JSON.stringify({ entries: audit.slice(i, i + AUDIT_BATCH) }) });
  return requests;
}

async function rawUpload(central: CentralProcess, kiosk: Kiosk, requests: readonly RawRequest[]): Promise<number> {
  const started = performance.now();
  for (const { path: route, body } of requests) {
    const response = await fetch(`${central.url}${route}`, { method: 'POST', headers: signedHeaders(kiosk, 'POST', route, body), body });
    if (response.status !== 200) throw new Error(`raw upload ${route} → ${response.status}: ${(await response.text()).slice(0, 200)}`);
    await response.arrayBuffer();
  }
  return performance.now() - started;
}

/** The kiosk as it is once its journal is restored into IndexedDB: copied for each timed run. */
type Snapshot = { dataDir: string; profileDir: string; officeDir: string; records: { id: string; record: string }[]; restoreMs: number; cleanup: () => Promise<void> };

async function restoredSnapshot(): Promise<Snapshot> {
  const config = await copyConfig();
  await tuneOffice(config.officeDir, { batchSize: BATCH, intervalSeconds: 30 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-kiosk-'));
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-profile-'));
  const cleanup = async () => {
    await config.cleanup();
    for (const dir of [dataDir, profileDir]) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  const host = await startKioskHost({ officeDir: config.officeDir, dataDir });
  const chrome = await launchDetachedChromium(profileDir);
  try {
    const records = Array.from({ length: COUNT }, (_, i) => journalRecord(i));
    const bridge = await bridgeClient(host.url);
    step('restore: appending to the journal');
    for (const record of records) await bridge.invoke('journal.append', record);
    bridge.close();
    const { browser, page } = await chrome.connect();
    const started = performance.now();
    step('restore: page loading');
    await page.goto(host.url);
    // The attract screen shows once the kiosk has opened its store: only then read it.
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).waitFor({ state: 'visible', timeout: 60_000 });
    await restored(page, 15 * 60_000);
    const restoreMs = performance.now() - started;
    await browser.close();
    return { dataDir, profileDir, officeDir: config.officeDir, records, restoreMs, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    step('restore: closing Chromium');
    await chrome.close();
    step('restore: stopping the host');
    await host.stop();
  }
}

/** One timed upload by the kiosk from a copy of the snapshot; with `collect`, the bytes it sent too. */
async function kioskRun(snapshot: Snapshot, backend: Backend, collect: boolean): Promise<{ ms: number; cpu: string[]; requests: RawRequest[] | undefined }> {
  const adminToken = randomBytes(24).toString('base64url');
  const centralDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-central-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-kiosk-'));
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-profile-'));
  step('run: copying the snapshot');
  await cp(snapshot.dataDir, dataDir, { recursive: true, verbatimSymlinks: true });
  await cp(snapshot.profileDir, profileDir, { recursive: true, verbatimSymlinks: true });
  const databaseUrl = backend.databaseUrl === undefined ? undefined : await backend.databaseUrl();
  const centralOptions = { dataDir: centralDir, adminToken, env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '1000000' }, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
  step('run: enrolling');
  let central = await startCentral(centralOptions);
  const port = central.port;
  await enrolKiosk({ serverUrl: central.url, adminUrl: central.url, adminToken, dataDir, force: true });
  // Down until the kiosk is ready: it must not start uploading before the tap.
  await central.stop();
  step('run: kiosk starting');
  const host = await startKioskHost({ officeDir: snapshot.officeDir, dataDir });
  const chrome = await launchDetachedChromium(profileDir);
  try {
    let { browser, page } = await chrome.connect();
    await page.goto(host.url);
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).waitFor({ state: 'visible', timeout: 60_000 });
    // At start the kiosk lists its journal and checks it against IndexedDB: not to be timed.
    const deadline = Date.now() + 5 * 60_000;
    while (!host.output().includes('store.reconciled')) {
      if (Date.now() > deadline) throw new Error('bench: the kiosk did not reconcile its store within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    step('run: reconciled; server up, timing from the tap');
    central = await startCentral({ ...centralOptions, port });
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.locator('button[data-sync-phase]').click();
    const sendNow = page.getByRole('button', { name: 'Kirim sekarang' });
    await sendNow.waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Kirim sekarang'));
      return button !== undefined && !button.disabled;
    });
    // The engine's own backoff timer may fire once the server is back: a round that had already
    // begun would make the timing short, so the bench refuses to time it rather than report it.
    const before = await counts(page);
    if (before.outbox !== COUNT) throw new Error(`bench: the kiosk began uploading on its own before the tap (${COUNT - before.outbox} sent); run it again`);
    await armUploadTimer(page, 15 * 60_000);
    // BENCH_TRACE stays attached to record: its figures are for finding costs, not for the ratio.
    const trace = TRACE === undefined || !collect ? undefined : await startTrace(page);
    const { value: ms, ms: wallMs, cpu } = await measuredCpu(async () => {
      await sendNow.click();
      if (trace === undefined) await browser.close();
      return doneMs(await chrome.consoleLine(DONE, 15 * 60_000));
    });
    // The page's time and the one seen from here differ by the disconnect and the console relay
    // only: a page time far shorter means the page timed something else, and is not reported.
    if (ms < wallMs * 0.8 - 1000) throw new Error(`bench: the page timed ${seconds(ms)} s of an upload that took ${seconds(wallMs)} s seen from outside`);
    if (trace !== undefined && TRACE !== undefined) {
      await endTrace(trace, `${TRACE}.${backend.name}.json`);
      await browser.close();
    }
    if (!collect) return { ms, cpu, requests: undefined };
    step('run: collecting the bytes sent');
    ({ browser, page } = await chrome.connect());
    const requests = await sentBytes(snapshot.records, page);
    await browser.close();
    return { ms, cpu, requests };
  } finally {
    step('run: closing');
    await chrome.close();
    await host.stop();
    await central.stop();
    for (const dir of [centralDir, dataDir, profileDir]) await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * A fresh server of the same kind for each baseline, the same bytes posted one after the other,
 * signed ahead in Node: from Node's fetch, and from a Chromium page on the server's own origin (the
 * browser's network stack without anything of the kiosk's). One server each: a second upload of
 * the same ids into the same server is answered from what the first stored (another device's
 * ids: conflicts), which is not the work the kiosk's upload asked of its server.
 */
async function onFreshCentral<T>(backend: Backend, work: (central: CentralProcess, kiosk: Kiosk) => Promise<T>): Promise<T> {
  const adminToken = randomBytes(24).toString('base64url');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-central-'));
  const databaseUrl = backend.databaseUrl === undefined ? undefined : await backend.databaseUrl();
  const central = await startCentral({ dataDir, adminToken, env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '1000000' }, ...(databaseUrl === undefined ? {} : { databaseUrl }) });
  try {
    const [kiosk] = await enrolKiosks(central, adminToken, 1);
    if (kiosk === undefined) throw new Error('no kiosk');
    return await work(central, kiosk);
  } finally {
    await central.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `json` served once on a loopback port (any origin may read it) while `work` runs. */
async function withServedJson<T>(json: string, work: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(json);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('bench: no port for the raw requests');
    return await work(`http://127.0.0.1:${address.port}/requests.json`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function rawChromium(backend: Backend, requests: readonly RawRequest[]): Promise<{ ms: number; cpu: string[] }> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-profile-'));
  const chrome = await launchDetachedChromium(profileDir);
  try {
    const { value: ms, cpu } = await onFreshCentral(backend, async (central, kiosk) => {
      const { browser, page } = await chrome.connect();
      step('raw: handing the requests to the page');
      await page.goto(`${central.url}/v1/health`);
      const signed = requests.map(({ path: route, body }) => ({ route, body, headers: signedHeaders(kiosk, 'POST', route, body) }));
      type Signed = typeof signed;
      // Fetched by the page first, so the CPU figures cover the upload alone. Not handed over as an
      // evaluate argument: 20 MB through the DevTools protocol kept Chromium's browser process busy
      // for minutes, whether as 10,000 objects or as one string.
      await withServedJson(JSON.stringify(signed), (url) =>
        page.evaluate(async (from) => {
          const response = await fetch(from, { cache: 'no-store' });
          Object.assign(globalThis, { rawRequests: (await response.json()) as unknown });
        }, url),
      );
      return measuredCpu(async () => {
        await page.evaluate((marker) => {
          const started = performance.now();
          void (async () => {
            for (const { route, body, headers } of (globalThis as unknown as { rawRequests: Signed }).rawRequests) {
              const response = await fetch(route, { method: 'POST', headers, body, credentials: 'omit', cache: 'no-store' });
              if (response.status !== 200) throw new Error(`raw upload ${route} → ${response.status}`);
              await response.text();
            }
          })().then(
            () => console.log(`${marker} ${(performance.now() - started).toFixed(1)}`),
            (error: unknown) => console.log(`${marker} failed: ${String(error)}`),
          );
        }, DONE);
        await browser.close();
        return doneMs(await chrome.consoleLine(DONE, 15 * 60_000));
      });
    });
    return { ms, cpu };
  } finally {
    await chrome.close();
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5 });
  }
}


export async function runSyncBrowserBench(postgresUrl: string | undefined): Promise<string[]> {
  const all: Backend[] = [{ name: 'PGlite' }];
  if (postgresUrl !== undefined) all.push({ name: 'PostgreSQL', databaseUrl: () => freshPostgres(postgresUrl) });
  // BENCH_BROWSER_ONLY=PostgreSQL (or PGlite): one backend, when measuring a change locally.
  const only = process.env['BENCH_BROWSER_ONLY'];
  const backends = only === undefined ? all : all.filter((backend) => backend.name === only);
  if (backends.length === 0) throw new Error(`bench: BENCH_BROWSER_ONLY=${only ?? ''} names no backend here (PGlite, or PostgreSQL with a database URL)`);
  const snapshot = await restoredSnapshot();
  const lines = [
    `The kiosk in Chromium (sync worker and IndexedDB; the web host sending from its journal) uploading ${COUNT.toLocaleString('en')} queued submissions (≈2 KB, batches of ${BATCH}) and their audit log, vs raw signed POSTs of the same bytes; ${RUNS} runs each, medians   [set-up, once: journal restore into IndexedDB ${(snapshot.restoreMs / 1000).toFixed(0)} s]`,
  ];
  try {
    for (const backend of backends) {
      const kiosk: number[] = [];
      const raw: number[] = [];
      const cpu: string[] = [];
      let requests: RawRequest[] | undefined;
      for (let run = 0; run < RUNS; run += 1) {
        const timed = await kioskRun(snapshot, backend, requests === undefined);
        requests ??= timed.requests;
        if (requests === undefined) throw new Error('bench: the bytes the kiosk sent were not collected');
        const baseline = await rawChromium(backend, requests);
        kiosk.push(timed.ms);
        raw.push(baseline.ms);
        if (run === 0) cpu.push('kiosk (run 1)', ...timed.cpu, 'raw from Chromium (run 1)', ...baseline.cpu);
      }
      const ratios = kiosk.map((ms, run) => ms / (raw[run] ?? Number.NaN));
      const node = await onFreshCentral(backend, (central, enrolled) => rawUpload(central, enrolled, requests ?? []));
      lines.push(
        `  ${backend.name.padEnd(10)} kiosk ${seconds(median(kiosk))} s (${((COUNT * 1000) / median(kiosk)).toFixed(0)}/s); raw from Chromium ${seconds(median(raw))} s; ` +
          `ratio ${median(ratios).toFixed(2)} (target ≤ 1.50; runs ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}); raw from Node ${seconds(node)} s, ratio ${(median(kiosk) / node).toFixed(2)}` +
          `   [kiosk ${kiosk.map(seconds).join(', ')} s; raw ${raw.map(seconds).join(', ')} s]`,
      );
      if (CPU) lines.push(...cpu.map((line) => `    ${line}`));
    }
  } finally {
    await snapshot.cleanup();
  }
  return lines;
}
