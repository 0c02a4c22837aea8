import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Two linked pseudo-terminals made by socat (Debian package `socat`, installed by .ci/run): a real
 * character device pair standing in for a serial cable, or for a two-way USB printer device. The
 * kiosk opens one end, the virtual printer the other. Skips (returns undefined) without socat.
 */
export type PtyPair = { kiosk: string; printer: string; stop(): void };

export async function startPtyPair(): Promise<PtyPair | undefined> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuntun-pty-'));
  const kiosk = path.join(dir, 'kiosk');
  const printer = path.join(dir, 'printer');
  const child = spawn('socat', [`pty,raw,echo=0,link=${kiosk}`, `pty,raw,echo=0,link=${printer}`], { stdio: 'ignore' });
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    const deadline = Date.now() + 5000;
    const poll = () => {
      if (existsSync(kiosk) && existsSync(printer)) resolve(true);
      else if (Date.now() > deadline || child.exitCode !== null) resolve(false);
      else setTimeout(poll, 20);
    };
    poll();
  });
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  if (!started) {
    stop();
    return undefined;
  }
  return { kiosk, printer, stop };
}
