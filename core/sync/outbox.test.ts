import { describe, expect, it } from 'vitest';
import { HELD, isDue, selectDueBatch } from './outbox';

const item = (id: string, nextAttemptAt: number) => ({ id, attempts: 0, nextAttemptAt });

describe('batch selection', () => {
  const now = 1_000_000;
  const items = [item('0193-c', now - 1), item('0193-a', now), item('0193-d', now + 1), item('0193-b', 0), item('0193-e', HELD)];

  it('takes due items, oldest (smallest UUIDv7) first, at most the batch size', () => {
    expect(selectDueBatch(items, now, 50).map((i) => i.id)).toEqual(['0193-a', '0193-b', '0193-c']);
    expect(selectDueBatch(items, now, 2).map((i) => i.id)).toEqual(['0193-a', '0193-b']);
    expect(selectDueBatch(items, now, 0)).toEqual([]);
  });

  it('"Kirim sekarang" skips the per-item wait but never sends a held (invalid) item', () => {
    expect(selectDueBatch(items, now, 50, true).map((i) => i.id)).toEqual(['0193-a', '0193-b', '0193-c', '0193-d']);
    expect(isDue(item('x', HELD), Number.MAX_SAFE_INTEGER, true)).toBe(false);
  });
});
