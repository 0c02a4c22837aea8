import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../core/contract/wire';
import type { Host } from '../services/host';
import { createHost } from '../services/host';
import { createLogger } from '../services/logs/logger';
import { createIdentityStore } from '../services/secrets/identity-store';
import { keyFileProtector } from '../services/secrets/protector';
import { dataPaths } from '../services/storage/data-paths';
import { NOBODY, runAs, upgradeScript, upgradeStatusAs } from '../../tests/support/other-user';
import { MAX_IN_FLIGHT, startWebHost, type RunningWebHost } from './server';

/**
 * A real web host on an ephemeral port, driven by a real WebSocket client. This process is the
 * kiosk user; `nobody` plays another local user. The default web host knows its page by the
 * connecting user (Linux); a second one runs in token mode, as on systems without /proc/net/tcp.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
let web: RunningWebHost;
let tokenWeb: RunningWebHost;
let host: Host;

let rendererDir: string;
let dataDir: string;

beforeAll(async () => {
  // A stand-in renderer build: these tests are about the bridge, not the React app.
  rendererDir = await mkdtemp(path.join(tmpdir(), 'tuntun-renderer-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-data-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const logger = createLogger({ level: 'error', stdout: false });
  host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir: path.join(root, 'kiosk-config/offices/tigaraksa'), dataDir, logger });
  web = await startWebHost({ host, logger, rendererDir, port: 0, connectOrigins: host.connectOrigins });
  tokenWeb = await startWebHost({ host, logger, rendererDir, port: 0, bridgeAuth: 'token' });
});
afterAll(async () => {
  await web.close();
  await tokenWeb.close();
  await rm(rendererDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

function connect(options: { to?: RunningWebHost; origin?: string; protocols?: string[] } = {}) {
  const to = options.to ?? web;
  const protocols = options.protocols ?? (to.token === undefined ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${to.token}`]);
  return new WebSocket(`ws://127.0.0.1:${to.port}/bridge`, protocols, { origin: options.origin ?? to.origin });
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

/** The status line a raw request gets, or 'closed' when the host hangs up without one. */
function rawStatus(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => socket.end(bytes));
    let got = '';
    socket.on('data', (chunk: Buffer) => (got += chunk.toString('latin1')));
    socket.on('close', () => resolve(got === '' ? 'closed' : (got.split('\r\n')[0] ?? '')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => reject(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 40))}`)));
  });
}

function upgradeScriptFor(port: number, origin: string): string {
  return upgradeScript(port, [{ origin, protocols: [BRIDGE_PROTOCOL] }]);
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
  it('lets the kiosk user in with no secret at all, and gives no token out', async () => {
    expect(web.token).toBeUndefined();
    expect(web.url).toBe(`${web.origin}/`);
    expect(await handshake(connect())).toBe(101);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses another local user, who forges the Origin header and offers any token', async () => {
    const statuses = await upgradeStatusAs(NOBODY, web.port, [
      { origin: web.origin, protocols: [BRIDGE_PROTOCOL] },
      { origin: web.origin, protocols: [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}anything-at-all-anything-at-all`] },
    ]);
    expect(statuses).toEqual([401, 401]);
    // The same client as the kiosk user is let in: it is the user that is refused, not the request.
    expect(await runAs(undefined, upgradeScriptFor(web.port, web.origin))).toBe('101');
  });

  it('in token mode refuses a wrong or missing token, and takes the right one', async () => {
    expect(tokenWeb.url).toBe(`${tokenWeb.origin}/#bridge=${tokenWeb.token}`);
    expect(await handshake(connect({ to: tokenWeb, protocols: [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}not-the-token`] }))).toBe(401);
    expect(await handshake(connect({ to: tokenWeb, protocols: [BRIDGE_PROTOCOL] }))).toBe(401);
    expect(await handshake(connect({ to: tokenWeb }))).toBe(101);
  });

  it('refuses another origin, and a client that does not speak the bridge protocol', async () => {
    expect(await handshake(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await handshake(connect({ origin: `http://localhost:${web.port}` }))).toBe(403);
    expect(await handshake(connect({ to: tokenWeb, origin: 'http://evil.example' }))).toBe(403);
    expect(await handshake(connect({ protocols: ['chat'] }))).toBe(401);
  });

  it('answers an upgrade whose target is not a path with 400, and keeps serving', async () => {
    for (const target of ['http://[', '*', 'http://127.0.0.1:1/bridge', '//bridge']) {
      expect(await rawStatus(web.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d/u);
    }
    expect(await handshake(connect())).toBe(101);
  });

  it(`answers "busy" past ${MAX_IN_FLIGHT} requests in flight on one connection, and serves again once they are answered`, async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const held: Host = { ...host, dispatch: async (name, input) => (started++, await gate, host.dispatch(name, input)) };
    const logger = createLogger({ level: 'error', stdout: false });
    const slow = await startWebHost({ host: held, logger, rendererDir, port: 0 });
    try {
      const ws = connect({ to: slow });
      await opened(ws);
      const replies: { id: number | null; result: { ok: boolean; error?: { code: string } } }[] = [];
      ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as (typeof replies)[number]));
      const sent = 5_000;
      for (let id = 1; id <= sent; id++) ws.send(JSON.stringify({ type: 'request', id, name: 'health.check', input: {} }));
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(sent - MAX_IN_FLIGHT);
      expect(started).toBe(MAX_IN_FLIGHT);
      expect(replies.every((r) => r.result.error?.code === 'busy' && typeof r.id === 'number')).toBe(true);
      release();
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(sent);
      expect(replies.filter((r) => r.result.ok)).toHaveLength(MAX_IN_FLIGHT);
      const after = nextFrame(ws);
      ws.send(JSON.stringify({ type: 'request', id: sent + 1, name: 'app.info', input: {} }));
      expect(await after).toMatchObject({ id: sent + 1, result: { ok: true } });
      ws.close();
    } finally {
      release();
      await slow.close();
    }
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
