import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, startEnrolServer, type EnrolServer } from './enrol-test-server';
import { normalizeServerUrl, requestEnrolment } from './enrol';

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
const enrol = (url: string, token = TOKEN, timeoutMs?: number) => requestEnrolment({ server: url, token, name: 'Loket depan', appVersion: '0.1.0', ...(timeoutMs === undefined ? {} : { timeoutMs }) });

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
    const outcome = await enrol(`http://127.0.0.1:${port}`);
    expect(outcome).toMatchObject({ ok: false, kind: 'unreachable' });
    if (!outcome.ok) expect(outcome.message).toBe(`Cannot reach the central API at http://127.0.0.1:${port}: connection refused (is the central API running on that port?)`);
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
    expect(normalizeServerUrl('10.0.0.5:5820')).toMatchObject({ ok: false });
    expect(normalizeServerUrl('ftp://10.0.0.5')).toMatchObject({ ok: false });
    expect(normalizeServerUrl('http://user:pw@10.0.0.5')).toMatchObject({ ok: false });
    expect(normalizeServerUrl('http://10.0.0.5:5820/?x=1')).toMatchObject({ ok: false });
    expect(normalizeServerUrl('https://Example.go.id/tuntun/')).toEqual({ ok: true, url: 'https://example.go.id/tuntun' });
    expect(await enrol('nonsense')).toMatchObject({ ok: false, kind: 'bad_url' });
    expect(await enrol('http://127.0.0.1:1', 'short')).toMatchObject({ ok: false, kind: 'bad_token' });
  });
});
