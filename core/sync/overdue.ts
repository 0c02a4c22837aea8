/**
 * "Sync overdue": the office has not received what this kiosk holds for too long, or too much is
 * waiting. Officers then see a banner asking them to call IT. Residents are never turned away:
 * their submissions are safe on the kiosk and the host journal either way.
 */
export type OverdueRule = {
  /** office.json sync.overdueAfterHours */
  overdueAfterHours: number;
  /** office.json sync.overduePending */
  overduePending: number;
};

export type Queue = {
  pending: number;
  /** ISO time the oldest unsent submission was saved; null when nothing waits. */
  oldestPendingAt: string | null;
};

export function isOverdue(queue: Queue, rule: OverdueRule, nowMs: number): boolean {
  if (queue.pending > rule.overduePending) return true;
  if (queue.pending === 0 || queue.oldestPendingAt === null) return false;
  const oldest = Date.parse(queue.oldestPendingAt);
  if (Number.isNaN(oldest)) return false;
  return nowMs - oldest > rule.overdueAfterHours * 3_600_000;
}
