/**
 * Offline speech synthesis: espeak-ng says the text, sox trims the silence around it and evens the
 * loudness (so a clip is as loud as the one before it in a prompt), opusenc packs it as mono Ogg
 * Opus at 20 kbit/s, which Chromium plays and which keeps ~1,400 clips near 10 MB.
 * All three are Debian packages; nothing here needs the network.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locale } from '../../core/config/locale';
import { sha256 } from './speech-catalogue';
import { textForSynthesis } from './synthesis-text';

/**
 * Everything that shapes a synthesised clip besides its text. The manifest records it; when it
 * changes, every tts clip is made again. Bump it with any change below or in synthesis-text.ts.
 */
export const TTS_RECIPE = 'espeak-ng id:id@140 en:en@150; sox trim+norm-1dB; opus 20k mono; v1';

const VOICES: Record<Locale, { voice: string; wordsPerMinute: number }> = {
  // A little slower than espeak's 175: many residents are older and unused to synthetic voices.
  id: { voice: 'id', wordsPerMinute: 140 },
  en: { voice: 'en', wordsPerMinute: 150 },
};

export const REQUIRED_TOOLS = [
  { command: 'espeak-ng', versionArg: '--version', debianPackage: 'espeak-ng' },
  { command: 'sox', versionArg: '--version', debianPackage: 'sox' },
  { command: 'opusenc', versionArg: '--version', debianPackage: 'opus-tools' },
] as const;

type RunResult = { code: number | null; stdout: string; stderr: string };

/** Runs a program without a shell (texts come from config files) and collects its output. */
export function run(command: string, args: readonly string[], options: { timeoutMs?: number; stdio?: 'pipe' | 'inherit' } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + String(error) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The Debian packages of the tools that are not installed. */
export async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of REQUIRED_TOOLS) {
    const result = await run(tool.command, [tool.versionArg], { timeoutMs: 10_000 });
    if (result.code === null) missing.push(tool.debianPackage);
  }
  return missing;
}

export async function espeakVersion(): Promise<string> {
  const result = await run('espeak-ng', ['--version'], { timeoutMs: 10_000 });
  return /eSpeak NG text-to-speech: (\S+)/u.exec(result.stdout)?.[1] ?? 'unknown';
}

/**
 * Makes one clip at `outFile`. The file appears only when complete (written beside it, then
 * renamed), so an interrupted run never leaves half a clip that looks finished.
 */
export async function synthesizeClip(text: string, language: Locale, outFile: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tuntun-audio-'));
  try {
    const textFile = path.join(dir, 'text.txt');
    const spoken = path.join(dir, 'spoken.wav');
    const even = path.join(dir, 'even.wav');
    const partial = `${outFile}.partial`;
    await writeFile(textFile, textForSynthesis(text, language), 'utf8');
    const { voice, wordsPerMinute } = VOICES[language];
    const steps: [string, string[]][] = [
      ['espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', spoken, '-f', textFile]],
      // Trim silence at both ends (a queued prompt then flows), normalise to -1 dBFS, and leave a
      // short pause after each clip so the next one does not run into it.
      ['sox', ['-R', spoken, even, 'silence', '1', '0.02', '0.2%', 'reverse', 'silence', '1', '0.02', '0.2%', 'reverse', 'gain', '-n', '-1', 'pad', '0.05', '0.25']],
      // A serial from the text makes the same text give the same bytes, so a forced rebuild does
      // not churn every file in git.
      [
        'opusenc',
        ['--quiet', '--speech', '--bitrate', '20', '--comp', '10', '--downmix-mono', '--padding', '0', '--serial', String(parseInt(sha256(text).slice(0, 7), 16)), even, partial],
      ],
    ];
    for (const [command, args] of steps) {
      const result = await run(command, args);
      if (result.code !== 0) return { ok: false, message: `${command} failed (${result.code ?? 'not started'}): ${result.stderr.trim().slice(0, 300)}` };
    }
    await rename(partial, outFile);
    return { ok: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
