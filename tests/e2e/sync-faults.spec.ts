import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { copyConfig, expect, startKioskHost, test, type KioskHost } from './fixtures';
import { completeService, loadServices } from './service-driver';
import { admin, startCentral, type CentralProcess } from './sync-faults/central-process';
import { startFaultProxy, seededRandom, type FaultProxy } from './sync-faults/fault-proxy';
import {
  bridgeClient,
  enrolKiosk,
  journalRecord,
  killBrowser,
  launchKioskBrowser,
  readKioskAudit,
  readKioskDb,
  serverRow,
  tuneOffice,
  type KioskRow,
} from './sync-faults/kiosk-harness';

/**
 * The sync invariant under a hostile network and a kiosk that keeps dying: every submission saved
 * on the kiosk ends up on the server exactly once with identical content; none lost, none
 * duplicated; states converge on both sides.
 *
 * Real parts only: the central API as its own process (killed and restarted mid-run), a fault
 * proxy between it and the kiosk, the web host, and Debian's Chromium with a profile on disk.
 * SYNC_FAULT_POINTS sets how many random kill/reload points (200 in CI; more locally).
 */
const POINTS = Number(process.env['SYNC_FAULT_POINTS'] ?? 200);
const SEED = Number(process.env['SYNC_FAULT_SEED'] ?? Date.now() % 1_000_000);
const SEEDED_IN_JOURNAL = 120;
const adminToken = randomBytes(24).toString('base64url');

/** The counts this suite exists to print: to the run's output and onto the test's report. */
const suiteStarted = performance.now();
function progress(line: string) {
  process.stdout.write(`[sync-faults +${((performance.now() - suiteStarted) / 1000).toFixed(0)} s] ${line}\n`);
}

function report(line: string) {
  process.stdout.write(`${line}\n`);
  test.info().annotations.push({ type: 'counts', description: line });
}

type Rig = {
  central: CentralProcess;
  centralDir: string;
  proxy: FaultProxy;
  host: KioskHost;
  profileDir: string;
  cleanup: () => Promise<void>;
};

async function startRig(options: { dataDir?: string } = {}): Promise<Rig> {
  const centralDir = await mkdtemp(path.join(tmpdir(), 'tuntun-central-'));
  const central = await startCentral({ dataDir: centralDir, adminToken });
  const proxy = await startFaultProxy({ upstreamPort: central.port, seed: SEED });
  proxy.setMode('clean');
  const config = await copyConfig();
  await tuneOffice(config.officeDir, { batchSize: 5, intervalSeconds: 5, diskFloorMb: 16 });
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'tuntun-kiosk-')));
  await enrolKiosk({ serverUrl: proxy.url, adminUrl: central.url, adminToken, dataDir });
  const host = await startKioskHost({ officeDir: config.officeDir, dataDir });
  const profileDir = await mkdtemp(path.join(tmpdir(), 'tuntun-profile-'));
  const rig: Rig = {
    central,
    centralDir,
    proxy,
    host,
    profileDir,
    cleanup: async () => {
      await killBrowser(profileDir);
      await host.stop();
      await proxy.close();
      await rig.central.stop();
      await config.cleanup();
      for (const dir of [centralDir, profileDir, ...(options.dataDir === undefined ? [dataDir] : [])]) await rm(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

async function restartCentral(rig: Rig) {
  await rig.central.kill();
  rig.central = await startCentral({ dataDir: rig.centralDir, adminToken });
  rig.proxy.setUpstream(rig.central.port);
}

/**
 * F5 on the kiosk. Right after a cross-process navigation (a browser just launched, moving from
 * about:blank to the kiosk) Chromium can answer Page.reload with "Not attached to an active page"
 * while the new renderer attaches; a fresh load is the same kill for the kiosk.
 */
async function reloadKiosk(page: Page, host: KioskHost) {
  try {
    await page.reload({ waitUntil: 'commit' });
  } catch (error) {
    if (!String(error).includes('Not attached to an active page')) throw error;
    await page.goto(host.url, { waitUntil: 'commit' });
  }
}

const attract = (page: Page) => page.getByRole('button', { name: /Sentuh layar untuk mulai/u });

async function openPage(context: BrowserContext, host: KioskHost): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  // A fresh load even when the page is already on the kiosk (a hash-only change would not reload).
  await page.goto('about:blank');
  await page.goto(host.url);
  await expect(attract(page)).toBeVisible({ timeout: 30_000 });
  return page;
}

async function submitThroughUi(page: Page): Promise<string> {
  const service = loadServices().find((s) => s.id === 'surat-domisili');
  if (service === undefined) throw new Error('surat-domisili is not shipped');
  await attract(page).click();
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  const tile = page.getByRole('button', { name: service.title.id, exact: true });
  if (!(await tile.isVisible())) await page.getByRole('button', { name: 'Berikutnya' }).click();
  await tile.click();
  const result = await completeService(page, service, 'id', { axe: false });
  return result.trackingCode;
}

/** Waits until the kiosk has nothing left to send and every row is at least received. */
async function waitForDrain(page: Page, expected: number, timeoutMs: number) {
  await expect
    .poll(
      async () => {
        const { submissions, outbox } = await readKioskDb(page);
        return { rows: submissions.length, saved: submissions.filter((s) => s.state === 'saved').length, outbox };
      },
      { timeout: timeoutMs, intervals: [1000] },
    )
    .toEqual({ rows: expected, saved: 0, outbox: 0 });
}

async function checkInvariant(rig: Rig, rows: KioskRow[]) {
  let stored = 0;
  for (const row of rows) {
    const onServer = await serverRow(rig.central, adminToken, row.id);
    expect(onServer, `submission ${row.id} on the server`).not.toBeNull();
    expect(onServer?.contentHash, `content of ${row.id}`).toBe(row.contentHash);
    expect(onServer?.conflicts, `conflicting versions of ${row.id}`).toBe(0);
    stored += 1;
  }
  return stored;
}

test.describe('sync under faults', () => {
  // Each test has its own rig (server, proxy, host, browser profile): the two short ones can run on
  // another worker while the long one runs.
  test.describe.configure({ mode: 'parallel' });

  test(`nothing lost or duplicated through ${POINTS} kill/reload points, a faulty network and server restarts`, async () => {
    test.setTimeout(Math.max(20 * 60_000, POINTS * 6_000));
    const rig = await startRig();
    const random = seededRandom(SEED + 1);
    const kinds = { reload: 0, crash: 0, powerCut: 0, serverRestart: 0, uiSubmissions: 0 };
    /** Milliseconds spent per kind of point (and waiting before them), to see where a run's time goes. */
    const spent = { wait: 0, reload: 0, crash: 0, powerCut: 0, serverRestart: 0, uiSubmission: 0 };
    const timed = async <T>(kind: keyof typeof spent, body: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await body();
      } finally {
        spent[kind] += performance.now() - start;
      }
    };
    const spentLine = () => Object.entries(spent).map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(0)} s`).join(', ');
    try {
      // Submissions already waiting: as after IndexedDB lost them, restored from the journal at start.
      progress('rig up; seeding the host journal');
      const bridge = await bridgeClient(rig.host.url);
      let seeded = 0;
      for (; seeded < SEEDED_IN_JOURNAL; seeded += 1) await bridge.invoke('journal.append', journalRecord(seeded));
      progress('journal seeded; opening the kiosk behind the faulty network');
      rig.proxy.setMode('faulty');

      let context = await launchKioskBrowser(rig.profileDir);
      progress('browser up');
      let page = await openPage(context, rig.host);
      progress('kiosk open');
      await submitThroughUi(page);
      kinds.uiSubmissions += 1;
      progress('first UI submission done');

      for (let point = 1; point <= POINTS; point += 1) {
        // More work keeps arriving, so every kill lands while something is being sent: two
        // entries per point appear in the journal, restored into IndexedDB at the next start.
        for (let i = 0; i < 2; i += 1, seeded += 1) await bridge.invoke('journal.append', journalRecord(seeded));
        // Timed in Node, not by the browser: a busy driver would stretch a page.waitForTimeout.
        const pause = Math.floor(random() * 2500);
        await timed('wait', () => new Promise((resolve) => setTimeout(resolve, pause)));
        const roll = random();
        if (roll < 0.7) {
          kinds.reload += 1;
          await timed('reload', () => reloadKiosk(page, rig.host));
        } else if (roll < 0.92) {
          // The renderer process dies (out of memory, a GPU fault): the browser stays up.
          kinds.crash += 1;
          page = await timed('crash', async () => {
            const cdp = await context.newCDPSession(page);
            const crashed = page.waitForEvent('crash', { timeout: 10_000 }).catch(() => undefined);
            // The crash takes the renderer down before it can answer, so the call is not awaited.
            void cdp.send('Page.crash').catch(() => undefined);
            await crashed;
            await page.close().catch(() => undefined);
            const fresh = await context.newPage();
            await fresh.goto(rig.host.url, { waitUntil: 'commit' });
            return fresh;
          });
        } else {
          // The whole browser is SIGKILLed: a power cut, as far as Chromium can tell.
          kinds.powerCut += 1;
          await timed('powerCut', async () => {
            await killBrowser(rig.profileDir);
            await context.close().catch(() => undefined);
            context = await launchKioskBrowser(rig.profileDir);
            page = context.pages()[0] ?? (await context.newPage());
            await page.goto(rig.host.url, { waitUntil: 'commit' });
          });
        }
        if (point % 10 === 0) progress(`point ${point}/${POINTS}; time spent: ${spentLine()}`);
        if (point % 25 === 0) {
          kinds.serverRestart += 1;
          await timed('serverRestart', () => restartCentral(rig));
        }
        if (point % 50 === 0) {
          await timed('uiSubmission', async () => {
            await expect(attract(page)).toBeVisible({ timeout: 30_000 });
            await submitThroughUi(page);
          });
          kinds.uiSubmissions += 1;
        }
      }

      bridge.close();
      rig.proxy.setMode('clean');
      progress('faults off; waiting for the kiosk to drain');
      page = await openPage(context, rig.host);
      const expected = seeded + kinds.uiSubmissions;
      await waitForDrain(page, expected, 180_000);
      progress('drained; checking every submission on the server');
      const { submissions } = await readKioskDb(page);
      const stored = await checkInvariant(rig, submissions);
      progress('invariant holds; the office decides on ten');

      // The office acts on some (only an officer of the office may); the kiosk learns it on its next rounds.
      await admin(rig.central, adminToken, 'POST', '/v1/admin/officers', { officeCode: '36.03.03', id: 'budi', name: 'Budi Santoso', pin: '482916' });
      const decided = submissions.slice(0, 10);
      for (const [index, row] of decided.entries()) {
        const to = index % 2 === 0 ? 'processed' : 'rejected';
        await fetch(`${rig.central.url}/v1/admin/submissions/${row.id}/transition`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ to, officerId: 'budi', note: to === 'processed' ? 'Surat siap diambil' : 'Berkas belum lengkap' }),
        }).then(async (r) => expect(r.status, await r.text()).toBe(200));
      }
      await expect
        .poll(async () => (await readKioskDb(page)).submissions.filter((s) => s.state === 'processed' || s.state === 'rejected').length, { timeout: 60_000 })
        .toBe(decided.length);
      const journal = await bridgeClient(rig.host.url);
      progress('decisions converged');
      const storage = await journal.invoke<{ journalEntries: number }>('storage.status');
      journal.close();
      expect(storage.journalEntries, 'host journal emptied after received').toBe(0);

      const faults = rig.proxy.counts();
      report(
        `[sync-faults] seed ${SEED}: ${POINTS} kill points (reload ${kinds.reload}, renderer crash ${kinds.crash}, browser SIGKILL ${kinds.powerCut}), ` +
          `${kinds.serverRestart} server restarts; proxy ${JSON.stringify(faults)}; ` +
          `kiosk ${submissions.length} submissions (${seeded} restored from the journal, ${kinds.uiSubmissions} through the UI), ` +
          `server ${stored} stored once with identical content, 0 lost, 0 duplicated; ${decided.length} decisions converged`,
      );
      await context.close();
    } finally {
      await rig.cleanup();
    }
  });

  test('a deleted IndexedDB is restored from the host journal, then sent; the audit log links on to the server chain', async () => {
    test.setTimeout(180_000);
    const rig = await startRig();
    try {
      // Two go through while the office is reachable (their audit entries too), then it is not.
      let context = await launchKioskBrowser(rig.profileDir);
      let page = await openPage(context, rig.host);
      await submitThroughUi(page);
      await submitThroughUi(page);
      await waitForDrain(page, 2, 60_000);
      await expect.poll(async () => (await readKioskAudit(page)).sentThrough, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
      rig.proxy.setMode('down');
      const bridge = await bridgeClient(rig.host.url);
      for (let i = 0; i < 20; i += 1) await bridge.invoke('journal.append', journalRecord(i));
      bridge.close();
      await page.reload();
      await expect.poll(async () => (await readKioskDb(page)).submissions.length, { timeout: 30_000 }).toBe(22);
      const queued = (await readKioskDb(page)).submissions
        .filter((s) => s.state === 'saved')
        .map((s) => s.id)
        .sort();
      expect(queued).toHaveLength(20);

      await context.close();
      await rm(path.join(rig.profileDir, 'Default', 'IndexedDB'), { recursive: true, force: true });
      context = await launchKioskBrowser(rig.profileDir);
      page = await openPage(context, rig.host);
      // The received two left the journal with the server's answer; every queued one comes back.
      await expect.poll(async () => (await readKioskDb(page)).submissions.map((s) => s.id).sort(), { timeout: 60_000 }).toEqual(queued);
      report(`[sync-faults] IndexedDB deleted with ${queued.length} queued: ${queued.length} restored from the host journal`);

      rig.proxy.setMode('clean');
      await waitForDrain(page, queued.length, 120_000);
      await checkInvariant(rig, (await readKioskDb(page)).submissions);

      // The new database started its own audit chain; the real server refused it (409) until the
      // kiosk re-linked it onto the chain the server holds. Acknowledged to the last entry:
      await expect
        .poll(
          async () => {
            const audit = await readKioskAudit(page);
            return audit.sentThrough !== null && audit.sentThrough === Math.max(...audit.entries.map((e) => e.seq));
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      const audit = await readKioskAudit(page);
      expect(audit.entries.filter((e) => e.action === 'audit.chain_resumed')).toHaveLength(1);
      const restored = audit.entries.filter((e) => e.action === 'submission.restored').map((e) => e.subject ?? '');
      expect(restored.sort()).toEqual(queued);
      report(`[sync-faults] audit log after the loss: re-linked onto the server chain, acknowledged through entry ${audit.sentThrough}`);
      await context.close();
    } finally {
      await rig.cleanup();
    }
  });

  test('a full disk stops new submissions with a reason, and loses nothing acknowledged', async () => {
    test.setTimeout(240_000);
    const mountPoint = await mkdtemp(path.join(tmpdir(), 'tuntun-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (error) {
      await rm(mountPoint, { recursive: true, force: true });
      test.skip(true, `cannot mount a small tmpfs here (needs root): ${String(error).slice(0, 120)}`);
      return;
    }
    const rig = await startRig({ dataDir: path.join(mountPoint, 'kiosk') });
    const filler = path.join(mountPoint, 'filler.bin');
    try {
      rig.proxy.setMode('down');
      const context = await launchKioskBrowser(rig.profileDir);
      let page = await openPage(context, rig.host);
      const acknowledged = [await submitThroughUi(page), await submitThroughUi(page)];

      // Another process fills the disk until less than the 16 MB floor is left.
      const free = () => Number(execFileSync('df', ['--output=avail', '-B1', mountPoint]).toString().split('\n')[1]);
      await writeFile(filler, Buffer.alloc(Math.max(0, free() - 8 * 1024 * 1024)));
      expect(free()).toBeLessThan(16 * 1024 * 1024);

      page = await openPage(context, rig.host);
      await attract(page).click();
      await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
      await expect(page.getByRole('status').filter({ hasText: /penyimpanan hampir penuh/u })).toBeVisible();
      await page.screenshot({ path: 'test-screens/disk-full-home.png' });

      await rm(filler);
      rig.proxy.setMode('clean');
      page = await openPage(context, rig.host);
      await waitForDrain(page, acknowledged.length, 120_000);
      const stored = await checkInvariant(rig, (await readKioskDb(page)).submissions);
      report(`[sync-faults] disk filled under the floor: new submissions refused with a reason; ${stored}/${acknowledged.length} acknowledged ones kept and sent`);
      await context.close();
    } finally {
      await rig.cleanup();
      execFileSync('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  });
});
