/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the wait is a uniform draw in [0, min(cap, base × 2^attempt)). Fifty kiosks that lost the same
 * server at the same moment then come back spread over the window, not all in the same second,
 * which is what keeps a recovering server from falling over again.
 */
export type BackoffPolicy = {
  /** The window after the first failure (attempt 0). */
  baseMs: number;
  /** The window never grows beyond this. */
  capMs: number;
};

/**
 * Between sync rounds: starts at a couple of seconds; the window stops growing at ten rounds'
 * interval (office.json sync.intervalSeconds), between one and ten minutes: 5 min at the default
 * 30 s. Kept short on purpose: after an outage the kiosk should notice within minutes that the
 * server is back, and one signed request every few minutes costs a server nothing.
 */
export function roundBackoff(intervalSeconds: number): BackoffPolicy {
  return { baseMs: 2_000, capMs: Math.min(10 * 60_000, Math.max(60_000, intervalSeconds * 10_000)) };
}

/** Per submission in the outbox: a batch that keeps failing does not hold the queue's head forever. */
export const ITEM_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 30 * 60_000 };

/** The upper bound of the window for this attempt (0 = after the first failure). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2 ** 1100 is Infinity, and min(cap, Infinity) is still the cap: no overflow to guard against.
  return Math.min(policy.capMs, policy.baseMs * 2 ** n);
}

/**
 * The wait before retrying. `random` is injected (Math.random in the kiosk, fixed values in
 * tests) and must return a number in [0, 1).
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * backoffCeiling(attempt, policy));
}
