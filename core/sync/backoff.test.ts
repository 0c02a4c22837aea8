import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay, roundBackoff, type BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

describe('full-jitter backoff', () => {
  it('doubles the window per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 5000].map((a) => backoffCeiling(a, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('is random × the window: 0 at random 0, just under the window at random → 1', () => {
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(4_000);
    expect(fullJitterDelay(3, policy, () => 0.999_999)).toBe(7_999);
    expect(fullJitterDelay(40, policy, () => 0.5)).toBe(30_000);
  });

  it('stays within [0, min(cap, base × 2^attempt)) for any attempt and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const policy = roundBackoff(30);
        const delay = fullJitterDelay(attempt, policy, () => r);
        return delay >= 0 && delay < Math.max(1, backoffCeiling(attempt, policy)) && Number.isInteger(delay);
      }),
    );
  });

  it('between rounds, the window stops at ten intervals, within one to ten minutes', () => {
    expect(roundBackoff(30)).toEqual({ baseMs: 2_000, capMs: 300_000 });
    expect(roundBackoff(5).capMs).toBe(60_000);
    expect(roundBackoff(3600).capMs).toBe(600_000);
  });

  it('treats a broken random source as 0 rather than waiting forever', () => {
    expect(fullJitterDelay(2, policy, () => Number.NaN)).toBe(0);
    expect(fullJitterDelay(2, policy, () => 7)).toBe(4_000);
  });
});
