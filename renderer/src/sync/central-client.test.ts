import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../../core/contract/bridge';
import { ok } from '../../../core/contract/result';
import { EMPTY_BODY_SHA256, sha256Hex } from '../../../core/contract/request-signing';
import { callCentral, type CentralDeps } from './central-client';

type Sent = { url: string; init: RequestInit };

/** A host that signs anything (records what it was asked) and a fetch that records what it got. */
function rig(answer: () => Response) {
  const signs: { method: string; path: string; bodySha256: string }[] = [];
  const sent: Sent[] = [];
  const bridge = {
    invoke: async (name: string, input: { method: string; path: string; bodySha256: string }) => {
      if (name !== 'secrets.sign') throw new Error(`unexpected ${name}`);
      signs.push(input);
      return ok({ url: `http://127.0.0.1:5820${input.path}`, headers: { 'x-tuntun-signature': 'sig' } });
    },
  } as unknown as Pick<Bridge, 'invoke'>;
  const fetchStub = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  const deps: CentralDeps = { bridge, fetch: fetchStub, signal: new AbortController().signal, timeoutMs: 5_000 };
  return { deps, signs, sent };
}

describe('callCentral', () => {
  it('sends exactly the bytes whose hash the host signed, without cookies or redirects', async () => {
    const { deps, signs, sent } = rig(() => Response.json({ results: [] }));
    const body = { items: [{ id: 'a', note: 'Dokumen lengkap' }] };
    const answer = await callCentral(deps, { method: 'POST', path: '/v1/submissions/batch', body });

    expect(answer).toMatchObject({ kind: 'answer', status: 200, body: { results: [] }, notJson: false });
    const [request] = sent;
    const bytes = request?.init.body as Uint8Array;
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(body));
    expect(signs).toEqual([{ method: 'POST', path: '/v1/submissions/batch', bodySha256: sha256Hex(bytes) }]);
    expect(request?.url).toBe('http://127.0.0.1:5820/v1/submissions/batch');
    expect(request?.init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error' });
    expect(request?.init.headers).toMatchObject({ 'x-tuntun-signature': 'sig', 'content-type': 'application/json' });
  });

  it("POSTs in the 'default' cache mode, so Chromium keeps the CORS preflight; GETs never from a cache", async () => {
    const { deps, sent, signs } = rig(() => Response.json({}));
    await callCentral(deps, { method: 'POST', path: '/v1/heartbeat', body: {} });
    await callCentral(deps, { method: 'GET', path: '/v1/submissions/changes?since=0&limit=200' });

    // 'no-store' or 'no-cache' would make Chromium send an OPTIONS before every upload.
    expect(sent.map((request) => [request.init.method, request.init.cache])).toEqual([
      ['POST', 'default'],
      ['GET', 'no-store'],
    ]);
    expect(signs[1]?.bodySha256).toBe(EMPTY_BODY_SHA256);
  });

  it('reports an answer that is not JSON instead of throwing', async () => {
    const { deps } = rig(() => new Response('<html>proxy login</html>', { status: 200 }));
    expect(await callCentral(deps, { method: 'GET', path: '/v1/catalogue' })).toMatchObject({ kind: 'answer', status: 200, notJson: true, body: undefined });
  });
});
