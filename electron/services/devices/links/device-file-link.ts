import { constants, type promises as fsPromises } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { LinkError, linkErrorOf, seconds, type Link, type LinkOpener } from './link';

/**
 * The Linux USB printer device (`/dev/usb/lp0`, the usblp driver), opened as a file.
 *
 * Opened non-blocking on purpose: Node reads and writes files on its small thread pool, and a
 * blocking write to a printer that is out of paper (or a read from one that never answers) would
 * hold a pool thread until the printer came back, starving every other file operation of the
 * host. Non-blocking, the device answers EAGAIN at once and this code retries on a short timer
 * until the call's own timeout.
 *
 * `readStatus: false` opens the device write-only: a one-way printer (or a FIFO standing in for
 * one in tests) then needs no reader on the other side to answer, and none is asked.
 */
const RETRY_MS = 5;

export function deviceFileLink(device: string, options: { readStatus: boolean }): LinkOpener {
  const flags = (options.readStatus ? constants.O_RDWR : constants.O_WRONLY) | constants.O_NONBLOCK | constants.O_NOCTTY;
  return {
    connection: `usb ${device}`,
    async open(timeoutMs) {
      let handle: fsPromises.FileHandle;
      try {
        handle = await withTimeout(open(device, flags), timeoutMs, `${device} did not open within ${seconds(timeoutMs)}.`);
      } catch (error) {
        throw linkErrorOf(error, device);
      }
      return fileLink(handle, device);
    },
  };
}

function fileLink(handle: fsPromises.FileHandle, where: string): Link {
  let closed = false;
  const again = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EAGAIN';
  return {
    async write(bytes, timeoutMs) {
      const until = Date.now() + timeoutMs;
      let offset = 0;
      while (offset < bytes.length) {
        try {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
          if (bytesWritten > 0) continue;
        } catch (error) {
          if (!again(error)) throw linkErrorOf(error, where);
        }
        if (Date.now() >= until) throw new LinkError('no_answer', `${where} took no more data for ${seconds(timeoutMs)}: the printer is stalled or out of paper.`);
        await sleep(RETRY_MS);
      }
    },
    async read(count, timeoutMs) {
      const until = Date.now() + timeoutMs;
      const answer = new Uint8Array(count);
      let filled = 0;
      while (filled < count) {
        try {
          const { bytesRead } = await handle.read(answer, filled, count - filled, null);
          filled += bytesRead;
          if (bytesRead > 0) continue;
        } catch (error) {
          if (!again(error)) throw linkErrorOf(error, where);
        }
        if (Date.now() >= until) throw new LinkError('no_answer', `${where} did not answer its status request within ${seconds(timeoutMs)}.`);
        await sleep(RETRY_MS * 2);
      }
      return answer;
    },
    discard() {
      // The device keeps nothing for us between calls: answers are read as they are asked for.
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close().catch(() => undefined);
    },
  };
}

/** A device that does not open in time is given up on; if it opens later, it is closed again. */
async function withTimeout(opening: Promise<fsPromises.FileHandle>, timeoutMs: number, message: string): Promise<fsPromises.FileHandle> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(new LinkError('unreachable', message));
    }, timeoutMs);
  });
  const opened = opening.then(async (handle) => {
    if (late) await handle.close().catch(() => undefined);
    return handle;
  });
  try {
    return await Promise.race([opened, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
