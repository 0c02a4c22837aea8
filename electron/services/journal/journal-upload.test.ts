import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../core/contract/central-api';
import type { JournalUploadInput } from '../../../core/contract/journal-upload';
import { encodeJournalRecord } from '../../../core/contract/journal-record';
import { AUTH_HEADERS, contentHash, signatureOf } from '../../../core/contract/request-signing';
import { err, ok } from '../../../core/contract/result';
import { signRequest } from '../secrets/sign';
import { createJournalUploader, type JournalUploadDeps } from './journal-upload';

/**
 * journal.upload on real sockets: a server on 127.0.0.1 that checks the signature the way the
 * central API does (core/contract signatureOf over the exact bytes received) and answers as told.
 */
const DEVICE = { deviceId: 'dev_uploadtest01', secret: 'upload-test-secret-0123456789abcdefghijkl' };

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };
type Answer = (res: ServerResponse, received: Received) => void;

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function startServer(answer: Answer): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      answer(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** What the central API checks first: the signature over method, path, time, nonce and body hash. */
function signatureHolds(request: Received): boolean {
  const header = (name: string) => String(request.headers[name] ?? '');
  const parts = {
    method: request.method as 'POST',
    path: request.url,
    timestamp: Number(header(AUTH_HEADERS.timestamp)),
    nonce: header(AUTH_HEADERS.nonce),
    bodySha256: createHash('sha256').update(request.body).digest('hex'),
    deviceId: header(AUTH_HEADERS.device),
  };
  return header(AUTH_HEADERS.signature) === signatureOf(DEVICE.secret, parts);
}

const submission = (n: number, filler = '') => ({
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: `360303170890${String(n).padStart(4, '0')}${filler}`, author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
});

function journalOf(count: number, filler = ''): { ids: string[]; records: Map<string, string> } {
  const records = new Map<string, string>();
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = randomUUID();
    const value = submission(n, filler);
    const row = { id, trackingCode: `TRK-${n}`, serviceId: 'sktm', serviceVersion: 1, createdAt: `2026-11-22T03:0${n % 10}:00.000Z`, contentHash: contentHash(value) };
    records.set(id, encodeJournalRecord(row, value));
    ids.push(id);
  }
  return { ids, records };
}

/** A journal over a map: its revision of an id is the record itself; `reads` counts records() calls. */
function journalOver(records: Map<string, string>) {
  const journal = {
    reads: 0,
    records(ids: readonly string[]) {
      journal.reads += 1;
      return new Map(ids.flatMap((id) => (records.has(id) ? [[id, records.get(id) ?? '']] : [])));
    },
    revision: (ids: readonly string[]) => ids.map((id) => records.get(id) ?? '-').join('|'),
  };
  return journal;
}

function deps(serverUrl: string, records: Map<string, string> | ReturnType<typeof journalOver>, overrides: Partial<JournalUploadDeps> = {}): JournalUploadDeps {
  const journal = records instanceof Map ? journalOver(records) : records;
  return {
    journal: () => Promise.resolve(ok(journal)),
    sign: (request) => Promise.resolve(ok(signRequest({ deviceId: DEVICE.deviceId, serverUrl }, Buffer.from(DEVICE.secret, 'utf8'), request, { now: new Date() }))),
    fetch: globalThis.fetch,
    ...overrides,
  };
}

const uploadFromJournal = (given: JournalUploadDeps, input: JournalUploadInput) => createJournalUploader(given).upload(input);

const bodyIds = (received: readonly Received[]) => received.map((request) => (JSON.parse(request.body.toString('utf8')) as { items: { id: string }[] }).items.map((item) => item.id));

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const answerJson = (status: number, body: unknown) => (res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify(body));

describe('journal.upload', () => {
  it('sends the journal records as one batch in the order asked, signed over the exact bytes; ids it lacks are listed and left out', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(3);
    const stranger = randomUUID();
    const asked = [ids[2] ?? '', stranger, ids[0] ?? '', ids[1] ?? ''];

    const result = await uploadFromJournal(deps(server.url, records), { ids: asked, timeoutMs: 5_000 });

    expect(result).toEqual({
      ok: true,
      value: { missing: [stranger], outcome: { kind: 'answer', status: 200, body: { results: [] }, notJson: false, bytes: 14, etag: null, retryAfter: '7', date: expect.any(String) as string } },
    });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    if (request === undefined) throw new Error('no request');
    expect([request.method, request.url, request.headers['content-type']]).toEqual(['POST', '/v1/submissions/batch', 'application/json']);
    expect(signatureHolds(request), 'signed over the bytes that arrived').toBe(true);
    const { items } = JSON.parse(request.body.toString('utf8')) as { items: { id: string; savedAt: string; contentHash: string; submission: unknown }[] };
    expect(items.map((item) => item.id)).toEqual([ids[2], ids[0], ids[1]]);
    const first = JSON.parse(records.get(ids[2] ?? '') ?? '') as { createdAt: string; contentHash: string; submission: unknown };
    expect(items[0]).toEqual({ id: ids[2], trackingCode: 'TRK-2', contentHash: first.contentHash, savedAt: first.createdAt, submission: first.submission });
  });

  it('reports an answer that is not JSON as it is, without throwing', async () => {
    const server = await startServer((res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    const { ids, records } = journalOf(1);
    expect(await uploadFromJournal(deps(server.url, records), { ids, timeoutMs: 5_000 })).toMatchObject({
      ok: true,
      value: { missing: [], outcome: { kind: 'answer', status: 502, notJson: true, bytes: 20 } },
    });
  });

  it('sends nothing when the journal holds none of them, or only records it cannot read', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(2);
    records.set(ids[0] ?? '', 'not json');
    records.set(ids[1] ?? '', encodeJournalRecord({ id: randomUUID(), trackingCode: 'X', serviceId: 'sktm', serviceVersion: 1, createdAt: '2026-11-22T03:00:00.000Z', contentHash: 'a'.repeat(64) }, {}));
    const stranger = randomUUID();
    expect(await uploadFromJournal(deps(server.url, records), { ids: [...ids, stranger], timeoutMs: 5_000 })).toEqual({
      ok: true,
      value: { missing: [...ids, stranger], outcome: { kind: 'nothing_to_send' } },
    });
    expect(server.received).toHaveLength(0);
  });

  it('does not send a batch over MAX_BODY_BYTES: the engine sends it in halves', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(3, 'x'.repeat(Math.ceil(MAX_BODY_BYTES / 3)));
    const result = await uploadFromJournal(deps(server.url, records), { ids, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: true, value: { missing: [], outcome: { kind: 'too_large' } } });
    expect(result.ok && result.value.outcome.kind === 'too_large' && result.value.outcome.bytes).toBeGreaterThan(MAX_BODY_BYTES);
    expect(server.received).toHaveLength(0);
  });

  it('says what failed when the connection is cut, or no answer comes in time', async () => {
    const cut = await startServer((res) => res.socket?.destroy());
    const { ids, records } = journalOf(1);
    expect(await uploadFromJournal(deps(cut.url, records), { ids, timeoutMs: 5_000 })).toMatchObject({
      ok: true,
      value: { outcome: { kind: 'network', detail: expect.stringContaining('fetch failed') as string } },
    });
    const silent = await startServer(() => undefined);
    expect(await uploadFromJournal(deps(silent.url, records), { ids, timeoutMs: 1_000 })).toMatchObject({
      ok: true,
      value: { outcome: { kind: 'network', detail: expect.stringContaining('TimeoutError') as string } },
    });
  });

  it('the batch an upload names as next is built meanwhile and sent as built, unless one of its entries changed since', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(6);
    const journal = journalOver(records);
    const uploader = createJournalUploader(deps(server.url, journal));
    const sentIds = () => (JSON.parse(server.received.at(-1)?.body.toString('utf8') ?? '{}') as { items: { id: string; submission: unknown }[] }).items;
    const [a, b, c] = [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6)];

    expect(await uploader.upload({ ids: a, timeoutMs: 5_000, next: b })).toMatchObject({ ok: true, value: { outcome: { status: 200 } } });
    expect(journal.reads, 'a built to send, b built ahead').toBe(2);
    expect(sentIds().map((item) => item.id)).toEqual(a);
    expect(server.received, 'a was not staged: b waits for its upload').toHaveLength(1);

    // Staged, then one entry appended again with other content: the upload builds afresh.
    const changed = { ...submission(7), officeCode: '36.03.04' };
    records.set(b[1] ?? '', encodeJournalRecord({ id: b[1] ?? '', trackingCode: 'TRK-3', serviceId: 'sktm', serviceVersion: 1, createdAt: '2026-11-22T03:09:00.000Z', contentHash: contentHash(changed) }, changed));
    await uploader.upload({ ids: b, timeoutMs: 5_000 });
    expect(journal.reads).toBe(3);
    expect(sentIds()[1]?.submission).toEqual(changed);
    expect(server.received.every(signatureHolds)).toBe(true);

    // One batch named next, another asked for first: that one is built, the named one kept for
    // its turn, sent as built, and used once only.
    await uploader.upload({ ids: c, timeoutMs: 5_000, next: a });
    expect(journal.reads).toBe(5);
    await uploader.upload({ ids: b, timeoutMs: 5_000 });
    expect(journal.reads).toBe(6);
    await uploader.upload({ ids: a, timeoutMs: 5_000 });
    expect(journal.reads).toBe(6);
    await uploader.upload({ ids: a, timeoutMs: 5_000 });
    expect(journal.reads).toBe(7);
    expect(bodyIds(server.received)).toEqual([a, b, c, b, a, a]);
  });

  it('once a staged batch is answered 200, the one it named goes at once, and its upload gets that answer', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer((res, received) => {
      const answer = () => answerJson(200, { results: [] })(res);
      // The second request is answered only once the test says, so the third is staged by then.
      if (received.url === '/v1/submissions/batch' && server.received.length === 2) void held.then(answer);
      else answer();
    });
    const { ids, records } = journalOf(3);
    const uploader = createJournalUploader(deps(server.url, records));
    const [a, b, c] = [ids.slice(0, 1), ids.slice(1, 2), ids.slice(2, 3)];

    await uploader.upload({ ids: a, timeoutMs: 5_000, next: b });
    const second = uploader.upload({ ids: b, timeoutMs: 5_000, next: c });
    await until(() => server.received.length === 2);
    release();
    expect(await second).toMatchObject({ ok: true, value: { outcome: { status: 200 } } });
    await until(() => server.received.length === 3);
    expect(await uploader.upload({ ids: c, timeoutMs: 5_000 })).toMatchObject({ ok: true, value: { outcome: { status: 200 } } });
    expect(server.received, 'c sent once, ahead of its upload').toHaveLength(3);
    expect(bodyIds(server.received)).toEqual([a, b, c]);

    // An upload not staged (the first of a round, or the engine sending items one by one) lets nothing go ahead.
    await uploader.upload({ ids: a, timeoutMs: 5_000, next: b });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.received).toHaveLength(4);
  });

  it('while staged batches are answered 200, the batch an upload names goes at once, beside it; after a failure, one at a time again', async () => {
    const statuses = [200, 200, 200, 200, 500, 200, 200];
    let inFlight = 0;
    let most = 0;
    const server = await startServer((res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Each answer takes a while, so a request sent beside it is seen while it is on the wire.
      setTimeout(() => {
        inFlight -= 1;
        answerJson(statuses.shift() ?? 200, { results: [] })(res);
      }, 50);
    });
    const { ids, records } = journalOf(7);
    const uploader = createJournalUploader(deps(server.url, records));
    const [a, b, c, d, e, f, g] = [ids.slice(0, 1), ids.slice(1, 2), ids.slice(2, 3), ids.slice(3, 4), ids.slice(4, 5), ids.slice(5, 6), ids.slice(6, 7)];
    const upload = (batch: string[], next?: string[]) => uploader.upload({ ids: batch, timeoutMs: 5_000, ...(next === undefined ? {} : { next }) });

    await upload(a, b);
    expect(most, 'the first of a round goes alone').toBe(1);
    await upload(b, c); // b was staged: its 200 sends c at once
    await until(() => server.received.length === 3);
    const cAnswer = upload(c, d); // c is on the wire (or answered): d goes now, beside it
    await until(() => server.received.length === 4);
    expect(most, 'two on the wire').toBe(2);
    expect((await cAnswer).ok).toBe(true);
    await upload(d, e); // e goes beside d, and is answered 500
    await until(() => server.received.length === 5);
    // Asked for while e is still on the wire: f goes beside it, the one request a failure may cost.
    expect(await upload(e, f)).toMatchObject({ ok: true, value: { outcome: { status: 500 } } });
    await until(() => server.received.length === 6);
    // f's 200 came after e's 500 but f left before it: g waits for the engine.
    expect(await upload(f, g)).toMatchObject({ ok: true, value: { outcome: { status: 200 } } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.received, 'after the 500, g waits for its upload').toHaveLength(6);
    await upload(g);
    expect(bodyIds(server.received)).toEqual([a, b, c, d, e, f, g]);
  });

  it('after any answer but a readable 200 nothing goes ahead; a batch sent ahead but never asked for is not sent twice unasked', async () => {
    const statuses = [200, 500, 200, 200, 200];
    const server = await startServer((res) => answerJson(statuses.shift() ?? 200, { results: [] })(res));
    const { ids, records } = journalOf(5);
    const uploader = createJournalUploader(deps(server.url, records));
    const [a, b, c, d, e] = [ids.slice(0, 1), ids.slice(1, 2), ids.slice(2, 3), ids.slice(3, 4), ids.slice(4, 5)];

    await uploader.upload({ ids: a, timeoutMs: 5_000, next: b });
    expect(await uploader.upload({ ids: b, timeoutMs: 5_000, next: c })).toMatchObject({ ok: true, value: { outcome: { status: 500 } } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.received, 'c waits for the engine').toHaveLength(2);

    // c was staged and goes when asked; d, named by it, goes ahead; the engine asks for e instead.
    await uploader.upload({ ids: c, timeoutMs: 5_000, next: d });
    await until(() => server.received.length === 4);
    await uploader.upload({ ids: e, timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bodyIds(server.received)).toEqual([a, b, c, d, e]);
  });

  it('a journal that throws while a batch is built: that upload rejects to its caller, nothing is left unhandled, and the next is built afresh', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(2);
    const journal = journalOver(records);
    let broken = true;
    const uploader = createJournalUploader(
      deps(server.url, journal, {
        journal: () => {
          if (broken) throw new Error('disk gone');
          return Promise.resolve(ok(journal));
        },
      }),
    );
    // The named batch is built (and fails) too: neither failure may surface as an unhandled rejection.
    await expect(uploader.upload({ ids: ids.slice(0, 1), timeoutMs: 5_000, next: ids.slice(1, 2) })).rejects.toThrow('disk gone');
    broken = false;
    expect(await uploader.upload({ ids: ids.slice(1, 2), timeoutMs: 5_000 })).toMatchObject({ ok: true, value: { outcome: { status: 200 } } });
    expect(bodyIds(server.received)).toEqual([ids.slice(1, 2)]);
  });

  it('passes on why it cannot sign (not enrolled) or read its journal, and sends nothing', async () => {
    const server = await startServer(answerJson(200, { results: [] }));
    const { ids, records } = journalOf(1);
    const unsigned = deps(server.url, records, { sign: () => Promise.resolve(err('not_enrolled', 'This kiosk is not enrolled')) });
    expect(await uploadFromJournal(unsigned, { ids, timeoutMs: 5_000 })).toMatchObject({ ok: false, error: { code: 'not_enrolled' } });
    const unreadable = deps(server.url, records, { journal: () => Promise.resolve(err('unavailable', 'The journal cannot be read')) });
    expect(await uploadFromJournal(unreadable, { ids, timeoutMs: 5_000 })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(server.received).toHaveLength(0);
  });
});
