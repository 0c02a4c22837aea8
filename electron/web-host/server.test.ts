import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../core/contract/wire';
import { createHost } from '../services/host';
import { createLogger } from '../services/logs/logger';
import { createIdentityStore } from '../services/secrets/identity-store';
import { keyFileProtector } from '../services/secrets/protector';
import { dataPaths } from '../services/storage/data-paths';
import { startWebHost, type RunningWebHost } from './server';

/** A real web host on an ephemeral port, driven by a real WebSocket client. */
const root = path.resolve(import.meta.dirname, '..', '..');
let web: RunningWebHost;

let rendererDir: string;
let dataDir: string;

beforeAll(async () => {
  // A stand-in renderer build: these tests are about the bridge, not the React app.
  rendererDir = await mkdtemp(path.join(tmpdir(), 'tuntun-renderer-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-data-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const logger = createLogger({ level: 'error', stdout: false });
  const host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir: path.join(root, 'kiosk-config/offices/tigaraksa'), dataDir, logger });
  web = await startWebHost({ host, logger, rendererDir, port: 0, connectOrigins: host.connectOrigins });
});
afterAll(async () => {
  await web.close();
  await rm(rendererDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

function connect(options: { token?: string; origin?: string; protocols?: string[] } = {}) {
  const protocols = options.protocols ?? [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token ?? web.token}`];
  return new WebSocket(`ws://127.0.0.1:${web.port}/bridge`, protocols, { origin: options.origin ?? web.origin });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when it opened. */
function handshake(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)));
}

describe('web host bridge', () => {
  it('accepts our page with the right token', async () => {
    expect(await handshake(connect())).toBe(101);
  });

  it('refuses a wrong or missing token', async () => {
    expect(await handshake(connect({ token: 'not-the-token' }))).toBe(401);
    expect(await handshake(connect({ protocols: [BRIDGE_PROTOCOL] }))).toBe(401);
  });

  it('refuses another origin even with the token', async () => {
    expect(await handshake(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await handshake(connect({ origin: `http://localhost:${web.port}` }))).toBe(403);
  });

  it('answers a well-formed call with a Result', async () => {
    const ws = connect();
    await opened(ws);
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ type: 'request', id: 7, name: 'app.info', input: {} }));
    expect(await reply).toMatchObject({ type: 'response', id: 7, result: { ok: true, value: { name: 'Tuntun', shell: 'web' } } });
    ws.close();
  });

  it('answers malformed calls with error Results and stays up', async () => {
    const ws = connect();
    await opened(ws);
    const cases: [string, unknown][] = [
      ['not json at all', { id: null, result: { ok: false, error: { code: 'bad_request' } } }],
      [JSON.stringify({ type: 'request', id: 1, name: 'no.such', input: {} }), { id: 1, result: { ok: false, error: { code: 'unknown_request' } } }],
      [JSON.stringify({ type: 'request', id: 2, name: 'help.request', input: { screen: 'HOME!!', locale: 'fr' } }), { id: 2, result: { ok: false, error: { code: 'bad_request' } } }],
      [JSON.stringify({ type: 'request', id: 3, name: 'app.info', input: { extra: 1 } }), { id: 3, result: { ok: false, error: { code: 'bad_request' } } }],
      [JSON.stringify({ type: 'request', id: 4, name: 'constructor', input: {} }), { id: 4, result: { ok: false, error: { code: 'unknown_request' } } }],
    ];
    for (const [frame, expected] of cases) {
      const reply = nextFrame(ws);
      ws.send(frame);
      expect(await reply).toMatchObject(expected as Record<string, unknown>);
    }
    const reply = nextFrame(ws);
    ws.send(JSON.stringify({ type: 'request', id: 5, name: 'health.check', input: {} }));
    expect(await reply).toMatchObject({ id: 5, result: { ok: true } });
    ws.close();
  });

  it('pushes host events to connected pages', async () => {
    const ws = connect();
    await opened(ws);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(JSON.stringify({ type: 'request', id: 1, name: 'help.request', input: { screen: 'home', locale: 'id' } }));
    await expect.poll(() => frames.length).toBe(2);
    expect(frames).toContainEqual(expect.objectContaining({ type: 'event', name: 'help.requested', payload: expect.objectContaining({ screen: 'home' }) }));
    ws.close();
  });

  it('refuses requests for another Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: web.port, path: '/', headers: { Host: `evil.example:${web.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('lets the page fetch the central API once the kiosk is enrolled, without a restart', async () => {
    const csp = () =>
      new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: web.port, path: '/' }, (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        })
          .on('error', reject)
          .end();
      });
    expect(await csp()).toContain("connect-src 'self';");
    const paths = dataPaths(dataDir);
    await createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector: keyFileProtector('test'), logger: createLogger({ level: 'error', stdout: false }) }).save(
      { deviceId: 'dev_loketdepan01', officeCode: '36.03.03', serverUrl: 'https://10.0.0.5:5820', tlsPin: 'mX9bW2mVzJr7cRk0Qy3wXoJ5hN8aLs1dPf6gUe4tYiA', serverPublicKey: 'pk', name: 'Loket depan', enrolledAt: new Date().toISOString() },
      'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA',
    );
    expect(await csp()).toContain("connect-src 'self' https://10.0.0.5:5820;");
  });
});
