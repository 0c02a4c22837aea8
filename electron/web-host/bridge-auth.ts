import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../core/contract/wire';
import { loopbackPeerUid, PROC_NET_TCP, type SocketTable } from './peer-uid';

/**
 * Who may open the bridge, besides the Origin and Host checks every upgrade passes first.
 *
 * - `peer-uid` (Linux, the web host's production platform): the connecting socket must belong to
 *   the user the host runs as. There is no secret to leak: nothing on Chromium's command line, in
 *   the environment or in a file grants a session, and another local user is refused by the kernel's
 *   own record of who opened the connection. A process of the kiosk user itself can connect, as it
 *   could read the kiosk's data directory anyway.
 * - `token` (other systems, where the socket table cannot be read): a random per-launch token in the
 *   address's fragment, offered as a WebSocket subprotocol. It is on the browser's command line, so
 *   other local users may read it there: fine for development, not for a shared machine (README).
 */
export type BridgeAuth = { kind: 'peer-uid'; uid: number; table?: SocketTable } | { kind: 'token'; token: string };

export type BridgeAuthChoice = 'peer-uid' | 'token';

export function chooseBridgeAuth(choice: BridgeAuthChoice | undefined): BridgeAuth {
  const uid = process.getuid?.();
  const peerUidWorks = uid !== undefined && existsSync(PROC_NET_TCP);
  if ((choice ?? (peerUidWorks ? 'peer-uid' : 'token')) === 'peer-uid') {
    if (uid === undefined || !peerUidWorks) throw new Error(`The bridge's peer check needs ${PROC_NET_TCP} (Linux)`);
    return { kind: 'peer-uid', uid };
  }
  return { kind: 'token', token: randomBytes(32).toString('base64url') };
}

/** Why an upgrade that passed Origin and Host is refused, or undefined to let it in. */
export async function refusal(auth: BridgeAuth, req: IncomingMessage, ourPort: number): Promise<string | undefined> {
  switch (auth.kind) {
    case 'peer-uid': {
      const peerPort = req.socket.remotePort;
      if (peerPort === undefined) return 'peer has gone';
      const uid = await loopbackPeerUid(peerPort, ourPort, auth.table);
      if (uid === undefined) return 'peer not found in the socket table';
      return uid === auth.uid ? undefined : `peer is uid ${uid}, not the kiosk user`;
    }
    case 'token': {
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
      return sameToken(Buffer.from(presented), Buffer.from(auth.token)) ? undefined : 'wrong or missing token';
    }
  }
}

/** The address to open: in token mode the token travels in the fragment, never sent to a server. */
export function pageUrl(auth: BridgeAuth, origin: string): string {
  return auth.kind === 'token' ? `${origin}/#bridge=${auth.token}` : `${origin}/`;
}

function sameToken(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
