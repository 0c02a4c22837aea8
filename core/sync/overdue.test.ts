import { describe, expect, it } from 'vitest';
import { isOverdue } from './overdue';

const rule = { overdueAfterHours: 72, overduePending: 500 };
const now = Date.parse('2026-03-10T12:00:00Z');

describe('sync overdue', () => {
  it('when the oldest unsent submission is older than the configured hours', () => {
    expect(isOverdue({ pending: 3, oldestPendingAt: '2026-03-07T11:59:00Z' }, rule, now)).toBe(true);
    expect(isOverdue({ pending: 3, oldestPendingAt: '2026-03-07T12:00:00Z' }, rule, now)).toBe(false);
  });

  it('when more than the configured number wait, however young', () => {
    expect(isOverdue({ pending: 501, oldestPendingAt: '2026-03-10T11:59:00Z' }, rule, now)).toBe(true);
    expect(isOverdue({ pending: 500, oldestPendingAt: '2026-03-10T11:59:00Z' }, rule, now)).toBe(false);
  });

  it('never with nothing waiting', () => {
    expect(isOverdue({ pending: 0, oldestPendingAt: null }, rule, now)).toBe(false);
    expect(isOverdue({ pending: 0, oldestPendingAt: '2020-01-01T00:00:00Z' }, rule, now)).toBe(false);
  });
});
