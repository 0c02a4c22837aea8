/**
 * Does every speech key have an up-to-date clip? Pure: it compares the catalogue, the manifest
 * and the list of files, so tests can feed it invented cases and `npm run audio -- --check` and
 * tests/config/audio.test.ts use the same rules on the real folder.
 */
import type { Locale } from '../../core/config/locale';
import { missingCase } from '../../core/contract/result';
import type { AudioManifest, ClipSource } from '../../core/config/audio-manifest';
import type { ClipFiles } from './audio-files';
import { sha256, type SpeechEntry } from './speech-catalogue';

export type AudioProblem =
  | { kind: 'no-manifest'; detail: string }
  /** No clip for a key in a language: none in the manifest, or its file is gone. */
  | { kind: 'missing'; key: string; locale: Locale; file?: string }
  /** The clip says an older text. */
  | { kind: 'stale'; key: string; locale: Locale; source: ClipSource }
  /** The manifest lists a clip for a key the kiosk no longer has. */
  | { kind: 'orphan-entry'; key: string; locale: Locale }
  /** A file in a language folder that no clip of a current key uses. */
  | { kind: 'orphan-file'; locale: Locale; file: string };

export type AudioCheckInput = {
  entries: readonly SpeechEntry[];
  manifest: AudioManifest | null;
  files: ClipFiles;
  /** Keys left alone (a service file that does not parse right now); see SpeechCatalogue. */
  protectedPrefixes?: readonly string[];
};

const isProtected = (key: string, prefixes: readonly string[]) => prefixes.some((p) => key.startsWith(p));

export function checkAudio(input: AudioCheckInput): AudioProblem[] {
  const { entries, manifest, files } = input;
  const prefixes = input.protectedPrefixes ?? [];
  if (manifest === null) return [{ kind: 'no-manifest', detail: 'kiosk-config/audio/manifest.json is missing or invalid' }];
  const problems: AudioProblem[] = [];
  const wanted = new Set(entries.map((e) => `${e.locale}\u0000${e.key}`));
  const used: Record<Locale, Set<string>> = { id: new Set(), en: new Set() };

  for (const entry of entries) {
    const clip = Object.hasOwn(manifest.clips, entry.key) ? manifest.clips[entry.key]?.[entry.locale] : undefined;
    if (clip === undefined) {
      problems.push({ kind: 'missing', key: entry.key, locale: entry.locale });
      continue;
    }
    used[entry.locale].add(clip.file);
    if (!files[entry.locale].has(clip.file)) problems.push({ kind: 'missing', key: entry.key, locale: entry.locale, file: clip.file });
    else if (clip.textSha256 !== sha256(entry.text)) problems.push({ kind: 'stale', key: entry.key, locale: entry.locale, source: clip.source });
  }

  for (const [key, perLocale] of Object.entries(manifest.clips)) {
    for (const [locale, clip] of Object.entries(perLocale ?? {}) as [Locale, { file: string }][]) {
      if (wanted.has(`${locale}\u0000${key}`)) continue;
      // Its file is reported with it, not again as an orphan file.
      used[locale].add(clip.file);
      if (!isProtected(key, prefixes)) problems.push({ kind: 'orphan-entry', key, locale });
    }
  }

  for (const locale of Object.keys(files) as Locale[]) {
    for (const file of [...files[locale]].sort()) if (!used[locale].has(file)) problems.push({ kind: 'orphan-file', locale, file });
  }
  return problems;
}

/** One line a person can act on. */
export function describeAudioProblem(problem: AudioProblem): string {
  const regenerate = 'run `npm run audio`';
  switch (problem.kind) {
    case 'no-manifest':
      return `${problem.detail}: ${regenerate}`;
    case 'missing':
      return problem.file === undefined
        ? `${problem.locale}/${problem.key}: no clip; ${regenerate}`
        : `${problem.locale}/${problem.key}: the manifest names ${problem.locale}/${problem.file}, which does not exist; ${regenerate}`;
    case 'stale':
      return problem.source === 'human'
        ? `${problem.locale}/${problem.key}: the recording says an older text; record it again and run \`npm run audio -- --human ${problem.locale}/${problem.key}\`, or use a synthesised clip with \`npm run audio -- --tts ${problem.locale}/${problem.key}\``
        : `${problem.locale}/${problem.key}: the clip says an older text (stale); ${regenerate}`;
    case 'orphan-entry':
      return `${problem.locale}/${problem.key}: in the manifest but no longer a speech key; ${regenerate}`;
    case 'orphan-file':
      return `${problem.locale}/${problem.file}: not used by any clip; ${regenerate} (it deletes such files)`;
    default:
      return missingCase(problem);
  }
}
