/**
 * A byte pipe to one printer, whatever carries it (TCP, the USB printer device, a serial port).
 * Opened for one job or one status question and closed after: a printer that restarts, or a
 * cable pulled and put back, is simply found again on the next open, with no stale connection
 * to notice first.
 *
 * Every call takes a timeout. Failures are LinkErrors carrying the device reason; they never
 * leave the driver (escpos-printer.ts turns them into the device's state).
 */
import type { DeviceReason } from '../../../../core/contract/devices';

export type LinkReason = Extract<DeviceReason, 'unreachable' | 'no_answer' | 'permission'>;

export class LinkError extends Error {
  constructor(
    readonly reason: LinkReason,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

export interface Link {
  /** Resolves once the bytes are handed on; rejects with a LinkError (closed, unplugged, too slow). */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  /** Resolves with exactly `count` bytes from the printer; rejects with no_answer when they do not come in time. */
  read(count: number, timeoutMs: number): Promise<Uint8Array>;
  /** Forgets bytes received so far: a late answer to an earlier question must not answer the next. */
  discard(): void;
  close(): Promise<void>;
}

export interface LinkOpener {
  /** How the printer is reached, for IT: "tcp 192.168.1.50:9100", "usb /dev/usb/lp0". */
  readonly connection: string;
  open(timeoutMs: number): Promise<Link>;
}

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Words for the errno codes a printer's device file or socket gives, with what IT can do about each. */
export function linkErrorOf(error: unknown, where: string): LinkError {
  if (error instanceof LinkError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  switch (code) {
    case 'ENOENT':
      return new LinkError('unreachable', `${where} does not exist: is the printer plugged in and switched on?`);
    case 'EACCES':
    case 'EPERM':
      return new LinkError('permission', `The kiosk may not open ${where}: add the kiosk user to the printer's group ("lp" for USB, "dialout" for serial) and log in again.`);
    case 'ENXIO':
      return new LinkError('unreachable', `Nothing answers at ${where}: the printer is unplugged or switched off.`);
    case 'ENODEV':
    case 'EIO':
      return new LinkError('unreachable', `${where} went away during the job: the printer was unplugged or switched off.`);
    case 'EBUSY':
      return new LinkError('unreachable', `${where} is held by another program (a print server?): stop it, the kiosk prints directly.`);
    case 'ECONNREFUSED':
      return new LinkError('unreachable', `${where} refused the connection: is this the printer's address and port (usually 9100)?`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new LinkError('unreachable', `${where} cannot be reached on the network: check the cable and the printer's address.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LinkError('unreachable', `The printer's host name in ${where} is not known: use its IP address.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new LinkError('unreachable', `${where} closed the connection during the job: the printer was switched off or restarted.`);
    default:
      return new LinkError('unreachable', `${where} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
