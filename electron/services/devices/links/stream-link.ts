import type { Duplex } from 'node:stream';
import { LinkError, linkErrorOf, seconds, type Link } from './link';

/**
 * A Link over a Node duplex stream: a TCP socket or a serial port. Bytes from the printer are
 * kept until read; a close or an error on the stream fails every later call at once instead of
 * letting it wait for its timeout.
 */
export function streamLink(stream: Duplex, where: string, close: () => Promise<void>): Link {
  let received = Buffer.alloc(0);
  let failure: LinkError | undefined;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  stream.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    wake();
  });
  stream.on('error', (error) => {
    failure ??= linkErrorOf(error, where);
    wake();
  });
  stream.on('close', () => {
    failure ??= new LinkError('unreachable', `${where} closed the connection: the printer was switched off, restarted or unplugged.`);
    wake();
  });

  return {
    write(bytes, timeoutMs) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new LinkError('no_answer', `${where} took no more data for ${seconds(timeoutMs)}: the printer is stalled or its buffer is full.`));
        }, timeoutMs);
        stream.write(bytes, (error) => {
          clearTimeout(timer);
          if (error === null || error === undefined) resolve();
          else reject(failure ?? linkErrorOf(error, where));
        });
      });
    },
    read(count, timeoutMs) {
      return new Promise<Uint8Array>((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            const answer = received.subarray(0, count);
            received = received.subarray(count);
            done();
            resolve(new Uint8Array(answer));
          } else if (failure !== undefined) {
            done();
            reject(failure);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new LinkError('no_answer', `${where} did not answer its status request within ${seconds(timeoutMs)}.`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    discard() {
      received = Buffer.alloc(0);
    },
    close,
  };
}
