import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { contentHash } from '../../../core/contract/request-signing';
import { createTrackingCode } from '../../../core/id';
import { admin, repoRoot, type CentralProcess } from './central-process';
import { realisticSubmission } from './realistic-submission';

const run = promisify(execFile);

/** Enrols a kiosk data dir with the real CLI (`npm run kiosk -- enrol`), as IT staff would. */
export async function enrolKiosk(options: { serverUrl: string; adminUrl: string; adminToken: string; dataDir: string; officeCode?: string; force?: boolean }) {
  const { token } = await admin<{ token: string }>({ url: options.adminUrl }, options.adminToken, 'POST', '/v1/admin/enrolment-tokens', {
    officeCode: options.officeCode ?? '36.03.03',
    expiresInMinutes: 10,
  });
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'scripts', 'kiosk.ts'),
      'enrol',
      '--server',
      options.serverUrl,
      '--token',
      token,
      '--name',
      'Fault suite',
      '--data-dir',
      options.dataDir,
      ...(options.force === true ? ['--force'] : []),
    ],
    { cwd: repoRoot, env: { ...process.env, KIOSK_DATA_DIR: options.dataDir } },
  );
  return stdout;
}

/** Office config for the suite: small batches and short rounds, so a run crosses many requests. */
export async function tuneOffice(officeDir: string, sync: Record<string, number>) {
  const file = path.join(officeDir, 'office.json');
  const office = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  office['sync'] = { ...(office['sync'] as object | undefined), ...sync };
  await writeFile(file, `${JSON.stringify(office, null, 2)}\n`);
}

/** A client of the host's bridge, as the renderer's WebSocket bridge speaks it. */
export async function bridgeClient(kioskUrl: string) {
  const url = new URL(kioskUrl);
  // The web host knows this process by its user (it is the kiosk's): no token on Linux.
  const token = url.hash.startsWith('#bridge=') ? url.hash.slice('#bridge='.length) : undefined;
  const protocols = token === undefined ? ['tuntun.bridge.v1'] : ['tuntun.bridge.v1', `tuntun.token.${token}`];
  const ws = new WebSocket(`ws://${url.host}/bridge`, protocols, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (result: { ok: boolean; value?: unknown; error?: unknown }) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean } };
    if (frame.type === 'response' && typeof frame.id === 'number') pending.get(frame.id)?.(frame.result as { ok: boolean });
  });
  return {
    invoke: <T>(name: string, input: unknown = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => reject(new Error(`${name}: no answer from the host bridge in 15 s`)), 15_000);
        pending.set(id, (result) => {
          clearTimeout(timer);
          pending.delete(id);
          if (result.ok) resolve(result.value as T);
          else reject(new Error(`${name}: ${JSON.stringify(result.error)}`));
        });
        ws.send(JSON.stringify({ type: 'request', id, name, input }));
      }),
    close: () => ws.close(),
  };
}

/** A journal record exactly as the kiosk's save path writes it (core/contract/journal-record.ts). */
export function journalRecord(index: number) {
  const submission = realisticSubmission(index);
  const id = uuidv7Like();
  return {
    id,
    record: JSON.stringify({
      v: 1,
      id,
      trackingCode: createTrackingCode(crypto.getRandomValues(new Uint8Array(8))),
      serviceId: submission.serviceId,
      serviceVersion: submission.serviceVersion,
      createdAt: new Date().toISOString(),
      contentHash: contentHash(submission),
      submission,
    }),
  };
}

function uuidv7Like(): string {
  // Time-ordered like the kiosk's UUIDv7: 48-bit ms timestamp, version 7, variant 10.
  const bytes = Buffer.from(randomUUID().replaceAll('-', ''), 'hex');
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type KioskRow = { id: string; state: string; contentHash: string };

/** Reads the kiosk's submissions and outbox straight from IndexedDB (ids, states and hashes are not sealed). */
export async function readKioskDb(page: Page): Promise<{ submissions: KioskRow[]; outbox: number }> {
  return page.evaluate(
    () =>
      new Promise<{ submissions: KioskRow[]; outbox: number }>((resolve, reject) => {
        const request = indexedDB.open('tuntun');
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['submissions', 'outbox'], 'readonly');
          const all = tx.objectStore('submissions').getAll() as IDBRequest<KioskRow[]>;
          const queued = tx.objectStore('outbox').getAllKeys();
          tx.oncomplete = () => {
            db.close();
            // As the kiosk shows it (renderer/src/store/state.ts): a 'saved' row no longer queued is received.
            const outbox = new Set(queued.result);
            resolve({
              submissions: all.result.map((row) => ({ id: row.id, state: row.state === 'saved' && !outbox.has(row.id) ? 'received' : row.state, contentHash: row.contentHash })),
              outbox: outbox.size,
            });
          };
          tx.onerror = () => reject(tx.error ?? new Error('read failed'));
        };
      }),
  );
}

export type KioskAudit = { entries: { seq: number; action: string; subject?: string }[]; sentThrough: number | null };

/** The kiosk's audit log and how far the server has acknowledged it (sync.auditSentThrough). */
export async function readKioskAudit(page: Page): Promise<KioskAudit> {
  return page.evaluate(
    () =>
      new Promise<KioskAudit>((resolve, reject) => {
        const request = indexedDB.open('tuntun');
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['audit', 'syncMeta'], 'readonly');
          const all = tx.objectStore('audit').getAll() as IDBRequest<{ seq: number; action: string; subject?: string }[]>;
          const sent = tx.objectStore('syncMeta').get('sync.auditSentThrough') as IDBRequest<{ value: number } | undefined>;
          tx.oncomplete = () => {
            db.close();
            resolve({ entries: all.result.map(({ seq, action, subject }) => ({ seq, action, ...(subject === undefined ? {} : { subject }) })), sentThrough: sent.result?.value ?? null });
          };
          tx.onerror = () => reject(tx.error ?? new Error('read failed'));
        };
      }),
  );
}

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** Chromium with a profile on disk, so a killed browser comes back to the same IndexedDB. */
export async function launchKioskBrowser(profileDir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1920, height: 1080 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  // Outside Playwright's fixtures no action timeout applies: a stuck click must fail, not hang.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** SIGKILLs the browser whose profile is profileDir: the closest thing to a power cut. */
export async function killBrowser(profileDir: string) {
  const { stdout } = await run('pgrep', ['-f', `--user-data-dir=${profileDir}`]).catch(() => ({ stdout: '' }));
  for (const pid of stdout.split('\n').filter((line) => line.trim() !== '')) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export type ServerRow = { id: string; contentHash: string; conflicts: number; state: string } | null;

/** What the server holds under one id, through the back office. */
export async function serverRow(central: Pick<CentralProcess, 'url'>, adminToken: string, id: string): Promise<ServerRow> {
  const response = await fetch(`${central.url}/v1/admin/submissions/${id}`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET submission ${id} → ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { id: string; contentHash: string; conflicts: unknown[]; state: string };
  return { id: body.id, contentHash: body.contentHash, conflicts: body.conflicts.length, state: body.state };
}
