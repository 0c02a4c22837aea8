import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * A TCP port on 127.0.0.1 where a connection never completes, as with a printer switched off
 * behind a switch: the listener's accept queue is filled and its process never accepts, so the
 * kernel drops further SYNs and connect() waits until the caller gives up. (A closed port would
 * answer "refused" at once, which is a different fault.) Runs in a child process whose event
 * loop is blocked on purpose; stop() kills it by its pid.
 */
export type SilentHost = { port: number; stop(): void };

const SCRIPT = `
const net = require('node:net');
const server = net.createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n');
  setTimeout(() => { for (;;) {} }, 20);
});`;

export async function startSilentHost(): Promise<SilentHost> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Fill the accept queue (backlog 1 holds two); these two stay open until the child dies.
  const fillers = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  return {
    port,
    stop() {
      for (const socket of fillers) socket.destroy();
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    },
  };
}
