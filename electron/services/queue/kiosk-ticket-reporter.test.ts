import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskTicket } from '../../../core/contract/queue';
import { ok } from '../../../core/contract/result';
import { createLogger } from '../logs/logger';
import { signRequest } from '../secrets/sign';
import { createKioskTicketReporter } from './kiosk-ticket-reporter';
import { createQueueStore, type QueueStore } from './queue-store';

/**
 * The reporter against a server on a real socket that answers as each test says: what it does
 * with a passing failure, a per-ticket refusal, and an answer that leaves a ticket out. The
 * central API's own answers are tested with the real server in tests/queue/queue-host.test.ts.
 */
let dir: string;
let store: QueueStore;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-queue-reporter-'));
  store = createQueueStore({ file: path.join(dir, 'queue', 'tickets.json'), logger: createLogger({ dir: path.join(dir, 'logs'), level: 'debug', stdout: false }), now: () => new Date() });
  for (let i = 0; i < 3; i += 1) {
    await store.issue({ requestId: randomUUID(), desk: 'letters', priority: false, lane: { letter: 'B', counter: { id: 'Loket 2' }, priority: false }, kioskNumber: 4, issuedAt: new Date(), timeZone: 'Asia/Jakarta' });
  }
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await rm(dir, { recursive: true, force: true });
});

type Answer = (res: ServerResponse, tickets: KioskTicket[], call: number) => void;

async function server(answer: Answer): Promise<{ url: string; calls: KioskTicket[][] }> {
  const calls: KioskTicket[][] = [];
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const tickets = (JSON.parse(body) as { tickets: KioskTicket[] }).tickets;
      calls.push(tickets);
      answer(res, tickets, calls.length);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, calls };
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const stored = (tickets: KioskTicket[]) => tickets.map((t) => ({ number: t.number, outcome: 'stored', status: 201 }));

function reporter(url: string) {
  const made = createKioskTicketReporter({
    store,
    central: { sign: async (request) => ok(signRequest({ deviceId: 'dev_reportertest', serverUrl: url }, Buffer.from('secret'), request, { now: new Date() })), fetch: globalThis.fetch },
    officeCode: async () => '36.03.03',
    logger: createLogger({ dir: path.join(dir, 'logs'), level: 'debug', stdout: false }),
    timeoutMs: 2_000,
    retry: { baseMs: 50, capMs: 100 },
    random: () => 0.5,
  });
  closers.push(() => made.stop());
  return made;
}

describe('kiosk ticket reporter', () => {
  it('retries after a passing failure (503) and marks every ticket reported once the server takes them', async () => {
    const central = await server((res, tickets, call) => (call === 1 ? json(res, 503, { error: { code: 'unavailable', message: 'db down' } }) : json(res, 200, { kioskNumber: 4, results: stored(tickets) })));
    const sender = reporter(central.url);
    expect(await sender.runOnce()).toBe('failed');
    expect(await store.pending(10)).toHaveLength(3);
    expect(await sender.runOnce()).toBe('sent');
    expect(central.calls.map((call) => call.map((t) => t.number))).toEqual([
      ['B-K4-001', 'B-K4-002', 'B-K4-003'],
      ['B-K4-001', 'B-K4-002', 'B-K4-003'],
    ]);
    expect(await store.summary()).toMatchObject({ pending: 0, refused: 0 });
    expect(await sender.runOnce()).toBe('idle');
    expect(central.calls).toHaveLength(2);
  });

  it('keeps a ticket the server refuses for IT and never sends it again', async () => {
    const central = await server((res, tickets) =>
      json(res, 200, { kioskNumber: 4, results: tickets.map((t) => (t.number === 'B-K4-002' ? { number: t.number, outcome: 'invalid', status: 400, message: 'Desk letters is lane C, not B' } : { number: t.number, outcome: 'stored', status: 201 })) }),
    );
    const sender = reporter(central.url);
    expect(await sender.runOnce()).toBe('sent');
    expect(await store.summary()).toMatchObject({ pending: 0, refused: 1 });
    expect(await sender.runOnce()).toBe('idle');
    expect(central.calls).toHaveLength(1);
  });

  it('does not loop on an answer that leaves a ticket out: it waits for a later round', async () => {
    const central = await server((res, tickets) => json(res, 200, { kioskNumber: 4, results: stored(tickets.slice(1)) }));
    const sender = reporter(central.url);
    expect(await sender.runOnce()).toBe('failed');
    expect(central.calls).toHaveLength(1);
    expect((await store.pending(10)).map((t) => t.number)).toEqual(['B-K4-001']);
  });
});
