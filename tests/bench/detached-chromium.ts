import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../e2e/sync-faults/kiosk-harness';

/**
 * Chromium with no debugger attached while it is timed. Attached, Playwright has Chromium report
 * every request with its body (Network.requestWillBeSent carries the post data) and every WebSocket
 * frame over the DevTools pipe, and parses them all; 10,000 submissions posted raw from a plain page
 * took 9.9 and 10.8 s attached against 6.8 and 7.5 s detached (2-core machine, Chromium 156). A kiosk
 * runs with no debugger, so the timed parts run detached: Playwright connects over CDP for the
 * set-up and disconnects, and the page tells it is done with a console line, which Chromium writes
 * to its standard error (--enable-logging=stderr). Nothing in the page changes between the two.
 */
export type DetachedChromium = {
  /** Connects Playwright; `browser.close()` on what it returns only disconnects. */
  connect(): Promise<{ browser: Browser; page: Page }>;
  /** The text after `marker` on the next console line that carries it. */
  consoleLine(marker: string, timeoutMs: number): Promise<string>;
  close(): Promise<void>;
};

export async function launchDetachedChromium(profileDir: string): Promise<DetachedChromium> {
  const executable = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  const child: ChildProcess = spawn(
    executable,
    [
      '--headless',
      '--remote-debugging-port=0',
      '--remote-debugging-address=127.0.0.1',
      `--user-data-dir=${profileDir}`,
      '--window-size=1920,1080',
      '--lang=id-ID',
      '--enable-logging=stderr',
      '--v=0',
      ...CHROMIUM_ARGS,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: 'Asia/Jakarta' } },
  );
  const exited = once(child, 'exit');
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });

  const nextLine = async (test: (line: string) => string | undefined, timeoutMs: number, from = 0): Promise<{ value: string; at: number }> => {
    const deadline = Date.now() + timeoutMs;
    for (let index = from; ; ) {
      for (; index < lines.length; index += 1) {
        const value = test(lines[index] ?? '');
        if (value !== undefined) return { value, at: index + 1 };
      }
      if (child.exitCode !== null) throw new Error(`Chromium exited (${child.exitCode}) before: ${lines.slice(-5).join(' | ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`bench: no such line from Chromium within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        waiters.add(wake);
      });
    }
  };

  let read = 0;
  const endpoint = await nextLine((line) => /DevTools listening on (ws:\S+)/u.exec(line)?.[1], 30_000);
  read = endpoint.at;
  return {
    async connect() {
      const browser = await chromium.connectOverCDP(endpoint.value);
      const context = browser.contexts()[0];
      const page = context?.pages()[0] ?? (await context?.newPage());
      if (page === undefined) throw new Error('bench: Chromium has no page');
      context?.setDefaultTimeout(20_000);
      return { browser, page };
    },
    async consoleLine(marker, timeoutMs) {
      const found = await nextLine((line) => (line.includes(':CONSOLE') ? new RegExp(`"${marker} ([^"]*)"`, 'u').exec(line)?.[1] : undefined), timeoutMs, read);
      read = found.at;
      return found.value;
    },
    async close() {
      // SIGTERM lets Chromium shut its children down and finish writing its profile; then SIGKILL.
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
