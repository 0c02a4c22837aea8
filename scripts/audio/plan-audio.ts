/**
 * What the generator must do, decided without touching the disk: which clips to synthesise, which
 * to keep, which files to delete, and the manifest afterwards. The rules, in order:
 *   - a clip whose manifest source is `human` is never overwritten; if its text changed it is kept
 *     and reported as stale (someone must record it again, or choose synthesis with --tts);
 *   - a tts clip is made again only when its text, its file name or TTS_RECIPE changed, its file
 *     is gone, or --force;
 *   - every file in a language folder that the new manifest does not name is deleted, except the
 *     clips of a service file that does not parse right now (protected prefixes).
 */
import { Locale } from '../../core/config/locale';
import type { AudioManifest, ClipEntry, ClipSource } from '../../core/config/audio-manifest';
import { AUDIO_MANIFEST_VERSION } from '../../core/config/audio-manifest';
import type { ClipFiles } from './audio-files';
import { clipFileName, sha256, type SpeechEntry } from './speech-catalogue';

export type SynthesisJob = SpeechEntry & { file: string; textSha256: string; previous: ClipEntry | undefined };

export type AudioPlan = {
  /** The manifest once every job has succeeded; a failed job puts back `previous`. */
  manifest: AudioManifest;
  synthesize: SynthesisJob[];
  unchanged: number;
  /** Human recordings of an older text, kept as they are. */
  staleHuman: SpeechEntry[];
  /** Human recordings whose file has disappeared: synthesised again (nothing is overwritten). */
  lostHuman: SpeechEntry[];
  remove: { locale: Locale; file: string; source: ClipSource | undefined }[];
};

export type PlanOptions = {
  recipe: string;
  force?: boolean;
  protectedPrefixes?: readonly string[];
};

export function planAudio(entries: readonly SpeechEntry[], previous: AudioManifest | null, files: ClipFiles, options: PlanOptions): AudioPlan {
  const prefixes = options.protectedPrefixes ?? [];
  const recipeChanged = previous !== null && previous.ttsRecipe !== options.recipe;
  const clips: AudioManifest['clips'] = {};
  const set = (key: string, locale: Locale, clip: ClipEntry) => {
    clips[key] = { ...clips[key], [locale]: clip };
  };
  const lookup = (key: string, locale: Locale) => (previous !== null && Object.hasOwn(previous.clips, key) ? previous.clips[key]?.[locale] : undefined);

  const plan: AudioPlan = {
    manifest: { version: AUDIO_MANIFEST_VERSION, ttsRecipe: options.recipe, clips },
    synthesize: [],
    unchanged: 0,
    staleHuman: [],
    lostHuman: [],
    remove: [],
  };

  for (const entry of entries) {
    const prev = lookup(entry.key, entry.locale);
    const textSha256 = sha256(entry.text);
    const file = clipFileName(entry.key);
    const onDisk = prev !== undefined && files[entry.locale].has(prev.file);
    if (prev?.source === 'human' && onDisk) {
      set(entry.key, entry.locale, prev);
      if (prev.textSha256 === textSha256) plan.unchanged += 1;
      else plan.staleHuman.push(entry);
      continue;
    }
    if (prev?.source === 'human') plan.lostHuman.push(entry);
    const current = prev?.source === 'tts' && onDisk && prev.file === file && prev.textSha256 === textSha256 && !recipeChanged && options.force !== true;
    if (current) {
      set(entry.key, entry.locale, prev);
      plan.unchanged += 1;
    } else {
      set(entry.key, entry.locale, { file, textSha256, source: 'tts' });
      plan.synthesize.push({ ...entry, file, textSha256, previous: prev });
    }
  }

  if (previous !== null) {
    for (const [key, perLocale] of Object.entries(previous.clips)) {
      if (!prefixes.some((p) => key.startsWith(p))) continue;
      for (const locale of Locale.options) {
        const clip = perLocale?.[locale];
        if (clip !== undefined && clips[key]?.[locale] === undefined) set(key, locale, clip);
      }
    }
  }

  const sourceOf = new Map<string, ClipSource>();
  if (previous !== null) {
    for (const perLocale of Object.values(previous.clips)) {
      for (const locale of Locale.options) {
        const clip = perLocale?.[locale];
        if (clip !== undefined) sourceOf.set(`${locale}/${clip.file}`, clip.source);
      }
    }
  }
  for (const locale of Locale.options) {
    const used = new Set(Object.values(clips).flatMap((perLocale) => (perLocale?.[locale] === undefined ? [] : [perLocale[locale].file])));
    for (const file of [...files[locale]].sort()) {
      if (!used.has(file)) plan.remove.push({ locale, file, source: sourceOf.get(`${locale}/${file}`) });
    }
  }
  return plan;
}
