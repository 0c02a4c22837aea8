import type { Bridge, EventName, EventPayload, RequestName, RequestOutput } from '../../../core/contract/bridge';
import { err, type Result } from '../../../core/contract/result';
import { PRELOAD_GLOBAL, type ExposedBridge } from '../../../core/contract/preload-api';
import { createWebSocketBridge, type BridgeConnection, type ConnectionStatus } from './web-socket-bridge';

const TOKEN_KEY = 'tuntun.bridgeToken';

/**
 * Picks the shell's transport: Electron's preload when present, otherwise the web host's
 * WebSocket. On Linux the web host knows its page by the connecting user and no token exists.
 * Elsewhere a token arrives in the URL fragment once; it is kept in sessionStorage (so a reload
 * still connects) and removed from the address bar.
 */
export function connectBridge(): BridgeConnection {
  const exposed = (window as unknown as Record<string, ExposedBridge | undefined>)[PRELOAD_GLOBAL];
  if (exposed !== undefined) return wrapPreload(exposed);

  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get('bridge');
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname);
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  return createWebSocketBridge({ url: window.location.origin, token });
}

function wrapPreload(exposed: ExposedBridge): BridgeConnection {
  const bridge: Bridge = {
    invoke: <K extends RequestName>(name: K, input: unknown) =>
      exposed.invoke(name, input).catch((error: unknown) => err('unavailable', String(error))) as Promise<Result<RequestOutput<K>>>,
    on: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) =>
      exposed.on(name, listener as (payload: unknown) => void),
  };
  const open: ConnectionStatus = 'open';
  return { ...bridge, status: () => open, onStatus: () => () => undefined, close: () => undefined };
}
