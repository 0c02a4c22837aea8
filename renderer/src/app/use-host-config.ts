import { useEffect, useState } from 'react';
import type { ConfigSnapshot } from '../../../core/contract/bridge';
import type { BridgeConnection } from '../bridge/web-socket-bridge';
import type { OutOfServiceReason } from '../screens/OutOfServiceScreen';

export type HostState =
  | { kind: 'connecting' }
  | { kind: 'ready'; config: ConfigSnapshot }
  | { kind: 'out-of-service'; reason: OutOfServiceReason; secondsToRetry: number };

export const RETRY_SECONDS = 5;
/** A host restart that reconnects within this time does not flash the out-of-service screen. */
const GRACE_MS = 2_000;

/**
 * Keeps the office config in step with the host: loads it when the bridge opens or the host says
 * it changed, and while it cannot (invalid config, host gone) counts down and tries again by itself.
 */
export function useHostConfig(bridge: BridgeConnection): HostState {
  const [state, setState] = useState<HostState>({ kind: 'connecting' });

  useEffect(() => {
    let stopped = false;
    let retryTimer: ReturnType<typeof setInterval> | undefined;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;

    /** Shows the countdown; at zero it tries again, and a failed try starts a new countdown. */
    const outOfService = (reason: OutOfServiceReason) => {
      clearInterval(retryTimer);
      let seconds = RETRY_SECONDS;
      setState({ kind: 'out-of-service', reason, secondsToRetry: seconds });
      retryTimer = setInterval(() => {
        seconds -= 1;
        if (seconds > 0) {
          setState({ kind: 'out-of-service', reason, secondsToRetry: seconds });
        } else {
          clearInterval(retryTimer);
          void load(reason);
        }
      }, 1000);
    };

    async function load(reasonIfClosed: OutOfServiceReason = 'host') {
      if (bridge.status() !== 'open') {
        // The bridge reconnects by itself; keep counting down so the resident sees it is alive.
        outOfService(reasonIfClosed);
        return;
      }
      const result = await bridge.invoke('config.current', {});
      if (stopped) return;
      if (result.ok) {
        clearInterval(retryTimer);
        retryTimer = undefined;
        setState({ kind: 'ready', config: result.value });
      } else {
        outOfService(result.error.code === 'config_invalid' ? 'config' : 'host');
      }
    }

    const onStatus = (status: ReturnType<BridgeConnection['status']>) => {
      if (status === 'open') {
        clearTimeout(graceTimer);
        graceTimer = undefined;
        void load();
      } else if (status === 'closed' && graceTimer === undefined && retryTimer === undefined) {
        // Reconnect attempts flip the status often; only the first loss starts the grace period.
        graceTimer = setTimeout(() => outOfService('host'), GRACE_MS);
      }
    };

    const unsubscribeStatus = bridge.onStatus(onStatus);
    const unsubscribeChanged = bridge.on('config.changed', () => void load());
    onStatus(bridge.status());

    return () => {
      stopped = true;
      clearInterval(retryTimer);
      clearTimeout(graceTimer);
      unsubscribeStatus();
      unsubscribeChanged();
    };
  }, [bridge]);

  return state;
}
