/**
 * The clip folder on disk: kiosk-config/audio/manifest.json and kiosk-config/audio/<locale>/*.ogg.
 * Reading never throws for a missing folder or manifest (a fresh checkout has neither yet).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Locale } from '../../core/config/locale';
import { AUDIO_MANIFEST_VERSION, AudioManifest } from '../../core/config/audio-manifest';

export const MANIFEST_FILE = 'manifest.json';

export const audioDirOf = (configRoot: string) => path.join(configRoot, 'audio');

export type ClipFiles = Record<Locale, Set<string>>;

export type ManifestRead = { kind: 'missing' } | { kind: 'invalid'; message: string } | { kind: 'ok'; manifest: AudioManifest };

export async function readManifest(audioDir: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(path.join(audioDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', message: String(error) };
  }
  try {
    const parsed = AudioManifest.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', manifest: parsed.data };
    const first = parsed.error.issues[0];
    return { kind: 'invalid', message: first === undefined ? 'invalid' : `${first.path.join('.')}: ${first.message}` };
  } catch (error) {
    return { kind: 'invalid', message: `not valid JSON: ${(error as Error).message}` };
  }
}

export const emptyManifest = (ttsRecipe: string): AudioManifest => ({ version: AUDIO_MANIFEST_VERSION, ttsRecipe, clips: {} });

/**
 * Keys sorted and one clip per line, so a regenerated manifest differs from the last one only in
 * the lines of the clips that changed.
 */
export function renderManifest(manifest: AudioManifest): string {
  const q = (value: string) => JSON.stringify(value);
  const keys = Object.keys(manifest.clips).sort();
  const blocks = keys.map((key) => {
    const perLocale = manifest.clips[key] ?? {};
    const lines = Locale.options.flatMap((locale) => {
      const clip = perLocale[locale];
      return clip === undefined ? [] : [`      ${q(locale)}: { "file": ${q(clip.file)}, "textSha256": ${q(clip.textSha256)}, "source": ${q(clip.source)} }`];
    });
    return `    ${q(key)}: {\n${lines.join(',\n')}\n    }`;
  });
  const clips = blocks.length === 0 ? '{}' : `{\n${blocks.join(',\n')}\n  }`;
  return `{\n  "version": ${manifest.version},\n  "ttsRecipe": ${q(manifest.ttsRecipe)},\n  "clips": ${clips}\n}\n`;
}

export async function writeManifest(audioDir: string, manifest: AudioManifest): Promise<void> {
  await writeFile(path.join(audioDir, MANIFEST_FILE), renderManifest(manifest), 'utf8');
}

/** Every file in each language folder (not only .ogg: a stray .wav is an orphan too). */
export async function listClipFiles(audioDir: string): Promise<ClipFiles> {
  const files = {} as ClipFiles;
  for (const locale of Locale.options) {
    try {
      const entries = await readdir(path.join(audioDir, locale), { withFileTypes: true });
      files[locale] = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      files[locale] = new Set();
    }
  }
  return files;
}
