import { describe, expect, it } from 'vitest';
import { ageText, catalogueProblemKey, clockText, errorText, indicatorKey, indicatorTone, INITIAL_STATUS, overdueText, withOverdue, type SyncStatus } from './status';

const now = Date.parse('2026-03-10T12:00:00Z');
const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...INITIAL_STATUS, ...patch });
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('the resident indicator', () => {
  it('says "connected" only when the last round went through and nothing waits', () => {
    expect(indicatorKey(status({ phase: 'idle', lastSuccessAt: minutesAgo(1) }))).toBe('sync.indicator.connected');
    expect(indicatorTone(status({ phase: 'idle', lastSuccessAt: minutesAgo(1) }))).toBe('connected');
    expect(indicatorKey(status({ phase: 'idle', lastSuccessAt: null }))).toBe('sync.indicator.later');
    expect(indicatorKey(status({ phase: 'idle', lastSuccessAt: minutesAgo(1), pending: 2 }))).toBe('sync.indicator.later');
  });

  it('is calm when offline, not enrolled or failing: "saved on the kiosk, sent later"', () => {
    for (const phase of ['offline', 'not_enrolled', 'error'] as const) {
      expect(indicatorKey(status({ phase, lastSuccessAt: minutesAgo(1) }))).toBe('sync.indicator.later');
    }
  });

  it('says "sending" while a round carries something', () => {
    expect(indicatorKey(status({ phase: 'syncing', pending: 4 }))).toBe('sync.indicator.sending');
    expect(indicatorKey(status({ phase: 'syncing', pending: 0, lastSuccessAt: minutesAgo(2) }))).toBe('sync.indicator.connected');
  });
});

describe('words for officers and IT', () => {
  it('names the clock skew in whole minutes, whichever way the clock is off', () => {
    expect(clockText(420)).toEqual({ key: 'sync.error.clockSkew', params: { minutes: 7 } });
    expect(clockText(-400)).toEqual({ key: 'sync.error.clockSkew', params: { minutes: 7 } });
    expect(clockText(20)).toEqual({ key: 'sync.error.clockSkew', params: { minutes: 1 } });
    const skewed = status({ phase: 'error', clockSkewSeconds: 420, lastError: { code: 'clock_skew', at: minutesAgo(0), detail: '' } });
    expect(errorText(skewed)).toEqual({ key: 'sync.error.clockSkew', params: { minutes: 7 } });
    expect(errorText({ ...skewed, clockSkewSeconds: null })).toEqual({ key: 'sync.error.clockSkewUnknown' });
  });

  it('has a sentence for every error code', () => {
    const codes = ['network', 'server', 'busy', 'garbage', 'unauthorized', 'refused', 'not_enrolled', 'host', 'internal'] as const;
    const keys = codes.map((code) => errorText(status({ lastError: { code, at: minutesAgo(0), detail: '' } }))?.key);
    expect(new Set(keys).size).toBe(codes.length);
    expect(errorText(status({ lastError: null }))).toBeNull();
  });

  it('says how long ago', () => {
    expect(ageText(minutesAgo(0.5), now)).toEqual({ key: 'sync.ago.now' });
    expect(ageText(minutesAgo(5), now)).toEqual({ key: 'sync.ago.minutes', params: { n: 5 } });
    expect(ageText(minutesAgo(180), now)).toEqual({ key: 'sync.ago.hours', params: { n: 3 } });
    expect(ageText(minutesAgo(4 * 24 * 60 + 10), now)).toEqual({ key: 'sync.ago.days', params: { n: 4 } });
    expect(ageText(minutesAgo(-10), now)).toEqual({ key: 'sync.ago.now' });
  });

  it('words the overdue banner by days, hours, or only the count', () => {
    const rule = { overdueAfterHours: 72, overduePending: 500 };
    const old = withOverdue(status({ pending: 612, oldestPendingAt: minutesAgo(4 * 24 * 60 + 5) }), rule, now);
    expect(overdueText(old, now)).toEqual({ key: 'sync.overdue.days', params: { n: 612, days: 4 } });
    const many = withOverdue(status({ pending: 612, oldestPendingAt: minutesAgo(5 * 60) }), rule, now);
    expect(overdueText(many, now)).toEqual({ key: 'sync.overdue.hours', params: { n: 612, hours: 5 } });
    const fresh = withOverdue(status({ pending: 612, oldestPendingAt: minutesAgo(5) }), rule, now);
    expect(overdueText(fresh, now)).toEqual({ key: 'sync.overdue.count', params: { n: 612 } });
    expect(overdueText(withOverdue(status({ pending: 3, oldestPendingAt: minutesAgo(5) }), rule, now), now)).toBeNull();
  });

  it('names each catalogue problem', () => {
    const keys = (['signature', 'garbage', 'no_key', 'office', 'older'] as const).map(catalogueProblemKey);
    expect(new Set(keys).size).toBe(5);
  });
});
