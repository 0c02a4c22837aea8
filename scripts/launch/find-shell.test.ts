import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, findElectronBinary, kioskBrowserArgs } from './find-shell';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-shell-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeExecutable(folder: string, name: string) {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, name);
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, 0o755);
  return file;
}

describe('npm start picks its shell', () => {
  it('finds a Chromium-family browser on PATH, preferring chromium', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    await fakeExecutable(a, 'google-chrome');
    const chromium = await fakeExecutable(b, 'chromium');
    expect(findBrowser({ PATH: `${a}:${b}` })).toBe(chromium);
  });

  it('honours CHROMIUM_PATH, and says nothing is there when it is wrong', async () => {
    const custom = await fakeExecutable(path.join(dir, 'c'), 'my-browser');
    expect(findBrowser({ PATH: '', CHROMIUM_PATH: custom })).toBe(custom);
    expect(findBrowser({ PATH: '', CHROMIUM_PATH: path.join(dir, 'missing') })).toBeUndefined();
    expect(findBrowser({ PATH: path.join(dir, 'empty') })).toBeUndefined();
  });

  it('finds no Electron binary where the package has not downloaded one, without starting a download', () => {
    expect(findElectronBinary(path.resolve(import.meta.dirname, '..', '..'), { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron') })).toBeUndefined();
    expect(findElectronBinary(dir)).toBeUndefined();
  });

  it('opens the kiosk address full screen, with the sandbox off only for root', () => {
    const args = kioskBrowserArgs('http://127.0.0.1:5810/#bridge=t', '/data/profile', { runningAsRoot: false });
    expect(args).toContain('--app=http://127.0.0.1:5810/#bridge=t');
    expect(args).toContain('--kiosk');
    expect(args).toContain('--user-data-dir=/data/profile');
    expect(args).not.toContain('--no-sandbox');
    expect(kioskBrowserArgs('http://x/', '/p', { runningAsRoot: true })).toContain('--no-sandbox');
  });
});
