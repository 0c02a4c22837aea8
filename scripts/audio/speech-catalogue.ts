/**
 * Every speech key the kiosk can say, with the text to say per language. The generator makes a
 * clip for each entry; tests/config/audio.test.ts checks that each has an up-to-date clip.
 *
 * Where the keys come from:
 *   ui.<key>        every key of kiosk-config/locales/<locale>.json except spoken.* (below),
 *                   including ui.issue.<code>: the spoken sentence, without parameters, for each
 *                   StepIssue / IdIssue code (locale key `issue.<code>`)
 *   svc.<id>.…      serviceSpeechTexts() of every file in kiosk-config/services/
 *   ui.digit.0-9, ui.letter.a-z, ui.key.space|delete|apostrophe|hyphen
 *                   keypad and letter-keyboard echoes; built in below unless a locale file has
 *                   the same key (then the locale file wins)
 *
 * A clip cannot say a parameter ("Selamat datang di {office}"), so a locale key `spoken.<key>`
 * gives the sentence said for `ui.<key>`; without one the key has no clip and a warning is
 * printed. `spoken.*` keys are never clips themselves. Service texts have no placeholders; one
 * that does is spoken without it.
 */
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Locale } from '../../core/config/locale';
import { OfficeConfig } from '../../core/config/office-config';
import { ServiceDefinition } from '../../core/flow/service-definition';
import { serviceSpeechTexts, spokenText } from '../../core/flow/speech-keys';
import type { StepIssueCode } from '../../core/flow/validate-answer';

/**
 * One clip to have. `language` is the language the text is written in: the same as `locale`
 * except where a service has no translation and the screen falls back to Bahasa Indonesia, so the
 * clip does too (spoken with the Indonesian voice, matching what the resident sees).
 */
export type SpeechEntry = { key: string; locale: Locale; text: string; language: Locale };

export type SpeechCatalogue = {
  entries: SpeechEntry[];
  /** Languages enabled by any office (all languages when no office file is valid). */
  locales: Locale[];
  /** Files that could not be used, and placeholders left out; printed by the generator. */
  warnings: string[];
  /**
   * Key prefixes (`svc.<file name>.`) of service files that failed to parse. Their clips are kept
   * as they are, so a file broken for a moment does not cost its recordings.
   */
  protectedPrefixes: string[];
};

// `satisfies` makes a new issue code a compile error until it is listed here; the audio test then
// requires its `issue.<code>` sentence in every locale file.
const ISSUE_CODE_SET = {
  required: true,
  invalidValue: true,
  notAnOption: true,
  digitsOnly: true,
  tooShort: true,
  tooLong: true,
  invalidDate: true,
  dateTooEarly: true,
  dateTooLate: true,
  ageBelow: true,
  invalidRegion: true,
  nameCharacters: true,
  groupTooFew: true,
  groupTooMany: true,
  consentDeclined: true,
  'nik.length': true,
  'nik.digits': true,
  'nik.area': true,
  'nik.bad_date': true,
  'nik.future_date': true,
  'nik.serial': true,
  'nik.unknown_district': true,
  'nik.birthdate_mismatch': true,
  'nik.sex_mismatch': true,
  'kk.length': true,
  'kk.digits': true,
  'kk.area': true,
  'kk.bad_date': true,
  'kk.future_date': true,
  'kk.serial': true,
  'kk.unknown_district': true,
  'bpjs.length': true,
  'bpjs.digits': true,
  'phone.prefix': true,
  'phone.length': true,
  'phone.digits': true,
  'tracking.format': true,
  'tracking.check': true,
} satisfies Record<StepIssueCode, true>;

/** Every code a step can report; each needs a locale key `issue.<code>`, spoken as `ui.issue.<code>`. */
export const ISSUE_CODES = Object.keys(ISSUE_CODE_SET) as StepIssueCode[];

/** The speech key of an issue, as renderer/src/steps/StepIssues.tsx asks for it. */
export const issueSpeechKey = (code: StepIssueCode) => `ui.issue.${code}`;

const DIGIT_WORDS: Record<Locale, readonly string[]> = {
  id: ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
};

const KEY_WORDS: Record<'space' | 'delete' | 'apostrophe' | 'hyphen', Record<Locale, string>> = {
  space: { id: 'Spasi', en: 'Space' },
  delete: { id: 'Hapus', en: 'Delete' },
  apostrophe: { id: 'Tanda petik', en: 'Apostrophe' },
  hyphen: { id: 'Tanda hubung', en: 'Hyphen' },
};

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** Keypad and keyboard echoes. A letter is written as the capital a reader sees on the key. */
function builtInTexts(locale: Locale): [key: string, text: string][] {
  return [
    ...DIGIT_WORDS[locale].map((word, digit): [string, string] => [`ui.digit.${digit}`, word]),
    ...LETTERS.map((letter): [string, string] => [`ui.letter.${letter}`, letter.toUpperCase()]),
    ...Object.entries(KEY_WORDS).map(([name, words]): [string, string] => [`ui.key.${name}`, words[locale]]),
  ];
}

const PLACEHOLDER = /\{\w+\}/u;

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/u;

/**
 * The clip's file name: the key itself, so whoever replaces a recording finds it by key. Keys
 * from unusual config text get a sanitised name with a hash, so they can never escape the folder.
 */
export function clipFileName(key: string): string {
  if (SAFE_KEY.test(key)) return `${key}.ogg`;
  const readable = key.replace(/[^A-Za-z0-9._-]+/gu, '-').replace(/^[^A-Za-z0-9]+/u, '').slice(0, 100);
  return `${readable === '' ? 'key' : readable}-${sha256(key).slice(0, 10)}.ogg`;
}

async function readJsonFile(file: string): Promise<{ ok: true; json: unknown } | { ok: false; message: string }> {
  try {
    return { ok: true, json: JSON.parse(await readFile(file, 'utf8')) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function enabledLocales(configRoot: string, warnings: string[]): Promise<Locale[]> {
  const enabled = new Set<Locale>();
  const offices = (await listDir(path.join(configRoot, 'offices'))).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const office of offices) {
    const rel = `offices/${office}/office.json`;
    const read = await readJsonFile(path.join(configRoot, rel));
    const parsed = read.ok ? OfficeConfig.safeParse(read.json) : undefined;
    if (parsed?.success === true) for (const locale of parsed.data.locales.enabled) enabled.add(locale);
    else warnings.push(`${rel}: not a valid office file, its languages are not counted`);
  }
  // Keep the order of the Locale enum, so output and manifests do not depend on office order.
  return enabled.size === 0 ? [...Locale.options] : Locale.options.filter((l) => enabled.has(l));
}

async function readMessages(configRoot: string, locale: Locale, warnings: string[]): Promise<Record<string, string>> {
  const rel = `locales/${locale}.json`;
  const read = await readJsonFile(path.join(configRoot, rel));
  if (!read.ok || typeof read.json !== 'object' || read.json === null || Array.isArray(read.json)) {
    warnings.push(`${rel}: cannot be read as a JSON object${read.ok ? '' : ` (${read.message})`}`);
    return {};
  }
  const messages: Record<string, string> = {};
  for (const [key, value] of Object.entries(read.json)) {
    if (typeof value === 'string') messages[key] = value;
    else warnings.push(`${rel}: ${key}: not a string, not spoken`);
  }
  return messages;
}

/** The whole catalogue, with the warnings and protected keys the generator needs. */
export async function loadSpeechCatalogue(configRoot: string): Promise<SpeechCatalogue> {
  const warnings: string[] = [];
  const locales = await enabledLocales(configRoot, warnings);
  const entries: SpeechEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: SpeechEntry) => {
    const id = `${entry.locale}\u0000${entry.key}`;
    if (seen.has(id)) return;
    seen.add(id);
    entries.push(entry);
  };

  // Bahasa Indonesia defines the UI keys (as renderer/src/i18n/messages.ts does).
  const messages = Object.fromEntries(await Promise.all(Locale.options.map(async (l) => [l, await readMessages(configRoot, l, warnings)] as const))) as Record<
    Locale,
    Record<string, string>
  >;
  const unspoken = new Set<string>();
  for (const locale of locales) {
    for (const key of Object.keys(messages.id)) {
      if (key.startsWith('spoken.')) continue;
      const speechKey = `ui.${key}`;
      const own = messages[locale][`spoken.${key}`] ?? messages[locale][key];
      const fallback = messages.id[`spoken.${key}`] ?? messages.id[key];
      const language: Locale = own === undefined ? 'id' : locale;
      const written = own ?? fallback ?? '';
      if (own === undefined) warnings.push(`locales/${locale}.json: ${key} is missing, the Bahasa Indonesia text is spoken`);
      // "Langkah dari" (a sentence with its numbers cut out) would mislead; no clip is better,
      // and the player reports the key as missing if a screen asks for it.
      if (PLACEHOLDER.test(written)) {
        unspoken.add(key);
        continue;
      }
      if (written.trim() !== '') add({ key: speechKey, locale, text: written.trim(), language });
    }
    for (const [key, text] of builtInTexts(locale)) add({ key, locale, text, language: locale });
  }
  if (unspoken.size > 0) {
    // Mostly labels for screen readers ("Hapus {name}"); a screen that wants one said needs spoken.<key>.
    warnings.push(`${unspoken.size} messages have a {placeholder} and no spoken.<key>, so no clip: ${[...unspoken].join(', ')}`);
  }

  const protectedPrefixes: string[] = [];
  const serviceFiles = (await listDir(path.join(configRoot, 'services')))
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name)
    .sort();
  const serviceIds = new Set<string>();
  for (const file of serviceFiles) {
    const rel = `services/${file}`;
    const read = await readJsonFile(path.join(configRoot, rel));
    const parsed = read.ok ? ServiceDefinition.safeParse(read.json) : undefined;
    if (parsed?.success !== true) {
      const first = parsed?.error.issues[0];
      const why = !read.ok ? read.message : first === undefined ? 'invalid' : `${first.path.join('.') || '(file)'}: ${first.message}`;
      warnings.push(`${rel}: skipped, not a valid service (${why}); its existing clips are kept`);
      protectedPrefixes.push(`svc.${file.slice(0, -'.json'.length)}.`);
      continue;
    }
    const definition = parsed.data;
    if (serviceIds.has(definition.id)) {
      warnings.push(`${rel}: skipped, another file already has the id "${definition.id}"`);
      continue;
    }
    serviceIds.add(definition.id);
    for (const { key, text } of serviceSpeechTexts(definition)) {
      for (const locale of locales) {
        const language: Locale = text[locale] === undefined ? 'id' : locale;
        // spokenText is also what the player hashes to tell a clip of this text from one of an older text.
        add({ key, locale, text: spokenText(text, locale), language });
      }
    }
  }

  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : locales.indexOf(a.locale) - locales.indexOf(b.locale)));
  return { entries, locales, warnings, protectedPrefixes };
}

/** Every speech key with its text per language (see the file comment for the key scheme). */
export async function speechCatalogue(configRoot: string): Promise<SpeechEntry[]> {
  return (await loadSpeechCatalogue(configRoot)).entries;
}
