import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrolResponse, OfficersResponse } from '../../core/contract/central-api';
import { describeEachBackend, type TestDatabase } from './testing/backends';
import { ADMIN_TOKEN, OFFICE, signHeaders } from './testing/harness';
import { readyUrl, runMain, startMain } from './testing/main-process';

/**
 * `npm run central-api` as IT runs it: a real process, real environment variables, the ready line,
 * the CLI on the same database, and a graceful stop on SIGTERM.
 */
const start = startMain;
const run = runMain;

describeEachBackend('the central API process', (backend) => {
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-central-'));
    if (backend.name === 'postgresql') postgres = await backend.open();
    env = { CENTRAL_DATA_DIR: dataDir, ...(postgres?.url === undefined ? {} : { DATABASE_URL: postgres.url }) };
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('issues a token, adds and deactivates an officer from the CLI, serves them, and stops cleanly on SIGTERM', async () => {
    const token = await run(['enrolment-token', '--office', OFFICE, '--expires-in-minutes', '30'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/^enrol_[A-Za-z0-9_-]{43}\n$/u);
    expect(token.stderr).toContain(`npm run kiosk -- enrol --server`);
    const weak = await run(['officer-add', '--office', OFFICE, '--id', 'budi', '--name', 'Budi', '--pin', '123456'], env);
    expect(weak).toMatchObject({ code: 1, stdout: '' });
    expect(weak.stderr).toMatch(/^--pin: This PIN is a sequence of digits .*; nothing was changed\.\n$/u);
    const officer = await run(['officer-add', '--office', OFFICE, '--id', 'budi', '--name', 'Budi', '--pin', '730591', '--role', 'supervisor', '--badge'], env);
    expect(officer.code, officer.stderr).toBe(0);
    expect(officer.stdout).toMatch(/^Officer budi \(Budi, supervisor\) of office 36\.03\.03 saved, with a new PIN\.\nBadge code \(shown once, .*\): TTB1-[0-9A-F]{32}\n/u);
    const unlocked = await run(['officer-unlock', '--office', OFFICE, '--id', 'budi'], env);
    expect(unlocked).toMatchObject({ code: 0, stdout: `Officer budi (Budi) of office ${OFFICE} unlocked: their PIN is checked again, with no failures counted.\n` });
    const deactivated = await run(['officer-deactivate', '--office', OFFICE, '--id', 'budi'], env);
    expect(deactivated.code, deactivated.stderr).toBe(0);
    expect(deactivated.stdout).toMatch(/^Officer budi \(Budi\) of office 36\.03\.03 deactivated; kiosks see it at their next sync/u);
    const nobody = await run(['officer-deactivate', '--office', OFFICE, '--id', 'nobody'], env);
    expect(nobody).toMatchObject({ code: 1, stdout: '', stderr: `Office ${OFFICE} has no officer nobody: check the office code and the id; nothing was changed.\n` });

    const server = start([], { ...env, PORT: '0', HOST: '127.0.0.1', CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN });
    try {
      const { url, kind } = await readyUrl(server);
      expect(kind).toBe(backend.name);
      if (backend.name === 'pglite') {
        const busy = await run(['enrolment-token', '--office', OFFICE], env);
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(/is in use by process \d+ .*use the admin API/u);
      }

      const enrolled = await fetch(`${url}/v1/devices/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.stdout.trim(), name: 'Loket depan', appVersion: '0.1.0' }),
      });
      expect(enrolled.status).toBe(201);
      const device = EnrolResponse.parse(await enrolled.json());
      const officers = await fetch(`${url}/v1/officers`, { headers: signHeaders({ deviceId: device.deviceId, secret: device.secret, now: new Date() }, 'GET', '/v1/officers', undefined) });
      expect(OfficersResponse.parse(await officers.json()).officers.map((o) => [o.id, o.active])).toEqual([['budi', false]]);

      server.child.kill('SIGTERM');
      const stopped = await server.exited;
      expect(stopped.code, stopped.stderr).toBe(0);
      if (backend.name === 'pglite') await expect(access(path.join(dataDir, 'central-api.lock'))).rejects.toThrow();
    } finally {
      if (server.output().code === null) server.child.kill('SIGKILL');
    }
    // Eight processes, each starting Node, tsx and a database: slow on a busy 2-core machine.
  }, 120_000);
});

describe('the central API process, refusing to start', () => {
  it('says in one sentence what is wrong with the environment or the command', async () => {
    const [badPort, badProxy, unknown, noId, noOffice] = await Promise.all([
      run([], { PORT: 'eighty' }),
      run([], { TRUST_PROXY: 'true' }),
      run(['make-coffee'], {}),
      run(['officer-deactivate', '--office', OFFICE], {}),
      run(['enrolment-token', '--office', '99.99.99'], { CENTRAL_DATA_DIR: path.join(tmpdir(), 'tuntun-never-created') }),
    ]);
    expect(badPort).toMatchObject({ code: 1, stdout: '', stderr: 'PORT must be a whole number from 0 to 65535, not "eighty"\n' });
    expect(badProxy).toMatchObject({ code: 1, stdout: '' });
    expect(badProxy.stderr).toMatch(/^TRUST_PROXY may not be "true": .* escape the per-address rate limit; .*\n$/u);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command "make-coffee"\.\n\nUsage:/u);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toMatch(/^--id: .*\n\nUsage:/u);
    expect(noOffice.code).toBe(1);
    expect(noOffice.stderr).toMatch(/^No office 99\.99\.99 under .*offices\/\*\/office\.json/u);
  }, 60_000);
});
