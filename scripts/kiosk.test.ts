import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chown, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../electron/services/journal/journal';
import { createLogger } from '../electron/services/logs/logger';
import { closedPort, startEnrolServer, type EnrolServer } from '../electron/services/secrets/enrol-test-server';
import { createStoreKeyHolder } from '../electron/services/secrets/store-key';
import { keyFileProtector } from '../electron/services/secrets/protector';
import { dataPaths } from '../electron/services/storage/data-paths';
import { runKiosk } from './kiosk';

/**
 * `npm run kiosk` as IT staff use it: in-process for the many argument and server cases, and as a
 * real process through tsx for the exit codes. The central API is a real HTTP server on 127.0.0.1
 * answering the enrolment route by the contract (enrol-test-server.ts).
 */
const repo = path.resolve(import.meta.dirname, '..');
const TOKEN = 'tok_0123456789abcdef';
let dataDir: string;
let api: EnrolServer;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-kiosk-cli-'));
  api = await startEnrolServer({ tokens: [TOKEN, `${TOKEN}-second`] });
});
afterEach(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function kiosk(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKiosk(args, { env: { KIOSK_DATA_DIR: dataDir }, out: (l) => out.push(l), err: (l) => err.push(l), root: repo });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run kiosk -- enrol', () => {
  it('enrols, keeps the secret in a 0600 file, and prints where, never the secret', async () => {
    const result = await kiosk('enrol', '--server', api.url, '--token', TOKEN, '--name', 'Loket depan');
    const issued = api.issued[0];
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`Enrolled "Loket depan" as ${issued?.deviceId} for office 36.03.03 with ${api.url}.`);
    expect(result.out).toContain(`Device secret kept in ${path.join(dataDir, 'secrets', 'device.json')}`);
    expect(result.out).not.toContain(issued?.secret);
    expect(result.out).not.toContain(TOKEN);
    expect(api.requests).toEqual([{ token: TOKEN, name: 'Loket depan', appVersion: expect.stringMatching(/^\d+\.\d+\.\d+/u) }]);

    const file = path.join(dataDir, 'secrets', 'device.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ deviceId: issued?.deviceId, serverUrl: api.url, secret: { store: 'key-file' } });
  });

  it('refuses to enrol an enrolled kiosk without --force, before spending the token', async () => {
    expect((await kiosk('enrol', '--server', api.url, '--token', TOKEN)).code).toBe(0);
    const again = await kiosk('enrol', '--server', api.url, '--token', `${TOKEN}-second`);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already enrolled as dev_.* Add --force/u);
    expect(api.requests).toHaveLength(1);

    const forced = await kiosk('enrol', '--server', api.url, '--token', `${TOKEN}-second`, '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain(api.issued[1]?.deviceId);
  });

  it('says a used or wrong token was refused (401)', async () => {
    expect((await kiosk('enrol', '--server', api.url, '--token', TOKEN)).code).toBe(0);
    await rm(path.join(dataDir, 'secrets'), { recursive: true });
    const reused = await kiosk('enrol', '--server', api.url, '--token', TOKEN);
    expect(reused.code).toBe(1);
    expect(reused.err).toMatch(/^kiosk enrol: The enrolment token was refused \(unauthorized: .*\)\. Tokens work once and expire: ask the back office for a new one\.$/u);
  });

  it('says the server cannot be reached', async () => {
    const port = await closedPort();
    const result = await kiosk('enrol', '--server', `http://127.0.0.1:${port}`, '--token', TOKEN);
    expect(result).toMatchObject({ code: 1, err: `kiosk enrol: Cannot reach the central API at http://127.0.0.1:${port}: connection refused (is the central API running on that port?)` });
  });

  it('warns when the clock is too far from the server to sign requests', async () => {
    await api.close();
    api = await startEnrolServer({ tokens: [TOKEN], skewSeconds: 900 });
    const result = await kiosk('enrol', '--server', api.url, '--token', TOKEN);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Warning: this kiosk's clock is 9\d\d s behind the server's/u);
  });

  it('run with sudo, gives what it wrote to the owner of the data dir (the kiosk user)', async (ctx) => {
    ctx.skip(process.getuid?.() !== 0, 'needs root to change owners');
    const kioskUser = 65534;
    await chown(dataDir, kioskUser, kioskUser);
    expect((await kiosk('enrol', '--server', api.url, '--token', TOKEN)).code).toBe(0);
    for (const written of [path.join(dataDir, 'secrets'), path.join(dataDir, 'secrets', 'device.json')]) {
      expect(await stat(written)).toMatchObject({ uid: kioskUser, gid: kioskUser });
    }
  });

  it('answers wrong usage with one line and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['enrol', '--token', TOKEN], /--server and --token are both required/u],
      [['enrol', '--server', 'not a url', '--token', TOKEN], /is not a URL/u],
      [['enrol', '--server', 'ftp://10.0.0.5', '--token', TOKEN], /must start with https:\/\/ \(or http:\/\/ on this machine only\)/u],
      [['enrol', '--server', api.url, '--token', 'short'], /16 to 128 characters/u],
      [['enrol', '--server', api.url, '--token', TOKEN, '--colour'], /Unknown option '--colour'/u],
      [['status', '--force'], /status does not take --force/u],
      [['frobnicate'], /unknown command "frobnicate"/u],
      [[], /no command given/u],
    ];
    for (const [args, message] of cases) {
      const result = await kiosk(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err.split('\n')).toHaveLength(1);
    }
    expect(api.requests).toHaveLength(0);
  });
});

describe('npm run kiosk -- status', () => {
  it('shows the enrolment without the secret, the journal count and free disk', async () => {
    expect((await kiosk('status')).out).toMatch(/Device: +not enrolled/u);
    await kiosk('enrol', '--server', api.url, '--token', TOKEN, '--name', 'Loket depan');

    // Two submissions in the journal, written by the host's own journal code.
    const paths = dataPaths(dataDir);
    const logger = createLogger({ level: 'error', stdout: false });
    const key = await createStoreKeyHolder({ dir: paths.secretsDir, file: paths.storeKeyFile, protector: keyFileProtector('test'), logger }).get();
    if (!key.ok) throw new Error(key.message);
    const journal = await openJournal({ dir: paths.journalDir, file: paths.journalFile, key: key.key, logger, floorBytes: async () => 0 });
    if (!journal.ok) throw new Error(journal.error.message);
    for (let n = 0; n < 2; n += 1) await journal.value.append(randomUUID(), '{"a":1}');
    await journal.value.close();

    const result = await kiosk('status');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Device:   ${api.issued[0]?.deviceId} "Loket depan", office 36.03.03, server ${api.url}`);
    expect(result.out).toMatch(/Secret: +in a key file readable only by the kiosk user \(mode 0600\)/u);
    expect(result.out).toMatch(/Journal: +2 unsent submissions/u);
    expect(result.out).toMatch(/Disk: +[\d.]+ [GMK]B free; floor 1024 MB \(office\.json sync\.diskFloorMb\)/u);
    expect(result.out).not.toContain(api.issued[0]?.secret);
  });
});

describe('npm run kiosk as a process', () => {
  const run = promisify(execFile);
  async function spawnKiosk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'scripts', 'kiosk.ts'), ...args], {
        env: { ...process.env, KIOSK_DATA_DIR: dataDir },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  // Each start of tsx takes a second or more on a busy machine: three starts, a longer timeout.
  it('exits 0 with help, 2 on wrong usage, 0 after enrolling', { timeout: 60_000 }, async () => {
    const help = await spawnKiosk('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run kiosk -- <command>/u);
    expect((await spawnKiosk('enrol', '--server', api.url)).code).toBe(2);
    const enrolled = await spawnKiosk('enrol', '--server', api.url, '--token', TOKEN);
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain(api.issued[0]?.deviceId);
    expect(enrolled.stderr).toBe('');
  });
});
