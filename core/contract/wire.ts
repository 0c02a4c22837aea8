/**
 * Frames on the web host's WebSocket. Electron IPC does not use these: it passes name and input
 * as arguments. Both carry the same requests, events and Results.
 */
import { z } from 'zod';

export const BRIDGE_PATH = '/bridge';
/** First subprotocol names the wire version; the second carries the per-launch token. */
export const BRIDGE_PROTOCOL = 'tuntun.bridge.v1';
export const TOKEN_PROTOCOL_PREFIX = 'tuntun.token.';

export const ClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.unknown(),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int().nullable(), result: z.unknown() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
