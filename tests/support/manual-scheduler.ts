import type { Scheduler } from '../../electron/services/devices/scheduler';

/**
 * A scheduler whose time moves only when the test says: the device runner's status checks and
 * reconnect backoff (1, 2, 4 … 60 s) run without the test sleeping through them.
 */
export type ManualScheduler = Scheduler & {
  /** Delays of the tasks waiting, soonest first, in ms from now. */
  pending(): number[];
  /** Moves time forward, running every task that comes due, in order. */
  advance(ms: number): void;
};

export function manualScheduler(start = new Date('2026-03-02T01:00:00Z')): ManualScheduler {
  let now = start.getTime();
  let nextId = 0;
  const tasks = new Map<number, { at: number; task: () => void }>();
  return {
    now: () => new Date(now),
    after(ms, task) {
      const id = nextId++;
      tasks.set(id, { at: now + ms, task });
      return () => tasks.delete(id);
    },
    pending: () => [...tasks.values()].map((t) => t.at - now).sort((a, b) => a - b),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...tasks.entries()].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
        if (due === undefined) break;
        tasks.delete(due[0]);
        now = due[1].at;
        due[1].task();
      }
      now = until;
    },
  };
}
