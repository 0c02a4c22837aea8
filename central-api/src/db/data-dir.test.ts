import { spawn } from 'node:child_process';
import { access, chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE } from '../testing/harness';
import { readyUrl, runMain, startMain } from '../testing/main-process';

/**
 * The embedded database's directory as another local user sees it. Each test runs the real
 * `npm run central-api` entry, then tries the files as `nobody` (uid 65534) with the system's own
 * node binary (the one program every user may run), the way an intruder with a shell would.
 */
const NOBODY = 65_534;
const asRoot = process.getuid?.() === 0;

/** What `nobody` gets trying each action: 'ok' or the errno code. */
function asNobody(paths: { wal: string; version: string; lock: string; dir: string }): Promise<Record<string, string>> {
  const script = `
    const fs = require('node:fs');
    const [wal, version, lock, dir] = process.argv.slice(1);
    const tries = {
      readWal: () => fs.readFileSync(wal),
      writeVersion: () => fs.closeSync(fs.openSync(version, 'r+')),
      readLock: () => fs.readFileSync(lock),
      listDir: () => fs.readdirSync(dir),
    };
    const out = {};
    for (const [name, attempt] of Object.entries(tries)) {
      try { attempt(); out[name] = 'ok'; } catch (error) { out[name] = error.code; }
    }
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/node', ['-e', script, paths.wal, paths.version, paths.lock, paths.dir], { uid: NOBODY, gid: NOBODY, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout) as Record<string, string>) : reject(new Error(`nobody's node exited ${code}: ${stderr}`))));
  });
}

/** Every file and directory under `dir` whose mode gives group or others any access. */
async function looseEntries(dir: string): Promise<string[]> {
  const loose: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const info = await lstat(path.join(dir, entry));
    if (!info.isSymbolicLink() && (info.mode & 0o077) !== 0) loose.push(`${entry} ${(info.mode & 0o777).toString(8)}`);
  }
  return loose;
}

const mode = async (file: string) => ((await stat(file)).mode & 0o777).toString(8);

describe.runIf(asRoot)('the embedded database directory, seen by another local user', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'tuntun-datadir-'));
    // mkdtemp makes 0700; opened up, the parent lets nobody reach the data dir, as a home directory
    // or /srv usually does, so only the data dir's own modes stand between nobody and the files.
    await chmod(parent, 0o755);
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  it('is created 0700 by the server, so nobody can read the WAL, open PG_VERSION for writing, read the lock or list it', async () => {
    const dataDir = path.join(parent, 'fresh', 'central');
    const server = startMain([], { CENTRAL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    try {
      await readyUrl(server);
      const paths = {
        wal: path.join(dataDir, 'pglite', 'pg_wal', '000000010000000000000001'),
        version: path.join(dataDir, 'pglite', 'PG_VERSION'),
        lock: path.join(dataDir, 'central-api.lock'),
        dir: dataDir,
      };
      // They exist (so an EACCES below is the mode at work, not a missing file).
      for (const file of Object.values(paths)) await access(file);
      expect(await asNobody(paths)).toEqual({ readWal: 'EACCES', writeVersion: 'EACCES', readLock: 'EACCES', listDir: 'EACCES' });
      expect(await mode(dataDir)).toBe('700');
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      // Inside too: PGlite chmods the files it unpacks to 0666 whatever the umask, so the server
      // tightens them; nothing under the directory is left open to group or others.
      expect(await looseEntries(dataDir)).toEqual([]);
    } finally {
      if (server.output().code === null) server.child.kill('SIGKILL');
    }
  }, 90_000);

  it('refuses to start on a data directory group or others can reach, saying how to fix it', async () => {
    const open = path.join(parent, 'open');
    await mkdir(open, { mode: 0o755 });
    await chmod(open, 0o755);
    const shared = path.join(parent, 'shared dir');
    await mkdir(shared);
    await chmod(shared, 0o770);
    const [serve, command, group] = await Promise.all([
      runMain([], { CENTRAL_DATA_DIR: open, PORT: '0' }),
      runMain(['enrolment-token', '--office', OFFICE], { CENTRAL_DATA_DIR: open }),
      runMain(['enrolment-token', '--office', OFFICE], { CENTRAL_DATA_DIR: shared }),
    ]);
    const refusal = (dir: string, found: string, fix: string) =>
      `CENTRAL_DATA_DIR ${dir} has mode ${found}, so other users of this machine could read or change the embedded database (device secrets, residents' data): run chmod 700 ${fix} and start again.\n`;
    expect(serve).toEqual({ code: 1, stdout: '', stderr: refusal(open, '0755', open) });
    expect(command).toEqual({ code: 1, stdout: '', stderr: refusal(open, '0755', open) });
    expect(group).toEqual({ code: 1, stdout: '', stderr: refusal(shared, '0770', `'${shared}'`) });
    // Refused before anything was written there, and the modes were left as they were.
    expect(await readdir(open)).toEqual([]);
    expect(await mode(open)).toBe('755');
  }, 60_000);

  it('refuses a data directory that belongs to another user', async () => {
    const theirs = path.join(parent, 'theirs');
    await mkdir(theirs, { mode: 0o700 });
    await chown(theirs, NOBODY, NOBODY);
    const run = await runMain(['enrolment-token', '--office', OFFICE], { CENTRAL_DATA_DIR: theirs });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `CENTRAL_DATA_DIR ${theirs} belongs to uid ${NOBODY}, not to the user running the central API (uid 0): run the server as that user, or give it this one with chown -R 0 ${theirs}.\n`,
    });
  }, 60_000);

  it('tightens what an older version left open inside a 0700 data directory it made', async () => {
    const dataDir = path.join(parent, 'upgraded');
    expect((await runMain(['enrolment-token', '--office', OFFICE], { CENTRAL_DATA_DIR: dataDir })).code).toBe(0);
    // What versions before this one left: 0755 directories and 0666 files, inside a data dir
    // that IT has since closed with chmod 700 (as the refusal above tells them to).
    for (const entry of await readdir(dataDir, { recursive: true })) {
      const file = path.join(dataDir, entry);
      await chmod(file, (await lstat(file)).isDirectory() ? 0o755 : 0o666);
    }
    expect((await looseEntries(dataDir)).length).toBeGreaterThan(900);
    const again = await runMain(['enrolment-token', '--office', OFFICE], { CENTRAL_DATA_DIR: dataDir });
    expect(again.code, again.stderr).toBe(0);
    expect(await looseEntries(dataDir)).toEqual([]);
  }, 60_000);
});
