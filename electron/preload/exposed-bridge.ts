/**
 * The object the preload exposes to the page (ExposedBridge), built over the few ipcRenderer
 * methods it needs so it can be tested without Electron. It is the page's only door to the host:
 * names outside the contract's allow-list never reach IPC, and the IPC event object (which holds
 * `sender`, i.e. ipcRenderer itself) never reaches the page, only the payload.
 *
 * Bundled into a sandboxed preload, where only `electron` can be required: import nothing that
 * needs Node built-ins. It imports the zod-free name lists, so the bundle stays small.
 */
import { isEventName, isRequestName, type EventName, type RequestName } from '../../core/contract/bridge-names';
import { IPC_EVENT, IPC_INVOKE, type ExposedBridge } from '../../core/contract/preload-api';
import { err, type Result } from '../../core/contract/result';

/** The slice of Electron's ipcRenderer this file uses; the real one satisfies it. */
export type IpcChannel = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

export function createExposedBridge(ipc: IpcChannel): ExposedBridge {
  // One IPC listener for all subscriptions, attached while anyone listens: a listener per
  // subscription would trip Node's max-listeners warning on a busy screen.
  const subscriptions = new Map<EventName, Set<{ listener: (payload: unknown) => void }>>();
  let attached = false;

  const onIpcEvent = (_event: unknown, name: unknown, payload: unknown) => {
    if (!isEventName(name)) return;
    for (const subscription of [...(subscriptions.get(name) ?? [])]) {
      try {
        subscription.listener(payload);
      } catch {
        // One broken screen handler must not starve the others; the host log gets a line.
        ipc
          .invoke(IPC_INVOKE, 'log.report', { level: 'error', event: 'bridge.listener_failed', detail: { eventName: name } })
          .catch(() => undefined);
      }
    }
  };

  const detachIfIdle = () => {
    if (!attached || [...subscriptions.values()].some((set) => set.size > 0)) return;
    ipc.removeListener(IPC_EVENT, onIpcEvent);
    attached = false;
  };

  return {
    async invoke(name: RequestName, input: unknown): Promise<Result<unknown>> {
      if (!isRequestName(name)) return err('unknown_request', `No request named ${JSON.stringify(String(name)).slice(0, 80)}`);
      try {
        return (await ipc.invoke(IPC_INVOKE, name, input)) as Result<unknown>;
      } catch (error) {
        // ipcRenderer rejects when the input cannot be cloned (a function, a DOM node) or no
        // handler answers; the page gets a Result either way.
        const cloneFailure = error instanceof Error && /clone/iu.test(error.message);
        return cloneFailure ? err('bad_request', `Input of ${name} cannot be sent to the host`) : err('unavailable', 'The host did not answer');
      }
    },

    on(name: EventName, listener: (payload: unknown) => void): () => void {
      if (!isEventName(name) || typeof listener !== 'function') return () => undefined;
      // A fresh record per call, so unsubscribing removes exactly this subscription, even when the
      // same function was subscribed twice.
      const subscription = { listener };
      let set = subscriptions.get(name);
      if (set === undefined) {
        set = new Set();
        subscriptions.set(name, set);
      }
      set.add(subscription);
      if (!attached) {
        ipc.on(IPC_EVENT, onIpcEvent);
        attached = true;
      }
      return () => {
        set.delete(subscription);
        detachIfIdle();
      };
    },
  };
}
