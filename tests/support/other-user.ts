import { execFile } from 'node:child_process';

/**
 * Runs a small Node script as another local user, for tests of what that user can reach on the
 * kiosk. Only a root test run can switch users; such tests skip otherwise. The script is inline
 * (`node -e`) because the other user may not read the checkout or node_modules.
 */
export const NOBODY = { uid: 65534, gid: 65534 } as const;
export type OsUser = { uid: number; gid: number };

/** The script's standard output, trimmed; rejects when it fails. `undefined` user: this one. */
export function runAs(user: OsUser | undefined, script: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }), cwd: '/', timeout: timeoutMs, env: { PATH: '/usr/bin:/bin' } },
      (error, stdout, stderr) => (error === null ? resolve(stdout.trim()) : reject(new Error(`${error.message}\n${stderr}`))),
    );
  });
}

export type UpgradeAttempt = { origin: string; protocols: string[] };

/**
 * A raw WebSocket handshake per attempt (as a client outside any browser would send, with a forged
 * Origin), printing the HTTP status of each answer, comma-separated.
 */
export function upgradeScript(port: number, attempts: readonly UpgradeAttempt[]): string {
  return `
    const net = require('node:net');
    const attempts = ${JSON.stringify(attempts)};
    const one = ({ origin, protocols }) => new Promise((resolve) => {
      const socket = net.connect(${port}, '127.0.0.1', () => socket.write(
        'GET /bridge HTTP/1.1\\r\\nHost: 127.0.0.1:${port}\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
        'Sec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n' +
        'Origin: ' + origin + '\\r\\nSec-WebSocket-Protocol: ' + protocols.join(', ') + '\\r\\n\\r\\n'));
      let got = '';
      socket.on('data', (chunk) => { got += chunk; if (got.includes('\\r\\n')) { socket.destroy(); resolve(got.split(' ')[1]); } });
      socket.on('error', () => resolve('error'));
      socket.on('close', () => resolve(got === '' ? 'closed' : got.split(' ')[1]));
    });
    (async () => { const out = []; for (const a of attempts) out.push(await one(a)); process.stdout.write(out.join(',')); })();
  `;
}

export async function upgradeStatusAs(user: OsUser | undefined, port: number, attempts: readonly UpgradeAttempt[]): Promise<number[]> {
  const out = await runAs(user, upgradeScript(port, attempts));
  return out.split(',').map(Number);
}
