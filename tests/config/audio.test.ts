import { mkdtemp, open, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceDefinition } from '../../core/flow/service-definition';
import { sktmInput } from '../../core/flow/fixtures/sktm';
import { audioDirOf, listClipFiles, readManifest, type ClipFiles } from '../../scripts/audio/audio-files';
import { checkAudio, describeAudioProblem } from '../../scripts/audio/check-audio';
import { clipFileName, ISSUE_CODES, loadSpeechCatalogue, sha256, speechCatalogue, type SpeechCatalogue } from '../../scripts/audio/speech-catalogue';
import type { AudioManifest } from '../../core/config/audio-manifest';

const configRoot = path.resolve(import.meta.dirname, '..', '..', 'kiosk-config');
const audioDir = audioDirOf(configRoot);
const REGENERATE = 'run `npm run audio` (scripts/audio/generate-audio.ts)';

describe('kiosk-config/audio: a current clip for every speech key', () => {
  let catalogue: SpeechCatalogue;
  let manifest: AudioManifest | null;
  let files: ClipFiles;

  beforeAll(async () => {
    catalogue = await loadSpeechCatalogue(configRoot);
    const read = await readManifest(audioDir);
    manifest = read.kind === 'ok' ? read.manifest : null;
    files = await listClipFiles(audioDir);
  });

  it(`has a clip file, with the current text, for every key in every enabled language, and nothing else (else ${REGENERATE})`, () => {
    const problems = checkAudio({ entries: catalogue.entries, manifest, files, protectedPrefixes: catalogue.protectedPrefixes });
    expect(problems.map(describeAudioProblem)).toEqual([]);
  });

  it('asks for every key in every language that an office enables', () => {
    const keys = new Set(catalogue.entries.map((e) => e.key));
    const pairs = new Set(catalogue.entries.map((e) => `${e.locale}/${e.key}`));
    const missing = [...keys].flatMap((key) => catalogue.locales.filter((l) => !pairs.has(`${l}/${key}`)).map((l) => `${l}/${key}`));
    expect(missing).toEqual([]);
    expect(catalogue.locales).toEqual(['id', 'en']);
  });

  it('has a spoken sentence without parameters for every issue code, in every locale file', async () => {
    for (const locale of ['id', 'en']) {
      const messages = JSON.parse(await readFile(path.join(configRoot, 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
      const problems = ISSUE_CODES.filter((code) => (messages[`issue.${code}`] ?? '{missing}').includes('{')).map((code) => `${locale}: issue.${code}`);
      expect(problems).toEqual([]);
    }
    const said = new Set(catalogue.entries.map((e) => e.key));
    expect(ISSUE_CODES.filter((code) => !said.has(`ui.issue.${code}`))).toEqual([]);
  });

  it('covers the keypad and letter-keyboard echoes and the speech controls', () => {
    const said = new Set(catalogue.entries.map((e) => e.key));
    const wanted = [
      ...'0123456789'.split('').map((d) => `ui.digit.${d}`),
      ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `ui.letter.${c}`),
      ...['space', 'delete', 'apostrophe', 'hyphen'].map((k) => `ui.key.${k}`),
      ...['replay', 'louder', 'quieter', 'stop'].map((k) => `ui.speech.${k}`),
    ];
    expect(wanted.filter((k) => !said.has(k))).toEqual([]);
  });

  it('stores Ogg clips and stays within the 20 MB budget', async () => {
    let bytes = 0;
    const notOgg: string[] = [];
    for (const locale of catalogue.locales) {
      for (const file of files[locale]) {
        const full = path.join(audioDir, locale, file);
        bytes += (await stat(full)).size;
        const handle = await open(full, 'r');
        const head = Buffer.alloc(4);
        await handle.read(head, 0, 4, 0);
        await handle.close();
        if (head.toString('latin1') !== 'OggS') notOgg.push(`${locale}/${file}`);
      }
    }
    expect(notOgg).toEqual([]);
    expect(bytes).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('checkAudio', () => {
  const entry = (key: string, text: string) => ({ key, locale: 'id' as const, text, language: 'id' as const });
  const clip = (key: string, text: string, source: 'tts' | 'human' = 'tts') => ({ id: { file: clipFileName(key), textSha256: sha256(text), source } });
  const filesOf = (...names: string[]): ClipFiles => ({ id: new Set(names), en: new Set() });
  const base: AudioManifest = { version: 1, ttsRecipe: 'r', clips: { 'ui.nav.back': clip('ui.nav.back', 'Kembali') } };

  it('passes a complete, current folder', () => {
    expect(checkAudio({ entries: [entry('ui.nav.back', 'Kembali')], manifest: base, files: filesOf('ui.nav.back.ogg') })).toEqual([]);
  });

  it('reports a key without a clip, and tells how to fix it', () => {
    const problems = checkAudio({ entries: [entry('ui.nav.back', 'Kembali'), entry('ui.invented.by.test', 'Tidak ada')], manifest: base, files: filesOf('ui.nav.back.ogg') });
    expect(problems).toEqual([{ kind: 'missing', key: 'ui.invented.by.test', locale: 'id' }]);
    expect(describeAudioProblem(problems[0]!)).toContain('npm run audio');
  });

  it('reports a clip listed in the manifest whose file is gone', () => {
    expect(checkAudio({ entries: [entry('ui.nav.back', 'Kembali')], manifest: base, files: filesOf() })).toEqual([
      { kind: 'missing', key: 'ui.nav.back', locale: 'id', file: 'ui.nav.back.ogg' },
    ]);
  });

  it('reports a stale clip when the text changed, saying to run the generator', () => {
    const problems = checkAudio({ entries: [entry('ui.nav.back', 'Kembali ke layar sebelumnya')], manifest: base, files: filesOf('ui.nav.back.ogg') });
    expect(problems).toEqual([{ kind: 'stale', key: 'ui.nav.back', locale: 'id', source: 'tts' }]);
    expect(describeAudioProblem(problems[0]!)).toMatch(/stale.*npm run audio/u);
  });

  it('tells how to re-record a stale human recording', () => {
    const manifest: AudioManifest = { ...base, clips: { 'ui.nav.back': clip('ui.nav.back', 'Kembali', 'human') } };
    const [problem] = checkAudio({ entries: [entry('ui.nav.back', 'Mundur')], manifest, files: filesOf('ui.nav.back.ogg') });
    expect(describeAudioProblem(problem!)).toContain('--human id/ui.nav.back');
  });

  it('reports orphans: manifest entries of gone keys and files nothing uses', () => {
    const manifest: AudioManifest = { ...base, clips: { ...base.clips, 'ui.gone': clip('ui.gone', 'Hilang') } };
    const problems = checkAudio({ entries: [entry('ui.nav.back', 'Kembali')], manifest, files: filesOf('ui.nav.back.ogg', 'ui.gone.ogg', 'stray.wav') });
    expect(problems).toEqual([
      { kind: 'orphan-entry', key: 'ui.gone', locale: 'id' },
      { kind: 'orphan-file', locale: 'id', file: 'stray.wav' },
    ]);
  });

  it('leaves the clips of a service file that does not parse alone', () => {
    const manifest: AudioManifest = { ...base, clips: { ...base.clips, 'svc.broken.title': clip('svc.broken.title', 'Rusak') } };
    const input = { entries: [entry('ui.nav.back', 'Kembali')], manifest, files: filesOf('ui.nav.back.ogg', 'svc.broken.title.ogg') };
    expect(checkAudio({ ...input, protectedPrefixes: ['svc.broken.'] })).toEqual([]);
    expect(checkAudio(input)).toHaveLength(1);
  });

  it('reports a missing manifest', () => {
    expect(checkAudio({ entries: [entry('ui.nav.back', 'Kembali')], manifest: null, files: filesOf() })[0]?.kind).toBe('no-manifest');
  });
});

describe('speechCatalogue', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tuntun-catalogue-'));
    await mkdir(path.join(root, 'offices', 'one'), { recursive: true });
    await mkdir(path.join(root, 'offices', 'two'), { recursive: true });
    await mkdir(path.join(root, 'locales'));
    await mkdir(path.join(root, 'services'));
    const office = JSON.parse(await readFile(path.join(configRoot, 'offices', 'tigaraksa', 'office.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(root, 'offices', 'one', 'office.json'), JSON.stringify({ ...office, locales: { enabled: ['id'], default: 'id' }, services: ['sktm'] }));
    await writeFile(path.join(root, 'offices', 'two', 'office.json'), JSON.stringify({ ...office, locales: { enabled: ['en', 'id'], default: 'id' }, services: ['sktm'] }));
    const locale = (welcome: string, spoken: string) => ({ 'nav.back': welcome === '' ? 'Back' : 'Kembali', 'attract.welcome': welcome, 'spoken.attract.welcome': spoken, 'nav.page': 'Halaman {page}' });
    await writeFile(path.join(root, 'locales', 'id.json'), JSON.stringify(locale('Selamat datang di {office}', 'Selamat datang.')));
    await writeFile(path.join(root, 'locales', 'en.json'), JSON.stringify({ ...locale('', 'Welcome.'), 'attract.welcome': 'Welcome to {office}' }));
    const sktm = ServiceDefinition.parse(sktmInput);
    // English is optional in a service file: the title falls back to Bahasa Indonesia there.
    await writeFile(path.join(root, 'services', 'sktm.json'), JSON.stringify({ ...sktm, title: { id: sktm.title.id } }));
    await writeFile(path.join(root, 'services', 'broken.json'), JSON.stringify({ id: 'broken', title: { id: 'Rusak' } }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists UI words, service texts and built-in echoes in every language an office enables', async () => {
    const entries = await speechCatalogue(root);
    const text = (key: string, locale: 'id' | 'en') => entries.find((e) => e.key === key && e.locale === locale);
    expect(text('ui.nav.back', 'en')).toEqual({ key: 'ui.nav.back', locale: 'en', text: 'Back', language: 'en' });
    expect(text('ui.digit.7', 'id')?.text).toBe('tujuh');
    expect(text('ui.letter.q', 'en')?.text).toBe('Q');
    expect(text('svc.sktm.steps.intro.title', 'en')?.text).toBe('Low-income letter');
  });

  it('says the spoken.* sentence for a message with a parameter, and leaves out one without', async () => {
    const catalogue = await loadSpeechCatalogue(root);
    expect(catalogue.entries.find((e) => e.key === 'ui.attract.welcome' && e.locale === 'id')?.text).toBe('Selamat datang.');
    expect(catalogue.entries.some((e) => e.key.startsWith('ui.spoken.'))).toBe(false);
    expect(catalogue.entries.some((e) => e.key === 'ui.nav.page')).toBe(false);
    expect(catalogue.warnings.some((w) => w.includes('no spoken.<key>') && w.includes('nav.page'))).toBe(true);
  });

  it('speaks an untranslated service text in Bahasa Indonesia, as the screen shows it', async () => {
    const entries = await speechCatalogue(root);
    expect(entries.find((e) => e.key === 'svc.sktm.title' && e.locale === 'en')).toEqual({ key: 'svc.sktm.title', locale: 'en', text: 'Surat Tidak Mampu', language: 'id' });
  });

  it('skips an invalid service file with a warning and protects its existing clips', async () => {
    const catalogue = await loadSpeechCatalogue(root);
    expect(catalogue.entries.some((e) => e.key.startsWith('svc.broken.'))).toBe(false);
    expect(catalogue.warnings.some((w) => w.startsWith('services/broken.json: skipped'))).toBe(true);
    expect(catalogue.protectedPrefixes).toEqual(['svc.broken.']);
  });
});
