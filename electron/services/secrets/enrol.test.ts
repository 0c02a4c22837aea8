import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startEnrolServer, type EnrolServer } from './enrol-test-server';
import { requestEnrolment } from './enrol';
import { makeTestCertificate, type TestCertificate } from '../../../tests/support/test-certificate';

/** The kiosk's enrolment client against a real HTTP server on 127.0.0.1 answering by the contract. */
const servers: EnrolServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
async function server(options: Parameters<typeof startEnrolServer>[0]) {
  const started = await startEnrolServer(options);
  servers.push(started);
  return started;
}
const TOKEN = 'tok_0123456789abcdef';
const enrol = (url: string, code = TOKEN, timeoutMs?: number) =>
  requestEnrolment({ server: url, code, insecureLan: false, name: 'Loket depan', appVersion: '0.1.0', ...(timeoutMs === undefined ? {} : { timeoutMs }) });

/**
 * Connections this process starts while `run` runs: undici announces each one it opens (Node's
 * own fetch is undici too), and net.client.socket any plain TCP socket made with net.connect.
 */
const CONNECT_CHANNELS = ['undici:client:beforeConnect', 'net.client.socket'];
async function connectionsDuring(run: () => Promise<unknown>): Promise<number> {
  let connections = 0;
  const count = () => {
    connections += 1;
  };
  for (const channel of CONNECT_CHANNELS) subscribe(channel, count);
  try {
    await run();
  } finally {
    for (const channel of CONNECT_CHANNELS) unsubscribe(channel, count);
  }
  return connections;
}

describe('enrolment client', () => {
  it('trades a one-time token for a device id and secret', async () => {
    const api = await server({ tokens: [TOKEN] });
    const outcome = await enrol(`${api.url}/`);
    expect(outcome).toMatchObject({ ok: true, serverUrl: api.url, response: { deviceId: api.issued[0]?.deviceId, officeCode: '36.03.03' } });
    expect(api.requests).toEqual([{ token: TOKEN, name: 'Loket depan', appVersion: '0.1.0' }]);
  });

  it('says a used token was refused, and that tokens work once', async () => {
    const api = await server({ tokens: [TOKEN] });
    expect((await enrol(api.url)).ok).toBe(true);
    const again = await enrol(api.url);
    expect(again).toMatchObject({ ok: false, kind: 'refused' });
    if (!again.ok) {
      expect(again.message).toMatch(/token was refused \(unauthorized: .*already used.*\)\. Tokens work once/u);
      expect(again.message).not.toContain(TOKEN);
    }
  });

  it('says the server cannot be reached, and why', async () => {
    const port = await closedPort();
    let outcome: Awaited<ReturnType<typeof enrol>> | undefined;
    // The same count that finds no connection below finds this one.
    expect(await connectionsDuring(async () => (outcome = await enrol(`http://127.0.0.1:${port}`)))).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, kind: 'unreachable' });
    if (outcome?.ok === false) expect(outcome.message).toBe(`Cannot reach the central API at http://127.0.0.1:${port}: connection refused (is the central API running on that port?)`);
  });

  it('gives up on a server that never answers', async () => {
    const api = await server({ tokens: [TOKEN], answer: 'hang' });
    const outcome = await enrol(api.url, TOKEN, 300);
    expect(outcome).toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringMatching(/no answer in time/u) });
  });

  it('tells a wrong server from a refusal', async () => {
    const html = await server({ tokens: [TOKEN], answer: 'html' });
    expect(await enrol(html.url)).toMatchObject({ ok: false, kind: 'bad_answer', message: expect.stringMatching(/HTTP 502 without a Tuntun error/u) });
    const garbage = await server({ tokens: [TOKEN], answer: 'garbage' });
    expect(await enrol(garbage.url)).toMatchObject({ ok: false, kind: 'bad_answer', message: expect.stringMatching(/not an enrolment \(deviceId: /u) });
  });

  it('refuses a bad URL or token before sending anything', async () => {
    expect(await enrol('nonsense')).toMatchObject({ ok: false, kind: 'bad_url' });
    expect(await enrol('http://127.0.0.1:1', 'short')).toMatchObject({ ok: false, kind: 'bad_token' });
    expect(await enrol('http://127.0.0.1:1', `${TOKEN}.not-a-pin`)).toMatchObject({ ok: false, kind: 'bad_token' });
  });
});

describe('enrolment client and the network', () => {
  let real: TestCertificate;
  let other: TestCertificate;
  beforeAll(async () => {
    [real, other] = await Promise.all([makeTestCertificate('central'), makeTestCertificate('impostor')]);
  });

  it('enrols over https with a self-signed certificate whose key the token pins, and says which pin it used', async () => {
    const api = await server({ tokens: [TOKEN], tls: real });
    const outcome = await enrol(api.url, `${TOKEN}.${real.pin}`);
    expect(outcome).toMatchObject({ ok: true, serverUrl: api.url, transport: 'https', tlsPin: real.pin });
    // Only the token goes to the server; the pin is the kiosk's business.
    expect(api.requests).toEqual([{ token: TOKEN, name: 'Loket depan', appVersion: '0.1.0' }]);
  });

  it('refuses an impostor (another key) before the token is sent, and says so', async () => {
    const impostor = await server({ tokens: [TOKEN], tls: other });
    let outcome: Awaited<ReturnType<typeof enrol>> | undefined;
    expect(await connectionsDuring(async () => (outcome = await enrol(impostor.url, `${TOKEN}.${real.pin}`)))).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ ok: false, kind: 'wrong_server' });
    if (outcome?.ok === false) {
      expect(outcome.message).toBe(
        `The server at ${impostor.url} presented a TLS key with fingerprint ${other.pin}, not the ${real.pin} this token was issued for: ` +
          'it may be an impostor, or the token is for another server. Nothing was sent and the token is still unused; check the address with the back office.',
      );
      expect(outcome.message).not.toContain(TOKEN);
    }
    expect(impostor.requests).toEqual([]);
  });

  it('refuses plain http to another machine, and an https token without a pin, without opening a connection', async () => {
    let outcome: Awaited<ReturnType<typeof enrol>> | undefined;
    expect(await connectionsDuring(async () => (outcome = await enrol('http://10.1.2.3:5820')))).toBe(0);
    expect(outcome).toMatchObject({ ok: false, kind: 'bad_url', message: expect.stringMatching(/^Plain http:\/\/ to 10\.1\.2\.3:5820 would send the device secret/u) });
    expect(await connectionsDuring(async () => (outcome = await enrol('https://10.1.2.3:5820')))).toBe(0);
    expect(outcome).toMatchObject({ ok: false, kind: 'bad_token', message: expect.stringMatching(/^This token carries no server key fingerprint/u) });
  });
});
