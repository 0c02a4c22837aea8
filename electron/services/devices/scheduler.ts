/**
 * When the device layer does something later: the next status check, the next reconnect attempt.
 * Injected so tests move time forward by hand instead of sleeping through a minute of backoff.
 * Waits on the devices themselves (connect, write, status answer) are real timeouts in the links:
 * they measure the hardware, not the schedule.
 */
export interface Scheduler {
  now(): Date;
  /** Runs `task` after `ms`; returns the function that cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const realScheduler: Scheduler = {
  now: () => new Date(),
  after(ms, task) {
    const timer = setTimeout(task, ms);
    // A pending status check must not keep a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
