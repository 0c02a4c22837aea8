import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { next, startSession, type SessionState } from '../../../core/flow/engine';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { wipeSessionTraces } from '../app/wipe-session';
import { createDraftWriter } from './drafts';
import type { KioskStore } from './kiosk-store';
import { createTestStore } from './memory-host.fixture';
import { unseal } from './seal';

const definition = ServiceDefinition.parse(sktmInput);
const NOW = new Date('2026-11-22T03:00:00Z');
const start = () => startSession(definition, { now: NOW, locale: 'id', office: { code: '36.03.03.1001', timeZone: 'Asia/Jakarta' } });
/** A state holding a recognisable answer (set directly: the writer keeps whatever the engine holds). */
const withAnswer = (state: SessionState, value: string): SessionState => ({
  ...state,
  answers: { ...state.answers, nik: { value, author: 'resident', at: NOW.toISOString() } },
});

// Real timers with a short delay: fake-indexeddb does its work on real timers too.
const DELAY_MS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const opened: KioskStore[] = [];
afterEach(() => {
  vi.unstubAllGlobals();
  for (const store of opened.splice(0)) store.db.close();
});
async function fresh() {
  const made = await createTestStore();
  opened.push(made.store);
  return made.store;
}
/** Lets a pending timer fire and the seal + put that follow it finish. */
const settle = () => sleep(DELAY_MS * 5);
async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error('condition not met');
}

describe('drafts', () => {
  it('writes the latest state, sealed, at most once per delay, without the plaintext', async () => {
    const store = await fresh();
    const writer = createDraftWriter(store, { sessionId: 's1', delayMs: DELAY_MS, onError: () => undefined });
    const put = vi.spyOn(store.db.drafts, 'put');
    writer.write(start());
    writer.write(withAnswer(start(), 'DRAFT-MARK-1'));
    writer.write(withAnswer(start(), 'DRAFT-MARK-2'));
    expect(await store.db.drafts.count(), 'nothing written during the taps').toBe(0);
    await waitFor(async () => (await store.db.drafts.count()) === 1);
    await settle();
    expect(put).toHaveBeenCalledTimes(1);
    const row = await store.db.drafts.get('s1');
    expect(row).toMatchObject({ sessionId: 's1', serviceId: definition.id });
    expect(JSON.stringify(row)).not.toContain('DRAFT-MARK');
    const snapshot = (await unseal(store.key, row?.sealed ?? { iv: '', data: '' })) as { answers: Record<string, { value: unknown }> };
    expect(JSON.stringify(snapshot.answers)).toContain('DRAFT-MARK-2');
    expect(JSON.stringify(snapshot)).not.toContain('"steps"'); // the definition is config, not kept
  });

  it('discard deletes the draft and no pending write brings it back', async () => {
    const store = await fresh();
    const writer = createDraftWriter(store, { sessionId: 's1', delayMs: DELAY_MS, onError: () => undefined });
    writer.write(withAnswer(start(), 'A'));
    await waitFor(async () => (await store.db.drafts.count()) === 1);
    writer.write(withAnswer(start(), 'B')); // pending when the flow ends
    await writer.discard();
    await settle();
    expect(await store.db.drafts.count()).toBe(0);
    writer.write(withAnswer(start(), 'C'));
    await settle();
    expect(await store.db.drafts.count()).toBe(0);
  });

  it('a session reset wipes every draft (and Web Storage)', async () => {
    const store = await fresh();
    const memory = new Map<string, string>([['answer', 'x']]);
    const storage = { clear: () => memory.clear(), removeItem: (k: string) => memory.delete(k) };
    vi.stubGlobal('localStorage', storage);
    vi.stubGlobal('sessionStorage', Object.assign(Object.create(storage) as object, { 'tuntun.bridgeToken': 't' }));
    const writer = createDraftWriter(store, { sessionId: 's1', delayMs: DELAY_MS, onError: () => undefined });
    writer.write(next(start()).state);
    await waitFor(async () => (await store.db.drafts.count()) === 1);
    await store.db.drafts.put({ sessionId: 'left-by-a-crash', serviceId: 'sktm', updatedAt: NOW.toISOString(), sealed: { iv: 'x', data: 'y' } });

    expect(await wipeSessionTraces(store.db)).toEqual({ ok: true, value: undefined });
    expect(await store.db.drafts.count()).toBe(0);
    expect(memory.size).toBe(0);
  });
});
