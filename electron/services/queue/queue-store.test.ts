import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logs/logger';
import { createQueueStore, type IssueRequest } from './queue-store';

/**
 * The kiosk's own queue numbers on a real disk: each written before it is handed out, never
 * issued twice across restarts, counters per office day and lane, and a damaged file never a
 * reason to start counting again from 1.
 */
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-queue-store-'));
  file = path.join(dir, 'queue', 'tickets.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const logger = () => createLogger({ dir: path.join(dir, 'logs'), level: 'debug', stdout: false });
const lane = (letter: string, priority = false) => ({ letter, counter: { id: `Loket ${letter}` }, priority });
const request = (overrides: Partial<IssueRequest> = {}): IssueRequest => ({
  requestId: randomUUID(),
  desk: 'civil-registration',
  priority: false,
  lane: lane('A'),
  kioskNumber: 2,
  issuedAt: new Date('2026-03-02T03:00:00Z'), // 10:00 WIB
  timeZone: 'Asia/Jakarta',
  ...overrides,
});
const storeAt = (now = () => new Date('2026-03-02T03:00:00Z')) => createQueueStore({ file, logger: logger(), now });
const numberOf = async (result: Promise<{ ok: true; value: { number: string } } | { ok: false }>) => {
  const settled = await result;
  if (!settled.ok) throw new Error('not issued');
  return settled.value.number;
};

describe('queue store', () => {
  it('numbers each lane from 1 per office day with the kiosk number, and writes each number before answering (0600 in a 0700 folder)', async () => {
    const store = storeAt();
    expect(await numberOf(store.issue(request()))).toBe('A-K2-001');
    expect(await numberOf(store.issue(request()))).toBe('A-K2-002');
    expect(await numberOf(store.issue(request({ lane: lane('P', true), priority: true })))).toBe('P-K2-001');
    // 00:30 WIB on the 3rd (17:30 UTC on the 2nd) is a new office day.
    expect(await numberOf(store.issue(request({ issuedAt: new Date('2026-03-02T17:30:00Z') })))).toBe('A-K2-001');
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { counters: unknown; tickets: { number: string; day: string; state: string }[] };
    expect(onDisk.counters).toEqual({ '2026-03-02': { A: 2, P: 1 }, '2026-03-03': { A: 1 } });
    expect(onDisk.tickets.map((t) => [t.number, t.day, t.state])).toEqual([
      ['A-K2-001', '2026-03-02', 'pending'],
      ['A-K2-002', '2026-03-02', 'pending'],
      ['P-K2-001', '2026-03-02', 'pending'],
      ['A-K2-001', '2026-03-03', 'pending'],
    ]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('never issues a number twice across restarts, and answers a retried request with its ticket', async () => {
    const first = request();
    expect(await numberOf(storeAt().issue(first))).toBe('A-K2-001');
    const restarted = storeAt();
    expect(await numberOf(restarted.issue(first))).toBe('A-K2-001');
    expect(await numberOf(restarted.issue(request()))).toBe('A-K2-002');
    expect((await createQueueStore({ file, logger: logger(), now: () => new Date() }).byRequest(first.requestId))?.number).toBe('A-K2-001');
  });

  it('gives residents asking at once each their own number', async () => {
    const store = storeAt();
    const numbers = await Promise.all(Array.from({ length: 12 }, () => numberOf(store.issue(request()))));
    expect(numbers.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `A-K2-${String(i + 1).padStart(3, '0')}`));
  });

  it('settles reported tickets; refused ones are kept for IT and never pending again', async () => {
    const store = storeAt();
    for (let i = 0; i < 3; i += 1) await store.issue(request());
    expect((await store.pending(100)).map((t) => t.number)).toEqual(['A-K2-001', 'A-K2-002', 'A-K2-003']);
    await store.settle([
      { number: 'A-K2-001', outcome: 'stored', status: 201 },
      { number: 'A-K2-002', outcome: 'invalid', status: 400, message: 'Number of kiosk K2; this kiosk is K3' },
    ]);
    expect((await store.pending(100)).map((t) => t.number)).toEqual(['A-K2-003']);
    expect(await store.summary()).toEqual({ pending: 1, refused: 1, oldestPending: '2026-03-02T03:00:00.000Z', damaged: null });
    // Reported numbers of past days are dropped at the next write; the counters stay a week.
    const tomorrow = storeAt(() => new Date('2026-03-03T03:00:00Z'));
    await tomorrow.issue(request({ issuedAt: new Date('2026-03-03T03:00:00Z') }));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { counters: object; tickets: { number: string; day: string }[] };
    expect(onDisk.tickets.map((t) => `${t.day} ${t.number}`)).toEqual(['2026-03-02 A-K2-002', '2026-03-02 A-K2-003', '2026-03-03 A-K2-001']);
    expect(Object.keys(onDisk.counters)).toEqual(['2026-03-02', '2026-03-03']);
  });

  it('sets a damaged file aside and issues no number of that office day (it could be one already handed out)', async () => {
    await storeAt().issue(request());
    await writeFile(file, '{"v":1,"counters":{"2026-03-02":{"A":');
    const store = storeAt();
    const refused = await store.issue(request());
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await store.summary()).damaged).toMatch(/^tickets\.json\.damaged-2026-03-02T03-00-00-000Z$/u);
    expect((await readdir(path.dirname(file))).sort()).toEqual(['tickets.json', expect.stringMatching(/^tickets\.json\.damaged-/u)]);
    // Still refused after a restart (the mark is on disk), and fine again the next office day.
    const restarted = storeAt();
    expect(await restarted.issue(request())).toMatchObject({ ok: false });
    expect((await restarted.summary()).damaged).toMatch(/^tickets\.json\.damaged-2026-03-02T03-00-00-000Z$/u);
    const tomorrow = storeAt(() => new Date('2026-03-03T03:00:00Z'));
    expect(await numberOf(tomorrow.issue(request({ issuedAt: new Date('2026-03-03T03:00:00Z') })))).toBe('A-K2-001');
  });

  it('hands out no number it could not write, and skips it rather than risk issuing it twice', async () => {
    const store = storeAt();
    expect(await numberOf(store.issue(request()))).toBe('A-K2-001');
    // The queue folder replaced by a file: every write fails with ENOTDIR.
    await rm(path.dirname(file), { recursive: true });
    await writeFile(path.dirname(file), 'not a folder');
    expect(await store.issue(request())).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not save/u) } });
    await rm(path.dirname(file));
    expect(await numberOf(store.issue(request()))).toBe('A-K2-003');
  });
});
