import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from './environment';
import { createHost } from './host';
import { createLogger } from './logs/logger';

/**
 * The kiosk's data dir (journal, device secret, store key, logs, browser profile) belongs to the
 * kiosk user alone: made 0700 with 0600 files, loose modes the kiosk left are closed at start, and
 * a data dir someone else opened to other users is refused, as PostgreSQL refuses its own.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const asRoot = process.getuid?.() === 0;
const NIK = '3603031708900001';
let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'tuntun-modes-'));
  // Like /home or /var/lib: another account may walk through, so only the data dir's own modes protect it.
  await chmod(parent, 0o755);
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** As the web host starts (launch.ts): the environment, the logger, the host; one submission journaled. */
async function runKiosk(dataDir: string): Promise<void> {
  const env = readEnvironment({ KIOSK_DATA_DIR: dataDir, KIOSK_DISK_FLOOR_MB: '0' }, root);
  if (!env.ok) throw new Error(env.message);
  const logger = createLogger({ dir: path.join(env.value.dataDir, 'logs'), level: 'info', stdout: false });
  const host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir: env.value.officeDir, dataDir: env.value.dataDir, diskFloorMbOverride: 0, logger });
  await host.start();
  const id = randomUUID();
  expect(await host.dispatch('journal.append', { id, record: JSON.stringify({ id, nik: NIK }) })).toMatchObject({ ok: true });
  await host.stop();
}

async function modes(dataDir: string, names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = ((await stat(path.join(dataDir, name))).mode & 0o777).toString(8);
  return out;
}

/** Reads a file as user nobody (uid 65534) with the system's node; answers "read" or the error code. */
function readAsNobody(file: string): Promise<string> {
  const script = "try { require('node:fs').readFileSync(process.argv[1]); process.stdout.write('read') } catch (e) { process.stdout.write(String(e.code)) }";
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/node', ['-e', script, file], { uid: 65534, gid: 65534, cwd: '/', env: {} }, (error, stdout) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`node as nobody failed: ${error.message}`));
    });
  });
}

describe('the kiosk data dir', () => {
  it('is made 0700 by a real host start, its folders 0700 and its files 0600', async () => {
    const dataDir = path.join(parent, 'tuntun');
    await runKiosk(dataDir);
    expect(await modes(dataDir, ['.', 'logs', 'logs/tuntun.log', 'secrets', 'secrets/store-key.json', 'journal', 'journal/submissions.journal'])).toEqual({
      '.': '700',
      logs: '700',
      'logs/tuntun.log': '600',
      secrets: '700',
      'secrets/store-key.json': '600',
      journal: '700',
      'journal/submissions.journal': '600',
    });
  });

  it.skipIf(!asRoot)('keeps another local user (nobody) out of the log file and the journal', async () => {
    const dataDir = path.join(parent, 'tuntun');
    await runKiosk(dataDir);
    // The control proves nobody can run node and reach the parent: EACCES below is the data dir's doing.
    const control = path.join(parent, 'control.txt');
    await writeFile(control, 'readable by all');
    await chmod(control, 0o644);
    expect(await readAsNobody(control)).toBe('read');
    expect(await readAsNobody(path.join(dataDir, 'logs', 'tuntun.log'))).toBe('EACCES');
    expect(await readAsNobody(path.join(dataDir, 'journal', 'submissions.journal'))).toBe('EACCES');
  });

  it('closes at start the folders and files an older kiosk left open', async () => {
    const dataDir = path.join(parent, 'tuntun');
    await mkdir(dataDir, { mode: 0o700 });
    await chmod(dataDir, 0o700);
    for (const folder of ['logs', 'secrets', 'journal', 'chromium-profile']) {
      await mkdir(path.join(dataDir, folder));
      await chmod(path.join(dataDir, folder), 0o755);
    }
    await writeFile(path.join(dataDir, 'logs', 'tuntun.log'), '');
    await chmod(path.join(dataDir, 'logs', 'tuntun.log'), 0o644);
    await runKiosk(dataDir);
    expect(await modes(dataDir, ['.', 'logs', 'logs/tuntun.log', 'secrets', 'journal', 'chromium-profile'])).toEqual({
      '.': '700',
      logs: '700',
      'logs/tuntun.log': '600',
      secrets: '700',
      journal: '700',
      'chromium-profile': '700',
    });
    // IT sees in the log what was closed, and how it was found.
    const lines = (await readFile(path.join(dataDir, 'logs', 'tuntun.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line['event'] === 'data.mode_tightened').map((line) => `${String(line['file'])} ${String(line['mode'])}`)).toEqual([
      'secrets 0755',
      'journal 0755',
      'chromium-profile 0755',
    ]);
    expect(lines.filter((line) => line['event'] === 'logs.mode_tightened').map((line) => `${path.relative(dataDir, String(line['file']))} ${String(line['mode'])}`)).toEqual([
      'logs 0755',
      'logs/tuntun.log 0644',
    ]);
  });

  it('is refused when another hand opened it to other users, with its path, its mode and the chmod to run', async () => {
    for (const mode of [0o755, 0o750, 0o701]) {
      const dataDir = path.join(parent, `loose-${mode.toString(8)}`);
      await mkdir(dataDir);
      await chmod(dataDir, mode);
      const env = readEnvironment({ KIOSK_DATA_DIR: dataDir }, root);
      expect(env).toEqual({
        ok: false,
        message: `The data dir ${dataDir} has mode 0${mode.toString(8)}, which lets other users on this computer read residents' data: run "chmod 700 ${dataDir}" and start again.`,
      });
      // Refused, not repaired: the kiosk did not make this folder, and someone may rely on its modes.
      expect((await stat(dataDir)).mode & 0o777).toBe(mode);
    }
    const file = path.join(parent, 'a-file');
    await writeFile(file, '');
    expect(readEnvironment({ KIOSK_DATA_DIR: file }, root)).toEqual({ ok: false, message: `The data dir ${file} is not a folder: set KIOSK_DATA_DIR to a folder.` });
  });

  it('makes the web host (npm run serve) refuse a loose data dir before writing anything in it', async () => {
    const dataDir = path.join(parent, 'loose');
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'web-host', 'serve.ts')], {
      cwd: root,
      env: { ...process.env, KIOSK_DATA_DIR: dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => {
      // A host that starts serving never exits on its own: that is the failure this guards against.
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect({ code, stderr: stderr.trim() }).toEqual({ code: 1, stderr: expect.stringContaining(`has mode 0755`) as unknown });
    expect(stderr).toContain(`run "chmod 700 ${dataDir}"`);
    expect(await readdir(dataDir)).toEqual([]);
  }, 40_000);
});
