import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../services/host';
import { createLogger } from '../services/logs/logger';
import { startWebHost, type RunningWebHost } from './server';

/**
 * Malformed HTTP and WebSocket upgrades against a real web host. One bad packet used to stop the
 * process (`GET http://[` with `Upgrade: websocket` threw in the upgrade handler), and with it the
 * journal every unsent submission waits in. Each request must get an answer (a status line) or a
 * closed connection within ANSWER_MS, never a 5xx and never a 101, and the host must serve a
 * well-formed request afterwards. SEED replays a run: WEB_HOST_FUZZ_SEED=<n>.
 */
const RUNS = 2_000;
const ANSWER_MS = 5_000;
const SEED = Number(process.env['WEB_HOST_FUZZ_SEED'] ?? Date.now() % 1_000_000);

let web: RunningWebHost;
let rendererDir: string;
let dataDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(tmpdir(), 'tuntun-fuzz-renderer-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-fuzz-data-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const logger = createLogger({ level: 'error', stdout: false });
  const root = path.resolve(import.meta.dirname, '..', '..');
  const host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir: path.join(root, 'kiosk-config/offices/tigaraksa'), dataDir, logger });
  web = await startWebHost({ host, logger, rendererDir, port: 0, connectOrigins: host.connectOrigins });
});
afterAll(async () => {
  await web.close();
  await rm(rendererDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

const likely = <T>(usual: T, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(usual), weight: 4 }, { arbitrary: other, weight: 1 });
const token = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'PRI', 'get', 'G\u00c9T', '', ' ', 'GET GET');
const target = fc.oneof(
  fc.constantFrom('/', '/bridge', '/bridge/', '/bridge?x=1', '/bridge#f', '/audio/../../etc/passwd', '/%', '/%zz', '/%00', '//bridge', '*', 'http://[', 'http://[::1', 'http://127.0.0.1/bridge', 'ws://x/bridge', '/\u0000', '/\u00ff\u00fe', ''),
  fc.string({ maxLength: 40 }).map((s) => `/${s}`),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.nat({ max: 70_000 }).map((n) => `/${'a'.repeat(n)}`),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', 'HTTP/9', 'http/1.1', '');
const headerName = fc.constantFrom('Host', 'Upgrade', 'Connection', 'Origin', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Protocol', 'Content-Length', 'Transfer-Encoding', 'X-Junk', 'Bad Header', '', ' Host', 'Host\u0000');
const headerValue = fc.oneof(
  fc.constantFrom('websocket', 'Upgrade', 'upgrade, keep-alive', '13', '8', 'dGhlIHNhbXBsZSBub25jZQ==', 'tuntun.bridge.v1', 'chunked', '-1', '99999999999', 'http://127.0.0.1', 'null', '', '\u0000', 'a\r\nInjected: 1'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const request = fc
  .record({
    method: likely('GET', token),
    target,
    version: likely('HTTP/1.1', version),
    upgrade: fc.boolean(),
    hostHeader: fc.constantFrom('right', 'wrong', 'none', 'twice'),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
    body: fc.string({ maxLength: 64 }),
    cut: fc.option(fc.nat({ max: 200 }), { nil: undefined }),
    lineEnd: likely('\r\n', fc.constantFrom('\n', '\r')),
  })
  .map((r) => {
    const host = { right: [`Host: 127.0.0.1:${web.port}`], wrong: ['Host: evil.example'], none: [], twice: [`Host: 127.0.0.1:${web.port}`, 'Host: other'] }[r.hostHeader];
    const upgrade = r.upgrade ? ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: http://127.0.0.1:${web.port}`] : [];
    const lines = [`${r.method} ${r.target} ${r.version}`, ...host, ...upgrade, ...r.headers.map(([n, v]) => `${n}: ${v}`)];
    const text = `${lines.join(r.lineEnd)}${r.lineEnd}${r.lineEnd}${r.body}`;
    return r.cut === undefined ? { bytes: text, complete: true } : { bytes: text.slice(0, r.cut), complete: false };
  });

type Outcome = { status: number | 'closed'; ms: number };

/**
 * Sends the bytes and waits for a status line or the host closing the connection. A request cut
 * short is followed by the end of the stream (as when a client dies mid-request); a whole one is
 * not, since Node's server drops a half-closed client's request before answering it.
 */
function send({ bytes, complete }: { bytes: string; complete: boolean }): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(web.port, '127.0.0.1', () => {
      const data = Buffer.from(bytes, 'latin1');
      if (complete) socket.write(data);
      else socket.end(data);
    });
    let got = '';
    const done = (status: Outcome['status']) => {
      socket.destroy();
      resolve({ status, ms: performance.now() - started });
    };
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})/u.exec(got);
      if (line?.[1] !== undefined) done(Number(line[1]));
    });
    socket.on('close', () => done('closed'));
    socket.on('error', () => done('closed'));
    socket.setTimeout(ANSWER_MS, () => reject(new Error(`no answer in ${ANSWER_MS} ms to ${JSON.stringify(bytes.slice(0, 120))}`)));
  });
}

describe('web host under malformed requests', () => {
  it(`answers ${RUNS} malformed requests and upgrades with a 4xx or a close, never crashes or hangs (seed ${SEED})`, async () => {
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    const samples = fc.sample(request, { seed: SEED, numRuns: RUNS });
    const outcomes: Outcome[] = [];
    try {
      for (let i = 0; i < samples.length; i += 50) outcomes.push(...(await Promise.all(samples.slice(i, i + 50).map(send))));
    } finally {
      process.off('uncaughtException', onCrash);
    }
    const byStatus = new Map<string, number>();
    for (const o of outcomes) byStatus.set(String(o.status), (byStatus.get(String(o.status)) ?? 0) + 1);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    process.stdout.write(`web host fuzz: ${outcomes.length} requests, answers ${JSON.stringify(Object.fromEntries(byStatus))}, slowest ${slowest.toFixed(0)} ms\n`);

    expect(crashes).toEqual([]);
    expect(outcomes).toHaveLength(RUNS);
    expect(outcomes.filter((o) => typeof o.status === 'number' && (o.status >= 500 || o.status === 101))).toEqual([]);
    // Still serving.
    expect((await send({ bytes: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n`, complete: true })).status).toBe(200);
  }, 120_000);
});
