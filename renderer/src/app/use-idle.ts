import { useEffect, useState } from 'react';

export type IdleState = { kind: 'active' } | { kind: 'warning'; secondsLeft: number };

const ACTIVE: IdleState = { kind: 'active' };

/**
 * Watches for touches while a session is open. After `warnAfterSeconds` without one it counts
 * down `countdownSeconds` (the caller shows and speaks it); any touch starts over; at zero it
 * calls `onExpire`, which must wipe the session. Off (`enabled` false) on the attract screen.
 */
export function useIdle(options: { enabled: boolean; warnAfterSeconds: number; countdownSeconds: number; onExpire: () => void }): IdleState {
  const { enabled, warnAfterSeconds, countdownSeconds, onExpire } = options;
  const [state, setState] = useState<IdleState>({ kind: 'active' });

  useEffect(() => {
    if (!enabled) return;
    let warnTimer: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;

    const arm = () => {
      clearTimeout(warnTimer);
      clearInterval(tick);
      setState({ kind: 'active' });
      warnTimer = setTimeout(() => {
        let secondsLeft = countdownSeconds;
        setState({ kind: 'warning', secondsLeft });
        tick = setInterval(() => {
          secondsLeft -= 1;
          if (secondsLeft > 0) {
            setState({ kind: 'warning', secondsLeft });
          } else {
            clearInterval(tick);
            onExpire();
          }
        }, 1000);
      }, warnAfterSeconds * 1000);
    };

    // Capture phase: a touch counts even when a view stops its propagation.
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) document.addEventListener(name, arm, { capture: true, passive: true });
    arm();
    return () => {
      clearTimeout(warnTimer);
      clearInterval(tick);
      for (const name of events) document.removeEventListener(name, arm, { capture: true });
    };
  }, [enabled, warnAfterSeconds, countdownSeconds, onExpire]);

  // A warning left over from before the session ended means nothing on the attract screen.
  return enabled ? state : ACTIVE;
}
