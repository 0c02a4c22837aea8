import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingPackages } from '../../scripts/audio/synthesize';
import type { AudioManifest } from '../../core/config/audio-manifest';

/**
 * The generator end to end, with the real espeak-ng, sox and opusenc, on a small kiosk-config in a
 * temporary folder: two UI words plus the built-in keypad and keyboard echoes, one language.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const script = path.join(repo, 'scripts', 'audio', 'generate-audio.ts');
const run = promisify(execFile);
const toolsMissing = (await missingPackages()).length > 0;

async function generate(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, '--config', root, ...args], { cwd: repo });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe.skipIf(toolsMissing)('npm run audio', () => {
  let root: string;
  const clip = (key: string) => path.join(root, 'audio', 'id', `${key}.ogg`);
  const manifest = async () => JSON.parse(await readFile(path.join(root, 'audio', 'manifest.json'), 'utf8')) as AudioManifest;
  const writeLocales = async (messages: Record<string, string>) => {
    for (const locale of ['id', 'en']) await writeFile(path.join(root, 'locales', `${locale}.json`), JSON.stringify(messages));
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tuntun-audio-'));
    await mkdir(path.join(root, 'offices', 'one'), { recursive: true });
    await mkdir(path.join(root, 'locales'));
    const office = JSON.parse(await readFile(path.join(repo, 'kiosk-config', 'offices', 'tigaraksa', 'office.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(root, 'offices', 'one', 'office.json'), JSON.stringify({ ...office, locales: { enabled: ['id'], default: 'id' } }));
    await writeLocales({ 'nav.back': 'Kembali', 'nav.next': 'Berikutnya' });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('makes a clip per key, keeps a human recording through text changes, and deletes clips of removed keys', { timeout: 180_000 }, async () => {
    const first = await generate(root);
    expect(first.code, first.out).toBe(0);
    expect((await readdir(path.join(root, 'audio', 'id'))).length).toBe(42);
    expect((await manifest()).clips['ui.nav.back']?.id?.source).toBe('tts');

    // Run again: nothing to do.
    const again = await generate(root);
    expect(again.out).toContain('synthesised 0, unchanged 42');

    // A person records "Kembali" (here: any Ogg file) and marks it.
    await copyFile(clip('ui.digit.1'), clip('ui.nav.back'));
    const recording = await readFile(clip('ui.nav.back'));
    const marked = await generate(root, '--human', 'id/ui.nav.back');
    expect(marked.code, marked.out).toBe(0);
    expect((await manifest()).clips['ui.nav.back']?.id?.source).toBe('human');

    // Both texts change: the synthesised clip is made again, the recording is kept and reported.
    const nextBefore = await readFile(clip('ui.nav.next'));
    await writeLocales({ 'nav.back': 'Kembali ke layar sebelumnya', 'nav.next': 'Lanjut' });
    const changed = await generate(root);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('synthesised 1, unchanged 40, human 1');
    expect(changed.out).toContain('--human id/ui.nav.back');
    expect(await readFile(clip('ui.nav.back'))).toEqual(recording);
    expect(await readFile(clip('ui.nav.next'))).not.toEqual(nextBefore);
    expect((await generate(root, '--check')).code).toBe(1);

    // The recording is redone for the new text; then a key is removed and its clip goes.
    expect((await generate(root, '--human', 'id/ui.nav.back')).code).toBe(0);
    await writeLocales({ 'nav.back': 'Kembali ke layar sebelumnya' });
    const removed = await generate(root);
    expect(removed.code, removed.out).toBe(0);
    expect((await readdir(path.join(root, 'audio', 'id'))).includes('ui.nav.next.ogg')).toBe(false);
    expect((await generate(root, '--check')).code).toBe(0);
  });

  it('refuses to mark a recording that is not there', async () => {
    const result = await generate(root, '--human', 'id/ui.letter.zz');
    expect(result.code).toBe(1);
    expect(result.out).toContain('not a speech key');
  });
});
