import { bridgeTimeoutMs, isRequestName, type Bridge, type EventName, type EventPayload, type RequestInput, type RequestName, type RequestOutput } from '../../../core/contract/bridge';
import { err, type Result } from '../../../core/contract/result';

/**
 * The host requests the sync engine needs, and no others. The worker gets a proxy to exactly these
 * over a MessagePort: it never holds the store-key request, the journal listing or help calls, so a
 * bug (or an injected script) in the worker cannot reach them.
 */
export const SYNC_REQUESTS = ['device.identity', 'secrets.sign', 'journal.upload', 'journal.drop', 'storage.status', 'log.report'] as const satisfies readonly RequestName[];
export type SyncRequestName = (typeof SYNC_REQUESTS)[number];

const allowed: ReadonlySet<string> = new Set(SYNC_REQUESTS);
export const isSyncRequest = (name: unknown): name is SyncRequestName => typeof name === 'string' && allowed.has(name);

type Call = { id: number; name: SyncRequestName; input: unknown };
type Reply = { id: number; result: Result<unknown> };

/** Beyond the page's own bridge timeout, so that the page's answer (its timeout error included) comes first. */
const CALL_MARGIN_MS = 5_000;
const callTimeoutMs = (name: RequestName, input: unknown) => bridgeTimeoutMs(name, input) + CALL_MARGIN_MS;

/**
 * Main thread: answers the worker's calls with the real bridge. Anything not on the list, or not
 * shaped like a call, is refused without reaching the host. Returns the function that stops serving.
 */
export function serveBridgeOnPort(bridge: Pick<Bridge, 'invoke'>, port: MessagePort): () => void {
  const onMessage = (event: MessageEvent<unknown>) => {
    const call = event.data as Partial<Call> | null;
    if (call === null || typeof call !== 'object' || typeof call.id !== 'number') return;
    const { id, name } = call;
    if (!isSyncRequest(name)) {
      port.postMessage({ id, result: err('unknown_request', `${String(name)} is not a sync request`) } satisfies Reply);
      return;
    }
    // The host parses the input against the contract (the trust boundary); nothing to add here.
    void bridge
      .invoke(name, call.input as RequestInput<typeof name>)
      .catch((error: unknown) => err('unavailable', error instanceof Error ? error.message : String(error)))
      .then((result) => port.postMessage({ id, result } satisfies Reply));
  };
  port.addEventListener('message', onMessage);
  port.start();
  return () => {
    port.removeEventListener('message', onMessage);
    port.close();
  };
}

/**
 * Worker side: a Bridge whose calls travel over the port. It has the shape of the whole Bridge so
 * the store's functions (dropFromJournal) take it unchanged, but only SYNC_REQUESTS get through; the
 * rest answer unknown_request at once. Every call answers, within `timeoutOf` at the latest.
 */
export function bridgeOverPort(port: MessagePort, timeoutOf: (name: RequestName, input: unknown) => number = callTimeoutMs): Bridge {
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  port.addEventListener('message', (event: MessageEvent<unknown>) => {
    const reply = event.data as Partial<Reply> | null;
    if (reply === null || typeof reply !== 'object' || typeof reply.id !== 'number') return;
    const call = pending.get(reply.id);
    if (call === undefined) return;
    pending.delete(reply.id);
    clearTimeout(call.timer);
    call.resolve(isResult(reply.result) ? reply.result : err('internal', 'Malformed answer from the main thread'));
  });
  port.start();
  return {
    invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Result<RequestOutput<K>>> {
      if (!isRequestName(name) || !isSyncRequest(name)) return Promise.resolve(err('unknown_request', `${name} is not a sync request`));
      const id = nextId++;
      const timeoutMs = timeoutOf(name, input);
      return new Promise<Result<RequestOutput<K>>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(err('timeout', `${name} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (result: Result<unknown>) => void, timer });
        port.postMessage({ id, name, input } satisfies Call);
      });
    },
    // The engine listens to no host events; config changes reach it from the main thread.
    on: <E extends EventName>(_name: E, _listener: (payload: EventPayload<E>) => void) => () => undefined,
  };
}

function isResult(value: unknown): value is Result<unknown> {
  if (value === null || typeof value !== 'object' || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}
