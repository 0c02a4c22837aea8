import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copyConfig, startKioskHost } from '../e2e/fixtures';
import { startCentral, type CentralProcess } from '../e2e/sync-faults/central-process';
import { bridgeClient, enrolKiosk, journalRecord, launchKioskBrowser, tuneOffice } from '../e2e/sync-faults/kiosk-harness';
import { cpuReport, cpuSnapshot, type CpuSnapshot } from './cpu-accounting';
import { enrolKiosks, signedHeaders, type Kiosk } from './ingest-bench';
import { freshPostgres, type Backend } from './sync-upload-bench';

/**
 * The shipped kiosk itself uploading 10,000 queued submissions: the sync engine in its Web Worker
 * in Chromium, with Chromium's own IndexedDB and WebCrypto, the web host's journal and signing,
 * against the central API. Set-up, not timed: the submissions go into the host journal, the page
 * restores them into IndexedDB at start (the server is down meanwhile), then the server comes up
 * and an officer taps "Kirim sekarang". Timed: from that tap until the outbox is empty and the
 * server has acknowledged the whole audit log. Baselines: the same bytes (every submission batch
 * and every audit batch the kiosk sent) posted raw and signed, one after the other, to a fresh
 * server of the same kind, from a plain Chromium page and from Node.
 */
const COUNT = Number(process.env['BENCH_BROWSER_COUNT'] ?? 10_000);
const BATCH = 50;
const AUDIT_BATCH = 200; // renderer/src/sync/sync-engine.ts AUDIT_BATCH
/** BENCH_CPU=1: also print where the CPU went during each timed part (Linux /proc). */
const CPU = process.env['BENCH_CPU'] !== undefined;

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

/**
 * Resolves once no outbox row is left and the whole audit log is marked sent. One connection,
 * looked at every 100 ms from inside the page: a Playwright round trip and a fresh open per look
 * cost the machine being measured. The audit log goes last in a round, so its cursor is looked at
 * first and the outbox only once the audit log is sent: in Chromium a cursor over the outbox
 * steps over every row deleted in front of it (thousands, until the store compacts). No named
 * functions inside: tsx wraps those in a helper the page does not have.
 */
async function uploaded(page: Page, timeoutMs: number): Promise<void> {
  await page.evaluate(async (limitMs) => {
    const started = performance.now();
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
        if (done) return;
        if (performance.now() - started > limitMs) throw new Error('bench: timed out waiting for the upload');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      db.close();
    }
  }, timeoutMs);
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

async function kioskUpload(backend: Backend): Promise<{ ms: number; requests: RawRequest[]; restoreMs: number; cpu: string[] }> {
  const adminToken = randomBytes(24).toString('base64url');
  const centralDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-central-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-kiosk-'));
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-profile-'));
  const config = await copyConfig();
  const databaseUrl = backend.databaseUrl === undefined ? undefined : await backend.databaseUrl();
  const centralOptions = { dataDir: centralDir, adminToken, env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_DEVICE: '1000000' }, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
  let central = await startCentral(centralOptions);
  const port = central.port;
  await enrolKiosk({ serverUrl: central.url, adminUrl: central.url, adminToken, dataDir });
  await central.stop();
  await tuneOffice(config.officeDir, { batchSize: BATCH, intervalSeconds: 30 });
  const host = await startKioskHost({ officeDir: config.officeDir, dataDir });
  const context = await launchKioskBrowser(profileDir);
  try {
    const records = Array.from({ length: COUNT }, (_, i) => journalRecord(i));
    const bridge = await bridgeClient(host.url);
    for (const record of records) await bridge.invoke('journal.append', record);
    bridge.close();

    const page = context.pages()[0] ?? (await context.newPage());
    const restoreStarted = performance.now();
    await page.goto(host.url);
    // The attract screen shows once the kiosk has opened its store: only then read it.
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).waitFor({ state: 'visible', timeout: 60_000 });
    await restored(page, 15 * 60_000);
    const restoreMs = performance.now() - restoreStarted;

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
    const { ms, cpu } = await measuredCpu(async () => {
      await sendNow.click();
      await uploaded(page, 15 * 60_000);
    });
    return { ms, restoreMs, cpu, requests: await sentBytes(records, page) };
  } finally {
    await context.close();
    await host.stop();
    await central.stop();
    await config.cleanup();
    for (const dir of [centralDir, dataDir, profileDir]) await rm(dir, { recursive: true, force: true });
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

async function rawOnFresh(backend: Backend, requests: readonly RawRequest[]): Promise<{ node: number; chromium: number; cpu: string[] }> {
  const node = await onFreshCentral(backend, (central, kiosk) => rawUpload(central, kiosk, requests));
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-profile-'));
  const context = await launchKioskBrowser(profileDir);
  try {
    const { value: chromium, cpu } = await onFreshCentral(backend, async (central, kiosk) => {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${central.url}/v1/health`);
      const signed = requests.map(({ path: route, body }) => ({ route, body, headers: signedHeaders(kiosk, 'POST', route, body) }));
      type Signed = typeof signed;
      // Handed to the page first, so the CPU figures cover the upload and not Playwright copying 20 MB in.
      await page.evaluate((all) => Object.assign(globalThis, { rawRequests: all }), signed);
      return measuredCpu(() =>
        page.evaluate(async () => {
          const started = performance.now();
          for (const { route, body, headers } of (globalThis as unknown as { rawRequests: Signed }).rawRequests) {
            const response = await fetch(route, { method: 'POST', headers, body, credentials: 'omit', cache: 'no-store' });
            if (response.status !== 200) throw new Error(`raw upload ${route} → ${response.status}`);
            await response.text();
          }
          return performance.now() - started;
        }),
      );
    });
    return { node, chromium, cpu };
  } finally {
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

export async function runSyncBrowserBench(postgresUrl: string | undefined): Promise<string[]> {
  const backends: Backend[] = [{ name: 'PGlite' }];
  if (postgresUrl !== undefined) backends.push({ name: 'PostgreSQL', databaseUrl: () => freshPostgres(postgresUrl) });
  const lines = [
    `The kiosk in Chromium (sync worker, IndexedDB, WebCrypto, web host) uploading ${COUNT.toLocaleString('en')} queued submissions (≈2 KB, batches of ${BATCH}) and their audit log, vs raw signed POSTs of the same bytes`,
  ];
  for (const backend of backends) {
    const kiosk = await kioskUpload(backend);
    const raw = await rawOnFresh(backend, kiosk.requests);
    lines.push(
      `  ${backend.name.padEnd(10)} kiosk ${(kiosk.ms / 1000).toFixed(1)} s (${((COUNT * 1000) / kiosk.ms).toFixed(0)}/s); raw from Chromium ${(raw.chromium / 1000).toFixed(1)} s, ` +
        `ratio ${(kiosk.ms / raw.chromium).toFixed(2)} (target ≤ 1.50); raw from Node ${(raw.node / 1000).toFixed(1)} s, ratio ${(kiosk.ms / raw.node).toFixed(2)}` +
        `   [set-up: journal restore into IndexedDB ${(kiosk.restoreMs / 1000).toFixed(0)} s]`,
    );
    if (CPU) lines.push(...['kiosk', ...kiosk.cpu, 'raw from Chromium', ...raw.cpu].map((line) => `    ${line}`));
  }
  return lines;
}
