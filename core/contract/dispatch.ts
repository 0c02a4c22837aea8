import { isRequestName, bridgeRequests, type BridgeHandlers } from './bridge';
import { err, type Result } from './result';
import { issuesOf } from './result-schema';

/**
 * Host side of the bridge: checks the name, parses the input, runs the handler, and turns every
 * failure (bad name, bad input, a handler that throws) into a Result. Both shells call this, so
 * the renderer sees the same answers over IPC and over the WebSocket.
 */
export function createDispatcher(handlers: BridgeHandlers, onInternalError: (name: string, error: unknown) => void) {
  return async function dispatch(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isRequestName(name)) {
      return err('unknown_request', `No request named ${JSON.stringify(String(name)).slice(0, 80)}`);
    }
    const parsed = bridgeRequests[name].input.safeParse(input);
    if (!parsed.success) {
      return err('bad_request', `Input of ${name} does not match the contract`, issuesOf(parsed.error));
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<Result<unknown>>;
      return await handler(parsed.data);
    } catch (error) {
      onInternalError(name, error);
      return err('internal', `${name} failed on the host; see the host log`);
    }
  };
}
