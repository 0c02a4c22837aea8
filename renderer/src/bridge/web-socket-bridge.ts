import { bridgeTimeoutMs, type Bridge, type EventName, type EventPayload, type RequestName, type RequestOutput } from '../../../core/contract/bridge';
import { err, type Result } from '../../../core/contract/result';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, ServerFrame, TOKEN_PROTOCOL_PREFIX } from '../../../core/contract/wire';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export type BridgeConnection = Bridge & {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
};

const MAX_RECONNECT_DELAY_MS = 10_000;

/**
 * The renderer's end of the web host's bridge. Reconnects by itself (the host may restart), and
 * answers every call with a Result even when the host is gone, so screens never hang on a call.
 */
export function createWebSocketBridge(options: { url: string; token: string | undefined }): BridgeConnection {
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let closedByUs = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const failPending = (message: string) => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.resolve(err('unavailable', message));
      pending.delete(id);
    }
  };

  function open() {
    setStatus('connecting');
    const protocols = options.token === undefined ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token}`];
    const ws = new WebSocket(new URL(BRIDGE_PATH, options.url).href.replace(/^http/u, 'ws'), protocols);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      setStatus('open');
    });
    ws.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const frame = ServerFrame.safeParse(json);
      if (!frame.success) return;
      if (frame.data.type === 'response') {
        const call = frame.data.id === null ? undefined : pending.get(frame.data.id);
        if (call !== undefined && frame.data.id !== null) {
          clearTimeout(call.timer);
          pending.delete(frame.data.id);
          call.resolve(frame.data.result as Result<unknown>);
        }
      } else {
        for (const listener of listeners.get(frame.data.name) ?? []) listener(frame.data.payload);
      }
    });
    ws.addEventListener('close', () => {
      socket = undefined;
      failPending('The kiosk host is not reachable');
      setStatus('closed');
      if (closedByUs) return;
      // Full jitter keeps many reloaded pages from reconnecting in lock-step after a host restart.
      const ceiling = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** attempt);
      attempt += 1;
      reconnectTimer = setTimeout(open, Math.random() * ceiling);
    });
  }

  open();

  return {
    invoke<K extends RequestName>(name: K, input: unknown): Promise<Result<RequestOutput<K>>> {
      const ws = socket;
      if (ws === undefined || ws.readyState !== WebSocket.OPEN) {
        return Promise.resolve(err('unavailable', 'The kiosk host is not reachable'));
      }
      const id = nextId++;
      const timeoutMs = bridgeTimeoutMs(name, input);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(err('timeout', `${name} got no answer in ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
        ws.send(JSON.stringify({ type: 'request', id, name, input }));
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      closedByUs = true;
      clearTimeout(reconnectTimer);
      socket?.close();
      failPending('The bridge was closed');
    },
  };
}
