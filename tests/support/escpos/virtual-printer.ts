import net from 'node:net';
import type { Duplex } from 'node:stream';
import { EscPosDecoder } from './escpos-decoder';

/**
 * A virtual ESC/POS receipt printer for tests: it listens on 127.0.0.1 like a network printer on
 * port 9100 (or serves any byte stream: a serial port, a pty), decodes what it receives with the
 * test decoder, and answers DLE EOT status as a real printer does, from its state at that point in
 * the stream. Paper can run out after a number of lines, mid-job: from then on it prints nothing
 * and says "paper end", as a real printer stops at the end of the roll.
 */
export type PrinterState = {
  /** Lines (and pictures) left on the roll; undefined for an endless roll. */
  paperLines: number | undefined;
  paperLow: boolean;
  coverOpen: boolean;
  /** false: a printer that never answers status questions (a one-way printer, or a hung one). */
  answersStatus: boolean;
  /** Closes the connection after this many bytes of a job: the cable pulled mid-receipt. */
  dropAfterBytes: number | undefined;
};

export type VirtualPrinter = {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly state: PrinterState;
  /** Every connection that put something on paper, in order: one per receipt. */
  readonly jobs: EscPosDecoder[];
  /** DLE EOT questions answered (or ignored) so far. */
  statusQuestions(): number;
  connections(): number;
  /** Waits until `count` jobs have ended (their connection closed). */
  jobsDone(count: number, timeoutMs?: number): Promise<void>;
  /** Switched off: stops listening and cuts every connection. */
  stop(): Promise<void>;
  /** Switched on again, on the same port. */
  restart(): Promise<void>;
};

const DEFAULTS: PrinterState = { paperLines: undefined, paperLow: false, coverOpen: false, answersStatus: true, dropAfterBytes: undefined };

/** The status byte a printer answers to DLE EOT n (Epson's bit layout, fixed bits 1 and 4 set). */
export function statusByte(n: number, state: PrinterState): number {
  const paperOut = state.paperLines !== undefined && state.paperLines <= 0;
  switch (n) {
    case 1:
      return 0x12 | (paperOut || state.coverOpen ? 0x08 : 0);
    case 2:
      return 0x12 | (state.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (paperOut ? 0x60 : 0) | (state.paperLow ? 0x0c : 0);
    default:
      return 0x12;
  }
}

/** The printer's behaviour on one byte stream: decode, answer status, use paper, maybe drop the line. */
export function servePrinter(stream: Duplex, state: PrinterState, counters: { questions: number }): EscPosDecoder {
  let received = 0;
  const decoder = new EscPosDecoder({
    status: (n) => {
      counters.questions += 1;
      if (state.answersStatus) stream.write(Uint8Array.of(statusByte(n, state)));
    },
    canPrint: () => !state.coverOpen && (state.paperLines === undefined || state.paperLines > 0),
    fed: () => {
      if (state.paperLines !== undefined) state.paperLines -= 1;
    },
  });
  stream.on('data', (chunk: Buffer) => {
    const limit = state.dropAfterBytes;
    if (limit !== undefined && received + chunk.length > limit) {
      decoder.push(chunk.subarray(0, Math.max(0, limit - received)));
      received = limit;
      stream.destroy();
      return;
    }
    received += chunk.length;
    decoder.push(chunk);
  });
  stream.on('error', () => undefined);
  return decoder;
}

/** `onData` sees every chunk as it arrives, before the printer acts on it (benchmarks time it). */
export async function startVirtualPrinter(initial: Partial<PrinterState> = {}, observe: { onData?: (chunk: Buffer) => void } = {}): Promise<VirtualPrinter> {
  const state: PrinterState = { ...DEFAULTS, ...initial };
  const jobs: EscPosDecoder[] = [];
  const sockets = new Set<net.Socket>();
  const counters = { questions: 0 };
  let connections = 0;
  let ended = 0;
  const endWaiters = new Set<() => void>();

  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    // Status answers are single bytes; Nagle would hold the second until the first is acknowledged.
    socket.setNoDelay(true);
    if (observe.onData !== undefined) socket.on('data', observe.onData);
    const decoder = servePrinter(socket, state, counters);
    socket.on('close', () => {
      sockets.delete(socket);
      if (decoder.paper.length > 0 || decoder.unknown.length > 0) {
        jobs.push(decoder);
        ended += 1;
        for (const wake of endWaiters) wake();
      }
    });
    // A real printer closes its side when the kiosk has sent everything and closed its own.
    socket.on('end', () => socket.end());
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        server.off('error', reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    state,
    jobs,
    statusQuestions: () => counters.questions,
    connections: () => connections,
    jobsDone: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (ended < count) return;
          clearTimeout(timer);
          endWaiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          endWaiters.delete(check);
          reject(new Error(`${ended} of ${count} print jobs arrived`));
        }, timeoutMs);
        endWaiters.add(check);
        check();
      }),
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    restart: listen,
  };
}
