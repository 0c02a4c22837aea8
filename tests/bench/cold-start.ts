import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

/**
 * Cold start: from spawning a host process to an interactive first screen in a freshly launched
 * Chromium. The baseline is a bare static page served by a minimal Node server and opened the
 * same way, so the ratio shows what Tuntun adds over "Node + Chromium + one page".
 */
const BARE_SERVER = `
const http = require('node:http');
const page = '<!doctype html><html lang="en"><title>bare</title><button>ready</button></html>';
const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(page); });
server.listen(0, '127.0.0.1', () => console.log('ready at http://127.0.0.1:' + server.address().port + '/'));
`;

type Target = { name: string; command: string[]; readyButton: RegExp };

export function targets(root: string): Target[] {
  return [
    { name: 'bare static page', command: [process.execPath, '-e', BARE_SERVER], readyButton: /ready/u },
    { name: 'tuntun web host', command: [process.execPath, path.join(root, 'dist', 'web-host', 'serve.js')], readyButton: /Sentuh layar untuk mulai/u },
  ];
}

export async function coldStartOnce(target: Target, executablePath: string): Promise<number> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-bench-'));
  const started = performance.now();
  const [command, ...args] = target.command;
  const child = spawn(command ?? process.execPath, args, { env: { ...process.env, PORT: '0', KIOSK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready at (\S+)/u.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`${target.name} exited with ${code}`)));
    });
    const browser = await chromium.launch({
      executablePath,
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(url);
      await page.getByRole('button', { name: target.readyButton }).waitFor({ state: 'visible' });
      return performance.now() - started;
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}
