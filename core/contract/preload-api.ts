import type { EventName, RequestName } from './bridge-names';
import type { Result } from './result';

/**
 * What Electron's preload exposes on `window` under PRELOAD_GLOBAL: the bridge, untyped at the
 * wire, with names from the contract's allow-list only. The renderer wraps it back into `Bridge`.
 */
export const PRELOAD_GLOBAL = 'tuntunBridge';

export type ExposedBridge = {
  invoke(name: RequestName, input: unknown): Promise<Result<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
};

/** IPC channel names between preload and main. */
export const IPC_INVOKE = 'tuntun:invoke';
export const IPC_EVENT = 'tuntun:event';
