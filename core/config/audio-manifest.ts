/**
 * `kiosk-config/audio/manifest.json`: which clip file says each speech key in each language.
 * Written by scripts/audio/generate-audio.ts, read by the player (served at /audio/manifest.json)
 * and by tests/config/audio.test.ts. Pure (zod only) so the Node-side generator can share it; it
 * belongs in core/config once the lead moves it.
 */
import { z } from 'zod';
import { Locale } from './locale';

export const AUDIO_MANIFEST_VERSION = 1;

export const ClipSource = z
  .enum(['tts', 'human'])
  .describe('tts: made by the generator and remade when the text changes; human: a recording the generator never overwrites');
export type ClipSource = z.infer<typeof ClipSource>;

// Plain names only: a file name is put into a URL and a path, so nothing may need escaping.
export const ClipFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.ogg$/u, 'A file name in kiosk-config/audio/<locale>/: letters, digits, . _ - and .ogg')
  .describe('File in kiosk-config/audio/<locale>/');

export const ClipEntry = z
  .strictObject({
    file: ClipFileName,
    textSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/u)
      .describe('SHA-256 (hex) of the text the clip says; a different hash means the clip is stale'),
    source: ClipSource,
  })
  .describe('One clip');
export type ClipEntry = z.infer<typeof ClipEntry>;

export const AudioManifest = z
  .strictObject({
    version: z.literal(AUDIO_MANIFEST_VERSION).describe('Format version of this file'),
    ttsRecipe: z.string().describe('How tts clips were made; when the generator changes it, every tts clip is made again'),
    clips: z.record(z.string(), z.partialRecord(Locale, ClipEntry)).describe('Speech key → language → clip'),
  })
  .describe('The spoken clips of the kiosk');
export type AudioManifest = z.infer<typeof AudioManifest>;

/** A key's clip in a language, or undefined when there is none. */
export function clipEntry(manifest: AudioManifest, locale: Locale, key: string): ClipEntry | undefined {
  return Object.hasOwn(manifest.clips, key) ? manifest.clips[key]?.[locale] : undefined;
}

/** The URL of a key's clip, or undefined when there is none in that language. */
export function clipUrl(manifest: AudioManifest, baseUrl: string, locale: Locale, key: string): string | undefined {
  const entry = clipEntry(manifest, locale, key);
  if (entry === undefined) return undefined;
  return `${baseUrl.replace(/\/+$/u, '')}/${locale}/${entry.file}`;
}
