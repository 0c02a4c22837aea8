import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './cli';
import { readSettings, REPO_ROOT, type Settings } from './settings';
import { BACKENDS } from './testing/backends';
import { OFFICE, startHarness } from './testing/harness';
import { makeTestCertificate, type TestCertificate } from './testing/test-certificate';
import { loadTls } from './tls';

/**
 * The server's side of TLS: the certificate settings, the key pin it writes into enrolment tokens
 * (checked against the pin openssl computes), and HTTPS on a real socket, in process and as IT runs
 * `npm run central-api`.
 */
let cert: TestCertificate;
let other: TestCertificate;
let dataDir: string;
beforeAll(async () => {
  [cert, other] = await Promise.all([makeTestCertificate('central'), makeTestCertificate('other')]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-central-tls-'));
});
afterAll(async () => {
  for (const dir of [cert.dir, other.dir, dataDir]) await rm(dir, { recursive: true, force: true });
});

const settingsOf = (env: NodeJS.ProcessEnv) => readSettings({ CENTRAL_DATA_DIR: dataDir, ...env });
const ok = (env: NodeJS.ProcessEnv): Settings => {
  const result = settingsOf(env);
  if (!result.ok) throw new Error(result.message);
  return result.settings;
};
/** Trusts exactly the test certificate, the way a browser trusts a CA: an independent TLS client. */
const trusting = (ca: Buffer) => new Agent({ connect: { ca } });

describe('TLS settings', () => {
  it('takes a certificate with its key, or a proxy fingerprint, and refuses half or both', () => {
    expect(ok({ CENTRAL_TLS_CERT: cert.certFile, CENTRAL_TLS_KEY: cert.keyFile })).toMatchObject({ tls: { certFile: cert.certFile, keyFile: cert.keyFile }, tlsFingerprint: undefined });
    // The openssl one-liner prints base64 with padding; tokens carry base64url.
    const base64 = `${cert.pin.replace(/-/gu, '+').replace(/_/gu, '/')}=`;
    expect(ok({ CENTRAL_TLS_FINGERPRINT: base64 })).toMatchObject({ tls: undefined, tlsFingerprint: cert.pin });
    expect(ok({})).toMatchObject({ tls: undefined, tlsFingerprint: undefined });
    const refusals: [NodeJS.ProcessEnv, RegExp][] = [
      [{ CENTRAL_TLS_CERT: cert.certFile }, /^CENTRAL_TLS_CERT and CENTRAL_TLS_KEY go together/u],
      [{ CENTRAL_TLS_KEY: cert.keyFile }, /^CENTRAL_TLS_CERT and CENTRAL_TLS_KEY go together/u],
      [{ CENTRAL_TLS_FINGERPRINT: 'ab:cd:ef' }, /^CENTRAL_TLS_FINGERPRINT must be a SHA-256 key fingerprint .* openssl x509 -in cert\.pem -pubkey/u],
      [{ CENTRAL_TLS_FINGERPRINT: cert.pin, CENTRAL_TLS_CERT: cert.certFile, CENTRAL_TLS_KEY: cert.keyFile }, /set one or the other$/u],
    ];
    for (const [env, message] of refusals) expect(settingsOf(env)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('loads the pair, pins its key as openssl does, and says what is wrong with a bad pair', async () => {
    expect(loadTls({ tls: { certFile: cert.certFile, keyFile: cert.keyFile }, tlsFingerprint: undefined })).toMatchObject({ ok: true, value: { pin: cert.pin, https: { cert: cert.cert, key: cert.key } } });
    expect(loadTls({ tls: undefined, tlsFingerprint: other.pin })).toEqual({ ok: true, value: { https: undefined, pin: other.pin } });
    expect(loadTls({ tls: { certFile: cert.certFile, keyFile: other.keyFile }, tlsFingerprint: undefined })).toEqual({ ok: false, message: `CENTRAL_TLS_KEY ${other.keyFile} is not the private key of CENTRAL_TLS_CERT ${cert.certFile}` });
    expect(loadTls({ tls: { certFile: cert.keyFile, keyFile: cert.keyFile }, tlsFingerprint: undefined })).toMatchObject({ ok: false, message: expect.stringMatching(/is not a PEM certificate/u) });
    const missing = path.join(dataDir, 'missing.crt');
    expect(loadTls({ tls: { certFile: missing, keyFile: cert.keyFile }, tlsFingerprint: undefined })).toEqual({ ok: false, message: `CENTRAL_TLS_CERT ${missing} cannot be read (ENOENT)` });
    const garbage = path.join(dataDir, 'garbage.key');
    await writeFile(garbage, 'not a key');
    expect(loadTls({ tls: { certFile: cert.certFile, keyFile: garbage }, tlsFingerprint: undefined })).toMatchObject({ ok: false, message: expect.stringMatching(/is not an unencrypted PEM private key/u) });
  });
});

describe('enrolment tokens carry the pin', () => {
  const command = async (args: string[], env: NodeJS.ProcessEnv) => {
    let out = '';
    let err = '';
    const code = await runCommand(args, ok(env), { out: (text) => (out += text), err: (text) => (err += text), input: () => Promise.resolve('') });
    return { code, out, err };
  };

  it('from the CLI: the server certificate\u2019s, a proxy\u2019s, or none with a warning', { timeout: 60_000 }, async () => {
    const own = await command(['enrolment-token', '--office', OFFICE], { CENTRAL_TLS_CERT: cert.certFile, CENTRAL_TLS_KEY: cert.keyFile });
    expect(own).toMatchObject({ code: 0, out: expect.stringMatching(new RegExp(`^enrol_[A-Za-z0-9_-]{43}\\.${cert.pin}\\n$`, 'u')) });
    expect(own.err).toContain(`for the server whose TLS key fingerprint is ${cert.pin}`);
    expect(own.err).toContain(`npm run kiosk -- enrol --server https://<this server>:<port> --token ${own.out.trim()}`);

    const proxy = await command(['enrolment-token', '--office', OFFICE, '--tls-fingerprint', other.pin], {});
    expect(proxy.out).toMatch(new RegExp(`^enrol_[A-Za-z0-9_-]{43}\\.${other.pin}\\n$`, 'u'));
    expect((await command(['enrolment-token', '--office', OFFICE], { CENTRAL_TLS_FINGERPRINT: other.pin })).out).toMatch(new RegExp(`\\.${other.pin}\\n$`, 'u'));

    const bare = await command(['enrolment-token', '--office', OFFICE], {});
    expect(bare.out).toMatch(/^enrol_[A-Za-z0-9_-]{43}\n$/u);
    expect(bare.err).toMatch(/This token carries no TLS key fingerprint: a kiosk can use it only over http:\/\/ on this machine or with --insecure-lan/u);

    const wrong = await command(['enrolment-token', '--office', OFFICE, '--tls-fingerprint', 'AB:CD'], {});
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^--tls-fingerprint: not a SHA-256 key fingerprint/u);
  });

  it('from the admin API of a server speaking HTTPS itself', { timeout: 30_000 }, async () => {
    const tls = loadTls({ tls: { certFile: cert.certFile, keyFile: cert.keyFile }, tlsFingerprint: undefined });
    if (!tls.ok) throw new Error(tls.message);
    const harness = await startHarness(BACKENDS[0] ?? (undefined as never), { https: tls.value.https, tlsPin: tls.value.pin });
    try {
      await harness.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = harness.app.server.address() as { port: number };
      expect(await harness.issueToken()).toMatch(new RegExp(`^enrol_[A-Za-z0-9_-]{43}\\.${cert.pin}$`, 'u'));
      const health = await undiciFetch(`https://127.0.0.1:${port}/v1/health`, { dispatcher: trusting(cert.cert) });
      expect(health.status).toBe(200);
      // Plain http to the same port is not served.
      await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
    } finally {
      await harness.close();
    }
  });
});

describe('npm run central-api with a certificate', () => {
  it('serves HTTPS and says so in the ready line; refuses to start on a mismatched pair', { timeout: 60_000 }, async () => {
    const env = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', CENTRAL_DATA_DIR: path.join(dataDir, 'process'), PORT: '0', HOST: '127.0.0.1', CENTRAL_TLS_CERT: cert.certFile };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'central-api', 'src', 'main.ts')], { cwd: REPO_ROOT, env: { ...env, CENTRAL_TLS_KEY: cert.keyFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 45_000;
      let url: string | undefined;
      while (url === undefined && Date.now() < deadline && child.exitCode === null) {
        url = /^Tuntun central API ready at (https:\/\/127\.0\.0\.1:\d+) \(pglite\)$/mu.exec(stdout)?.[1];
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(url, stdout).toBeDefined();
      expect((await undiciFetch(`${url ?? ''}/v1/health`, { dispatcher: trusting(cert.cert) })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    const mismatched = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'central-api', 'src', 'main.ts')], { cwd: REPO_ROOT, env: { ...env, CENTRAL_TLS_KEY: other.keyFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    mismatched.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => mismatched.once('exit', resolve))).toBe(1);
    expect(stderr).toBe(`CENTRAL_TLS_KEY ${other.keyFile} is not the private key of CENTRAL_TLS_CERT ${cert.certFile}.\n`);
  });
});
