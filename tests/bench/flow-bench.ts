import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';

/**
 * Resident-facing speed in real Chromium against the real web host:
 * - tap → next step painted, p95 over 200 transitions, against a bare page whose button swaps
 *   its text (the floor this browser and machine can do);
 * - JS heap after 200 completed sessions vs after 10 (a leak shows as growth).
 */
const BARE = `<!doctype html><html lang="en"><title>bare</title><button id="b">0</button>
<script>let n = 0; document.getElementById('b').onclick = (e) => { e.target.textContent = String(++n); };</script></html>`;

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** Clicks the element and waits for the next frame to be painted: rAF, then a task after it. */
async function tapToPaint(page: Page, selector: string, name: string): Promise<number> {
  return page.evaluate(
    ({ selector, name }) =>
      new Promise<number>((resolve, reject) => {
        const target = [...document.querySelectorAll<HTMLElement>(selector)].find((el) => (el.textContent ?? '').trim() === name);
        if (target === undefined) {
          reject(new Error(`no ${selector} "${name}"`));
          return;
        }
        const start = performance.now();
        target.click();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
      }),
    { selector, name },
  );
}

async function startHost(root: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-flow-'));
  const child = spawn(process.execPath, [path.join(root, 'dist', 'web-host', 'serve.js')], {
    env: { ...process.env, PORT: '0', KIOSK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (\S+)/u.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One queue-number session: five screens, four taps that move the flow, then "Selesai". */
async function queueSession(page: Page, timings?: number[]) {
  const tap = async (selector: string, name: string) => {
    const ms = await tapToPaint(page, selector, name);
    timings?.push(ms);
    await page.waitForTimeout(0);
  };
  await page.getByRole('button', { name: /Sentuh layar/u }).click();
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await page.getByRole('button', { name: 'Nomor Antrian', exact: true }).click();
  await tap('[data-step-kind] button', 'KTP, KK, Akta');
  await tap('[data-step-kind] button', 'Tidak');
  await tap('footer button', 'Lanjut');
  await page.getByRole('button', { name: 'Ambil nomor', exact: true }).click();
  await page.getByRole('button', { name: 'Selesai', exact: true }).click();
  await page.getByRole('button', { name: /Sentuh layar/u }).waitFor();
}

async function heapMb(page: Page): Promise<number> {
  return page.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 1024 / 1024;
  });
}

export async function runFlowBench(root: string, executablePath: string): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath,
    args: ['--disable-gpu', '--disable-background-networking', '--js-flags=--expose-gc', '--enable-precise-memory-info', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
  const host = await startHost(root);
  try {
    // Baseline: the same tap-to-paint measure on a page that only swaps a button's text.
    const bare = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await bare.setContent(BARE);
    const bareTimes: number[] = [];
    for (let i = 0; i < 200; i++) bareTimes.push(await tapToPaint(bare, 'button', String(i)));
    await bare.close();

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(host.url);
    const times: number[] = [];
    while (times.length < 200) await queueSession(page, times);
    const sessionsSoFar = Math.ceil(200 / 3);

    // Heap: after 10 sessions, then after 200.
    for (let i = sessionsSoFar; i < 10; i++) await queueSession(page);
    const after10 = await heapMb(page);
    for (let i = Math.max(10, sessionsSoFar); i < 200; i++) await queueSession(page);
    const after200 = await heapMb(page);
    await page.close();

    const p95 = pct(times, 95);
    const bareP95 = pct(bareTimes, 95);
    return [
      'Tap → next step painted (real Chromium, queue-number flow, rAF + task after the click)',
      `  bare page        p50 ${pct(bareTimes, 50).toFixed(1)} ms  p95 ${bareP95.toFixed(1)} ms  (200 taps)`,
      `  tuntun flow      p50 ${pct(times, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  (${times.length} transitions; target p95 ≤ 50 ms)`,
      `  ratio p95        ${(p95 / Math.max(bareP95, 0.1)).toFixed(2)}`,
      '',
      'Renderer JS heap after completed sessions (after a forced GC)',
      `  after 10: ${after10.toFixed(2)} MB   after 200: ${after200.toFixed(2)} MB   growth ${(((after200 - after10) / after10) * 100).toFixed(1)} %  (target within 10 %)`,
    ];
  } finally {
    await host.stop();
    await browser.close();
  }
}
