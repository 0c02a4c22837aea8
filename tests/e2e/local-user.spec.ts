import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NOBODY, runAs, upgradeStatusAs } from '../support/other-user';
import { expect, repoRoot, test } from './fixtures';

/**
 * Another OS user on the kiosk (a second account, a service that was broken into) must not be able
 * to drive the bridge: with it they could read the journal, get the store key, and have the host
 * sign requests to the central API. The kiosk is started as `npm start` starts it (web host and
 * Chromium in kiosk mode, under Xvfb); then `nobody` reads every process's command line and
 * environment it can, and tries every secret-looking string it found, and none, on the bridge.
 */
const asRoot = process.getuid?.() === 0;

/** As `nobody`: every /proc/<pid>/cmdline and environ it can read, and the strings that look like secrets. */
const PROBE = `
  const fs = require('node:fs');
  const found = new Set(); let readable = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\\d+$/.test(d))) {
    for (const file of ['cmdline', 'environ']) {
      let text;
      try { text = fs.readFileSync('/proc/' + pid + '/' + file, 'latin1'); } catch { continue; }
      readable += 1;
      for (const m of text.matchAll(/[A-Za-z0-9_-]{24,}/g)) found.add(m[0]);
    }
  }
  process.stdout.write(JSON.stringify({ readable, candidates: [...found] }));
`;

test.skip(!asRoot, 'switching to another OS user needs a root test run (CI runs as root)');

test('another local user finds no bridge credential in any process and cannot open the bridge', async () => {
  test.setTimeout(60_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-local-user-'));
  const kiosk = spawn('xvfb-run', ['-a', process.execPath, path.join(repoRoot, 'dist', 'scripts', 'start.js')], {
    env: { ...process.env, PORT: '0', KIOSK_DATA_DIR: dataDir, CHROMIUM_PATH: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  kiosk.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  kiosk.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    // The page is up and connected: Chromium runs with whatever it was given on its command line.
    await expect.poll(() => output, { timeout: 40_000 }).toContain('"event":"bridge.connected"');
    const port = Number(/running the web host at http:\/\/127\.0\.0\.1:(\d+)/u.exec(output)?.[1]);
    expect(port).toBeGreaterThan(0);

    const probe = JSON.parse(await runAs(NOBODY, PROBE)) as { readable: number; candidates: string[] };
    expect(probe.readable, 'nobody can read the command lines of other users’ processes').toBeGreaterThan(10);
    const origin = `http://127.0.0.1:${port}`;
    const attempts = [{ origin, protocols: ['tuntun.bridge.v1'] }, ...probe.candidates.map((c) => ({ origin, protocols: ['tuntun.bridge.v1', `tuntun.token.${c}`] }))];
    const statuses = await upgradeStatusAs(NOBODY, port, attempts);
    expect(statuses).toHaveLength(attempts.length);
    expect(statuses.filter((s) => s === 101), `bridge opened for nobody (${probe.candidates.length} candidate secrets tried)`).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([401]));
  } finally {
    if (kiosk.pid !== undefined) process.kill(-kiosk.pid, 'SIGTERM');
    await new Promise((resolve) => kiosk.once('exit', resolve));
    // Chromium's own children may still be writing their profile for a moment after xvfb-run exits.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});
