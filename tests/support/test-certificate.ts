import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Test support: a throwaway self-signed certificate for 127.0.0.1 made by the openssl binary, and
 * its key pin computed by openssl too (the recipe the README gives IT), so the kiosk's own pin
 * computation is checked against an independent one. A copy lives beside the central API's tests
 * (central-api/src/testing/test-certificate.ts): the layers keep the two sides apart.
 */
export type TestCertificate = { dir: string; certFile: string; keyFile: string; cert: Buffer; key: Buffer; pin: string };

const run = promisify(execFile);

export async function makeTestCertificate(name = 'tuntun-test'): Promise<TestCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-cert-'));
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile,
  ]);
  const { stdout } = await run('sh', ['-c', 'openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64', 'sh', certFile]);
  const pin = stdout.trim().replace(/=$/u, '').replace(/\+/gu, '-').replace(/\//gu, '_');
  return { dir, certFile, keyFile, cert: await readFile(certFile), key: await readFile(keyFile), pin };
}
