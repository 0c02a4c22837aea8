import { readFile } from 'node:fs/promises';

/**
 * Which local user opened a TCP connection to the web host, read from the kernel's socket table.
 *
 * The bridge used to trust whoever showed the per-launch token, and that token travelled on
 * Chromium's command line, where `ps` shows it to every local user. On Linux the kernel already
 * knows the owner of both ends of a loopback connection: /proc/net/tcp lists each socket with the
 * uid that created it. The client's socket is the row whose local port is the peer's port and whose
 * remote port is ours. That is the identd idea, and needs no secret at all.
 *
 * Undefined when the table cannot be read (not Linux) or holds no such row (the peer has gone).
 */
export type SocketTable = () => Promise<string>;

export const PROC_NET_TCP = '/proc/net/tcp';

const procTable: SocketTable = () => readFile(PROC_NET_TCP, 'utf8');

/** 127.0.0.1 as /proc/net/tcp writes it: the address in host byte order, in hex. */
const LOOPBACK_HEX = '0100007F';
const ESTABLISHED = '01';

export async function loopbackPeerUid(peerPort: number, ourPort: number, table: SocketTable = procTable): Promise<number | undefined> {
  let text: string;
  try {
    text = await table();
  } catch {
    return undefined;
  }
  const local = `${LOOPBACK_HEX}:${hexPort(peerPort)}`;
  const remote = `${LOOPBACK_HEX}:${hexPort(ourPort)}`;
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/u);
    if (fields[1] === local && fields[2] === remote && fields[3] === ESTABLISHED) {
      const uid = Number(fields[7]);
      return Number.isInteger(uid) ? uid : undefined;
    }
  }
  return undefined;
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}
