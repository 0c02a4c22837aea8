import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCentralTransport, pinMismatchIn, spkiPinOf } from './central-transport';
import { makeTestCertificate, type TestCertificate } from '../../../tests/support/test-certificate';
import { tlsImpostor } from '../../../tests/support/tls-impostor';

/**
 * The host's connection to the central API on real TLS sockets: a server with a self-signed
 * certificate (the pinned one), and an impostor with another key that records every byte it
 * receives once the handshake is done.
 */
let real: TestCertificate;
let other: TestCertificate;
beforeAll(async () => {
  [real, other] = await Promise.all([makeTestCertificate('central'), makeTestCertificate('impostor')]);
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function listen<S extends Server>(server: S): Promise<{ server: S; port: number }> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function centralServer(cert: TestCertificate) {
  const bodies: string[] = [];
  const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"ok":true}');
    });
  });
  return { server, bodies };
}

const impostor = tlsImpostor;

describe('central transport', () => {
  it('computes the pin openssl computes', () => {
    expect(spkiPinOf(real.cert)).toBe(real.pin);
    expect(spkiPinOf(other.cert)).not.toBe(real.pin);
  });

  it('reaches a server whose self-signed certificate carries the pinned key', async () => {
    const central = centralServer(real);
    const { port } = await listen(central.server);
    const transport = createCentralTransport({ serverUrl: `https://127.0.0.1:${port}`, transport: 'https', tlsPin: real.pin });
    const response = await transport.fetch(`https://127.0.0.1:${port}/v1/devices/enrol`, { method: 'POST', body: '{"token":"tok_secret_0123456789"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(central.bodies).toEqual(['{"token":"tok_secret_0123456789"}']);
    await transport.close();
  });

  it('refuses a server presenting another key, and writes it not one byte', async () => {
    const fake = impostor(other);
    const { port } = await listen(fake.server);
    const transport = createCentralTransport({ serverUrl: `https://127.0.0.1:${port}`, transport: 'https', tlsPin: real.pin });
    const request = { method: 'POST', body: '{"token":"tok_secret_0123456789"}', signal: AbortSignal.timeout(5000) };
    const failure = await transport.fetch(`https://127.0.0.1:${port}/v1/devices/enrol`, request).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(pinMismatchIn(failure)).toMatchObject({ expected: real.pin, presented: other.pin });
    // It was reached (so the refusal is the pin's doing), and nothing was written to it.
    await fake.settled();
    expect(fake.seen.connections).toBeGreaterThanOrEqual(1);
    expect(fake.seen.bytes).toBe(0);
    await transport.close();
  });

  it('refuses any origin but the enrolled one, before connecting', async () => {
    const fake = impostor(real);
    const { port } = await listen(fake.server);
    const transport = createCentralTransport({ serverUrl: 'https://127.0.0.1:1', transport: 'https', tlsPin: real.pin });
    await expect(transport.fetch(`https://127.0.0.1:${port}/v1/heartbeat`, { method: 'POST' })).rejects.toThrow(/is not the enrolled central API https:\/\/127\.0\.0\.1:1/u);
    expect(fake.seen.connections).toBe(0);
    await transport.close();
  });

  it('speaks plain http where the policy allows it (loopback)', async () => {
    const plain = createHttpServer((_req, res) => res.writeHead(204).end());
    const { port } = await listen(plain);
    const transport = createCentralTransport({ serverUrl: `http://127.0.0.1:${port}`, transport: 'loopback' });
    expect((await transport.fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(204);
    await transport.close();
  });
});
