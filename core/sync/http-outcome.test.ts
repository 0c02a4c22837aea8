import { describe, expect, it } from 'vitest';
import { classifyAnswer, parseRetryAfter, type HttpAnswer } from './http-outcome';

const now = Date.parse('2026-03-10T12:00:00Z');
const answer = (status: number, body?: unknown, headers: Partial<Pick<HttpAnswer, 'retryAfter' | 'date'>> = {}): HttpAnswer => ({
  status,
  body,
  retryAfter: headers.retryAfter ?? null,
  date: headers.date ?? null,
});
const apiError = (code: string, extra: Record<string, unknown> = {}) => ({ error: { code, message: 'x', ...extra } });

describe('classifying an answer from the central API', () => {
  it('2xx and 304 go on', () => {
    expect(classifyAnswer(answer(200), now)).toEqual({ kind: 'ok' });
    expect(classifyAnswer(answer(201), now)).toEqual({ kind: 'ok' });
    expect(classifyAnswer(answer(304), now)).toEqual({ kind: 'ok' });
  });

  it('5xx and passing faults retry with backoff', () => {
    for (const status of [500, 502, 504, 408]) expect(classifyAnswer(answer(status, 'garbage'), now)).toEqual({ kind: 'retry', code: 'server' });
    expect(classifyAnswer(answer(401, apiError('replayed')), now)).toEqual({ kind: 'retry', code: 'server' });
  });

  it('429 and 503 wait as long as Retry-After says, in seconds or as a date', () => {
    expect(classifyAnswer(answer(429, apiError('rate_limited'), { retryAfter: '120' }), now)).toEqual({ kind: 'retry_later', code: 'busy', afterMs: 120_000 });
    expect(classifyAnswer(answer(503, apiError('unavailable'), { retryAfter: 'Tue, 10 Mar 2026 12:00:30 GMT' }), now)).toEqual({
      kind: 'retry_later',
      code: 'busy',
      afterMs: 30_000,
    });
    expect(classifyAnswer(answer(503), now)).toEqual({ kind: 'retry_later', code: 'busy', afterMs: null });
  });

  it('400-class answers the same request will always get are permanent', () => {
    expect(classifyAnswer(answer(400, apiError('bad_request')), now)).toEqual({ kind: 'permanent', code: 'refused', status: 400, apiCode: 'bad_request' });
    expect(classifyAnswer(answer(413), now)).toEqual({ kind: 'permanent', code: 'refused', status: 413, apiCode: null });
  });

  it('clock skew carries how far off the kiosk is (positive: the kiosk is behind)', () => {
    const body = apiError('clock_skew', { serverTime: '2026-03-10T12:07:00Z' });
    expect(classifyAnswer(answer(401, body), now)).toEqual({ kind: 'clock_skew', skewSeconds: 420 });
    expect(classifyAnswer(answer(400, apiError('clock_skew'), { date: 'Tue, 10 Mar 2026 11:50:00 GMT' }), now)).toEqual({ kind: 'clock_skew', skewSeconds: -600 });
    expect(classifyAnswer(answer(401, apiError('clock_skew')), now)).toEqual({ kind: 'clock_skew', skewSeconds: null });
  });

  it('401 and 403 otherwise mean the kiosk must be enrolled again', () => {
    expect(classifyAnswer(answer(401, apiError('unauthorized')), now)).toEqual({ kind: 'unauthorized' });
    expect(classifyAnswer(answer(403, 'nonsense'), now)).toEqual({ kind: 'unauthorized' });
  });

  it('reads Retry-After defensively', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 09 Mar 2026 12:00:00 GMT', now)).toBe(0);
  });
});
