import type { SerialPort as SerialPortClass } from 'serialport';
import { LinkError, linkErrorOf, seconds, type LinkOpener } from './link';
import { streamLink } from './stream-link';

/**
 * A serial printer (RS-232, or a USB-serial adapter at /dev/ttyUSB0) through the `serialport`
 * package: it sets speed, 8N1 framing and handshake with termios and reads without blocking
 * Node's thread pool. It installs from npm with prebuilt binaries inside the package (no
 * download, no compiler), and is loaded only when a serial printer is configured, so a kiosk
 * whose platform lacks the binary still runs every other device.
 */
export type SerialOptions = { device: string; baudRate: number; flowControl: 'none' | 'rtscts' | 'xonxoff' };

/** serialport's errors carry the errno only in their text ("… Permission denied, cannot open …"). */
function errnoOf(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const code = /No such file/iu.test(message)
    ? 'ENOENT'
    : /Permission denied/iu.test(message)
      ? 'EACCES'
      : /busy|lock/iu.test(message)
        ? 'EBUSY'
        : /Input\/output error/iu.test(message)
          ? 'EIO'
          : undefined;
  return code === undefined ? error : Object.assign(new Error(message), { code });
}

export function serialLink(options: SerialOptions): LinkOpener {
  const where = options.device;
  return {
    connection: `serial ${where} ${options.baudRate} 8N1${options.flowControl === 'none' ? '' : ` ${options.flowControl}`}`,
    async open(timeoutMs) {
      let SerialPort: typeof SerialPortClass;
      try {
        ({ SerialPort } = await import('serialport'));
      } catch (error) {
        throw new LinkError('unreachable', `Serial printers need the serialport package, which did not load here: ${error instanceof Error ? error.message : String(error)}`);
      }
      const port = new SerialPort({
        path: options.device,
        baudRate: options.baudRate,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
        rtscts: options.flowControl === 'rtscts',
        xon: options.flowControl === 'xonxoff',
        xoff: options.flowControl === 'xonxoff',
        autoOpen: false,
      });
      await new Promise<void>((resolve, reject) => {
        let late = false;
        const timer = setTimeout(() => {
          late = true;
          reject(new LinkError('unreachable', `${where} did not open within ${seconds(timeoutMs)}.`));
        }, timeoutMs);
        port.open((error) => {
          clearTimeout(timer);
          if (late) {
            if (error === null && port.isOpen) port.close(() => undefined);
            return;
          }
          if (error === null) resolve();
          else reject(linkErrorOf(errnoOf(error), where));
        });
      });
      return streamLink(
        port,
        where,
        () =>
          new Promise<void>((resolve) => {
            if (!port.isOpen) return resolve();
            // drain() waits for the bytes to leave the UART, so closing does not cut the job short;
            // a printer holding CTS low forever would hold drain() too, hence the second.
            const close = () => (port.isOpen ? port.close(() => resolve()) : resolve());
            const grace = setTimeout(close, 1000);
            port.drain(() => {
              clearTimeout(grace);
              close();
            });
          }),
      );
    },
  };
}
