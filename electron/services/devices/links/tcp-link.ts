import net from 'node:net';
import { LinkError, linkErrorOf, seconds, type LinkOpener } from './link';
import { streamLink } from './stream-link';

/**
 * Raw TCP to a network printer (port 9100, "JetDirect"). One connection per job: most receipt
 * printers serve one client at a time, so a kiosk holding a connection open would lock out a
 * second kiosk sharing the printer, and would not notice a printer restart until it wrote.
 */
export function tcpLink(host: string, port: number): LinkOpener {
  const where = `${host}:${port}`;
  return {
    connection: `tcp ${where}`,
    open: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        socket.setNoDelay(true);
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new LinkError('unreachable', `No connection to ${where} within ${seconds(timeoutMs)}: is the printer switched on and on the network at this address?`));
        }, timeoutMs);
        const failed = (error: Error) => {
          clearTimeout(timer);
          socket.destroy();
          reject(linkErrorOf(error, where));
        };
        socket.once('error', failed);
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.off('error', failed);
          resolve(
            streamLink(socket, where, async () => {
              if (socket.destroyed) return;
              // end() sends what is still queued, then FIN. The job does not wait for the printer
              // to close its side; a printer that never does is cut off after a second.
              socket.end();
              setTimeout(() => socket.destroy(), 1000).unref();
            }),
          );
        });
      }),
  };
}
