/**
 * `npm run audio [-- options]`: makes the spoken clips in kiosk-config/audio/ (see its README).
 *
 *   (no option)                 make missing and changed clips, delete unused ones, write the manifest
 *   --human <locale>/<key>      mark kiosk-config/audio/<locale>/<key>.ogg as a human recording
 *                               (it is never overwritten); `--human <key>` marks every language
 *   --tts <locale>/<key>        go back to a synthesised clip for that key (overwrites the recording)
 *   --force                     make every synthesised clip again (human recordings stay)
 *   --check                     change nothing; list problems; exit 1 if there are any
 *   --list [<locale>]           print key, language, file and text as TSV: a script for recording
 *   --config <dir>              another kiosk-config folder (default: the repository's)
 *
 * Exit code 1 when a clip could not be made, a tool is missing, or problems remain.
 */
import { mkdir, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Locale } from '../../core/config/locale';
import type { AudioManifest } from '../../core/config/audio-manifest';
import { audioDirOf, emptyManifest, listClipFiles, MANIFEST_FILE, readManifest, writeManifest } from './audio-files';
import { checkAudio, describeAudioProblem } from './check-audio';
import { planAudio, type SynthesisJob } from './plan-audio';
import { clipFileName, loadSpeechCatalogue, sha256, type SpeechEntry } from './speech-catalogue';
import { espeakVersion, missingPackages, run, synthesizeClip, TTS_RECIPE } from './synthesize';

const SIZE_BUDGET_BYTES = 20 * 1024 * 1024;

type Options = { human: string[]; tts: string[]; force: boolean; check: boolean; list: Locale | 'all' | null; configRoot: string };

function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = {
    human: [],
    tts: [],
    force: false,
    check: false,
    list: null,
    configRoot: path.resolve(import.meta.dirname, '..', '..', 'kiosk-config'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i += 1;
      return next;
    };
    switch (arg) {
      case '--human':
      case '--tts': {
        const target = value();
        if (target === undefined) return `${arg} needs a key, e.g. ${arg} id/ui.nav.back`;
        (arg === '--human' ? options.human : options.tts).push(target);
        break;
      }
      case '--force':
        options.force = true;
        break;
      case '--check':
        options.check = true;
        break;
      case '--list': {
        const locale = value();
        if (locale !== undefined && !Locale.safeParse(locale).success) return `--list takes a language (${Locale.options.join(', ')}), not "${locale}"`;
        options.list = locale === undefined ? 'all' : (locale as Locale);
        break;
      }
      case '--config': {
        const dir = value();
        if (dir === undefined) return '--config needs a folder';
        options.configRoot = path.resolve(dir);
        break;
      }
      default:
        return `Unknown option "${arg}". Options: --human <locale>/<key>, --tts <locale>/<key>, --force, --check, --list [locale], --config <dir>`;
    }
  }
  return options;
}

/** "id/ui.nav.back", "kiosk-config/audio/id/ui.nav.back.ogg" or "ui.nav.back" (every language). */
function parseTarget(target: string, locales: readonly Locale[]): { locales: Locale[]; key: string } {
  const match = /(?:^|[\\/])(id|en)[\\/]([^\\/]+?)(?:\.ogg)?$/u.exec(target);
  if (match?.[1] !== undefined && match[2] !== undefined) return { locales: [match[1] as Locale], key: match[2] };
  return { locales: [...locales], key: target.replace(/\.ogg$/u, '') };
}

/** Chromium plays Ogg Opus and Ogg Vorbis; anything else would fail only on the kiosk. */
async function oggCodecOf(file: string): Promise<'opus' | 'vorbis' | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).toString('latin1') !== 'OggS') return null;
    if (bytes.includes(Buffer.from('OpusHead', 'latin1'))) return 'opus';
    if (bytes.includes(Buffer.from('\u0001vorbis', 'latin1'))) return 'vorbis';
    return null;
  } finally {
    await handle.close();
  }
}

const bytesText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`);

async function folderSize(audioDir: string): Promise<{ bytes: number; files: number }> {
  const files = await listClipFiles(audioDir);
  let bytes = 0;
  let count = 0;
  for (const locale of Locale.options) {
    for (const file of files[locale]) {
      bytes += (await stat(path.join(audioDir, locale, file))).size;
      count += 1;
    }
  }
  bytes += await stat(path.join(audioDir, MANIFEST_FILE)).then(
    (s) => s.size,
    () => 0,
  );
  return { bytes, files: count };
}

async function ensureTools(): Promise<boolean> {
  let missing = await missingPackages();
  if (missing.length === 0) return true;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Speech synthesis needs ${missing.join(', ')}. Install with:\n  sudo ${command}`);
    return false;
  }
  console.log(`Installing ${missing.join(', ')} …`);
  const installed = await run('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', timeoutMs: 600_000 });
  if (installed.code !== 0) {
    // A fresh container has no package lists yet.
    await run('apt-get', ['update'], { stdio: 'inherit', timeoutMs: 600_000 });
    await run('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', timeoutMs: 600_000 });
  }
  missing = await missingPackages();
  if (missing.length > 0) console.error(`Could not install ${missing.join(', ')}. Try:\n  ${command}`);
  return missing.length === 0;
}

async function runPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    console.error(options);
    return 1;
  }
  const audioDir = audioDirOf(options.configRoot);
  const catalogue = await loadSpeechCatalogue(options.configRoot);
  for (const warning of catalogue.warnings) console.warn(`! ${warning}`);

  if (options.list !== null) {
    for (const entry of catalogue.entries) {
      if (options.list === 'all' || options.list === entry.locale) {
        console.log([entry.locale, entry.key, `${entry.locale}/${clipFileName(entry.key)}`, entry.text].join('\t'));
      }
    }
    return 0;
  }

  const read = await readManifest(audioDir);
  if (read.kind === 'invalid') {
    console.error(`${path.join(audioDir, MANIFEST_FILE)} is not valid (${read.message}). Fix it by hand: it records which clips are human recordings.`);
    return 1;
  }
  const manifest: AudioManifest | null = read.kind === 'ok' ? read.manifest : null;
  let files = await listClipFiles(audioDir);

  if (options.check) {
    const problems = checkAudio({ entries: catalogue.entries, manifest, files, protectedPrefixes: catalogue.protectedPrefixes });
    for (const problem of problems) console.log(`✗ ${describeAudioProblem(problem)}`);
    console.log(problems.length === 0 ? `✓ ${catalogue.entries.length} clips, all current` : `${problems.length} problems`);
    return problems.length === 0 ? 0 : 1;
  }

  // Marks first, so the plan below already treats a new recording as human and keeps it.
  const marked: AudioManifest = manifest === null ? emptyManifest(TTS_RECIPE) : structuredClone(manifest);
  const byKey = new Map<string, SpeechEntry>(catalogue.entries.map((e) => [`${e.locale}/${e.key}`, e]));
  let markErrors = 0;
  for (const [target, source] of [...options.human.map((t) => [t, 'human'] as const), ...options.tts.map((t) => [t, 'tts'] as const)]) {
    const { locales, key } = parseTarget(target, catalogue.locales);
    for (const locale of locales) {
      const entry = byKey.get(`${locale}/${key}`);
      if (entry === undefined) {
        console.error(`✗ ${locale}/${key}: not a speech key (see \`npm run audio -- --list\`)`);
        markErrors += 1;
        continue;
      }
      const file = clipFileName(key);
      if (source === 'human') {
        const codec = files[locale].has(file) ? await oggCodecOf(path.join(audioDir, locale, file)) : null;
        if (codec === null) {
          console.error(
            `✗ ${locale}/${key}: put the recording at kiosk-config/audio/${locale}/${file} as Ogg Opus or Ogg Vorbis first, e.g.\n` +
              `    opusenc --bitrate 24 --downmix-mono recording.wav kiosk-config/audio/${locale}/${file}`,
          );
          markErrors += 1;
          continue;
        }
        marked.clips[key] = { ...marked.clips[key], [locale]: { file, textSha256: sha256(entry.text), source: 'human' } };
        console.log(`✓ ${locale}/${key}: human recording (${codec}), kept from now on`);
      } else {
        // An empty hash makes the plan synthesise it again, over the recording: asked for explicitly.
        marked.clips[key] = { ...marked.clips[key], [locale]: { file, textSha256: '0'.repeat(64), source: 'tts' } };
        console.log(`✓ ${locale}/${key}: back to a synthesised clip`);
      }
    }
  }
  if (markErrors > 0) return 1;

  const plan = planAudio(catalogue.entries, marked, files, { recipe: TTS_RECIPE, force: options.force, protectedPrefixes: catalogue.protectedPrefixes });

  if (plan.synthesize.length > 0) {
    if (!(await ensureTools())) return 1;
    console.log(`Synthesising ${plan.synthesize.length} clips with espeak-ng ${await espeakVersion()} …`);
    for (const locale of Locale.options) await mkdir(path.join(audioDir, locale), { recursive: true });
  }
  const failed: { job: SynthesisJob; message: string }[] = [];
  let done = 0;
  await runPool(plan.synthesize, os.availableParallelism(), async (job) => {
    const result = await synthesizeClip(job.text, job.language, path.join(audioDir, job.locale, job.file));
    if (!result.ok) {
      failed.push({ job, message: result.message });
      // Put back what was there, so the manifest never claims a clip that was not made.
      const perLocale = { ...plan.manifest.clips[job.key] };
      if (job.previous === undefined) delete perLocale[job.locale];
      else perLocale[job.locale] = job.previous;
      plan.manifest.clips[job.key] = perLocale;
    }
    done += 1;
    if (done % 200 === 0 || done === plan.synthesize.length) console.log(`  ${done}/${plan.synthesize.length}`);
  });

  for (const { locale, file, source } of plan.remove) {
    await rm(path.join(audioDir, locale, file), { force: true });
    if (source === 'human') console.log(`- deleted the human recording ${locale}/${file}: its key is gone (git history still has it)`);
  }
  await mkdir(audioDir, { recursive: true });
  await writeManifest(audioDir, plan.manifest);

  for (const { job, message } of failed) console.error(`✗ ${job.locale}/${job.key}: ${message}`);
  for (const entry of plan.lostHuman) console.warn(`! ${entry.locale}/${entry.key}: the human recording was missing; a synthesised clip replaces it`);

  files = await listClipFiles(audioDir);
  const problems = checkAudio({ entries: catalogue.entries, manifest: plan.manifest, files, protectedPrefixes: catalogue.protectedPrefixes });
  for (const problem of problems) console.log(`✗ ${describeAudioProblem(problem)}`);

  const perLocale = catalogue.locales.map((l) => `${l} ${catalogue.entries.filter((e) => e.locale === l).length}`).join(', ');
  const human = Object.values(plan.manifest.clips).reduce((n, p) => n + Object.values(p ?? {}).filter((c) => c?.source === 'human').length, 0);
  const size = await folderSize(audioDir);
  console.log(
    `Clips: ${catalogue.entries.length} (${perLocale}); synthesised ${plan.synthesize.length - failed.length}, unchanged ${plan.unchanged}, ` +
      `human ${human}, deleted ${plan.remove.length} unused files, failed ${failed.length}.`,
  );
  console.log(`Size of kiosk-config/audio: ${bytesText(size.bytes)} in ${size.files} clips (budget ${bytesText(SIZE_BUDGET_BYTES)}).`);
  if (size.bytes > SIZE_BUDGET_BYTES) console.warn('! Over the size budget: shorten texts or lower the bitrate in scripts/audio/synthesize.ts.');
  return failed.length === 0 && problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
