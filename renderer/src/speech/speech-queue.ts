/**
 * The player's rules, without the DOM: a prompt is a queue of clips played one after another; an
 * echo cuts off whatever is playing; "Ulangi" plays the last prompt again; volume moves in steps and
 * goes back to the default for each new resident. A key without a clip is reported once and skipped:
 * speech is help, so nothing here throws or stops the screen.
 *
 * The sound itself goes through a ClipOutput (one HTMLAudioElement in the kiosk, a fake in tests,
 * since Node has no audio element).
 */
import type { Locale, LocalizedText } from '../../../core/config/locale';
import { missingCase } from '../../../core/contract/result';
import { sha256Hex } from '../../../core/contract/request-signing';
import { clipEntry, clipUrl, type AudioManifest, type ClipEntry } from '../../../core/config/audio-manifest';
import { spokenText, type SpeechText } from '../../../core/flow/speech-keys';

/** How a clip ended: played to the end, could not be loaded or decoded, or refused by autoplay rules. */
export type ClipOutcome = 'ended' | 'failed' | 'blocked';

export interface ClipOutput {
  /**
   * Starts one clip, replacing any other. `done` is called once, when the clip ends or cannot
   * play, and never after stop() or a later play().
   */
  play(url: string, volume: number, done: (outcome: ClipOutcome) => void): void;
  stop(): void;
  setVolume(volume: number): void;
}

export type SpeechProblem =
  | { kind: 'missing-clip'; key: string; locale: Locale }
  /** The clip was made from another text than the screen shows (changed since, e.g. by a catalogue from the server). */
  | { kind: 'stale-clip'; key: string; locale: Locale }
  | { kind: 'clip-failed'; key: string; locale: Locale; url: string }
  | { kind: 'manifest-unavailable'; detail: string };

/** Gain per volume step (1 = quietest). Five steps: few enough that each press is clearly heard. */
export const VOLUME_LEVELS = [0.2, 0.4, 0.6, 0.8, 1] as const;
export const VOLUME_STEPS = VOLUME_LEVELS.length;
/** Loud by default: kecamatan halls are noisy, and the quietest step is one press away per step. */
export const DEFAULT_VOLUME = 4;

export type SpeechQueue = {
  /** Plays `keys` in order, cutting off what was playing, and remembers them for replay(). */
  playPrompt(keys: readonly string[]): void;
  /** Says one short clip (a key press, a choice), cutting off what was playing. Not remembered. */
  echo(key: string): void;
  stop(): void;
  /** "Ulangi": the last prompt again, from its start. */
  replay(): void;
  /** The volume step, 1 … VOLUME_STEPS. */
  volume(): number;
  /** Sets the step (clamped and rounded); returns the step in effect. */
  setVolume(step: number): number;
  /** A new resident: silence, the default volume, nothing to replay. */
  resetForSession(): void;
  /**
   * The language clips are chosen in. If a prompt is playing when the language changes, it starts
   * again in the new language: the screen asked for it in the same moment (its effect can run just
   * before the one that sets the language), and the resident now reads the new language.
   */
  setLocale(locale: Locale): void;
  locale(): Locale;
  /**
   * The texts of the service on screen, by speech key (core/flow/speech-keys). A clip of one of
   * these keys whose manifest hash is of another text would say something the screen does not
   * (the service changed after this kiosk's clips were made, e.g. in a catalogue from the
   * server): it is skipped and reported once, like a missing clip. Keys not given are played as
   * the manifest has them. Replaces the texts given before.
   */
  setServiceTexts(texts: readonly SpeechText[]): void;
  /** The manifest arrived; a prompt asked for before it starts now. */
  setManifest(manifest: AudioManifest): void;
  /** The manifest could not be loaded: reported once; the kiosk stays silent rather than failing. */
  manifestUnavailable(detail: string): void;
  /** Where problems go (the log); none until set. */
  setProblemHandler(handler: ((problem: SpeechProblem) => void) | undefined): void;
  /** Called after every volume change (for React's useSyncExternalStore). */
  subscribe(listener: () => void): () => void;
  /** For tests and diagnostics. */
  state(): { playing: string | undefined; queued: readonly string[]; lastPrompt: readonly string[]; waitingForManifest: boolean };
};

export type SpeechQueueOptions = {
  output: ClipOutput;
  /** Where clips are served: `/audio` → `/audio/<locale>/<file>`. */
  baseUrl: string;
  locale: Locale;
  onProblem?: (problem: SpeechProblem) => void;
};

export function createSpeechQueue(options: SpeechQueueOptions): SpeechQueue {
  const { output, baseUrl } = options;
  let onProblem = options.onProblem;
  let locale = options.locale;
  let manifest: AudioManifest | undefined;
  let manifestFailed = false;
  let volumeStep = DEFAULT_VOLUME;
  let lastPrompt: readonly string[] = [];
  /** What is being said now: the clip playing (first) and those after it. */
  let active: string[] = [];
  let playing: string | undefined;
  let waitingForManifest = false;
  /** Bumped whenever playback is replaced, so a late `done` from an older clip changes nothing. */
  let generation = 0;
  const reported = new Set<string>();
  const listeners = new Set<() => void>();
  let shownTexts = new Map<string, LocalizedText>();
  /** Locale and key → SHA-256 of what the clip must say; filled as keys are played. */
  const shownHashes = new Map<string, string>();

  /** False when the clip says another text than the screen shows for this key. */
  const saysShownText = (key: string, entry: ClipEntry): boolean => {
    const text = shownTexts.get(key);
    if (text === undefined) return true;
    const id = `${locale}\u0000${key}`;
    let hash = shownHashes.get(id);
    if (hash === undefined) {
      hash = sha256Hex(spokenText(text, locale));
      shownHashes.set(id, hash);
    }
    return hash === entry.textSha256;
  };

  const gain = () => VOLUME_LEVELS[volumeStep - 1] ?? 1;

  const report = (id: string, problem: SpeechProblem) => {
    if (reported.has(id)) return;
    reported.add(id);
    try {
      onProblem?.(problem);
    } catch {
      // A logging failure must not stop speech.
    }
  };

  const silence = () => {
    generation += 1;
    active = [];
    playing = undefined;
    waitingForManifest = false;
    output.stop();
  };

  const playNext = () => {
    while (active.length > 0) {
      const key = active[0] as string;
      const entry = manifest === undefined ? undefined : clipEntry(manifest, locale, key);
      const url = manifest === undefined ? undefined : clipUrl(manifest, baseUrl, locale, key);
      if (entry === undefined || url === undefined) {
        active.shift();
        // Without a manifest every key would be "missing": that was reported once as such.
        if (!manifestFailed) report(`missing:${locale}:${key}`, { kind: 'missing-clip', key, locale });
        continue;
      }
      if (!saysShownText(key, entry)) {
        // Silence over the wrong words: the resident reads the text on screen, and an officer helps.
        active.shift();
        report(`stale:${locale}:${key}`, { kind: 'stale-clip', key, locale });
        continue;
      }
      playing = key;
      const mine = generation;
      const clipLocale = locale;
      output.play(url, gain(), (outcome) => {
        if (mine !== generation) return;
        generation += 1;
        playing = undefined;
        active.shift();
        switch (outcome) {
          case 'ended':
            break;
          case 'failed':
            report(`failed:${clipLocale}:${key}`, { kind: 'clip-failed', key, locale: clipLocale, url });
            break;
          case 'blocked':
            // Autoplay refused (no touch yet): the rest would be refused too. The next touch echoes.
            active = [];
            break;
          default:
            missingCase(outcome);
        }
        playNext();
      });
      return;
    }
    playing = undefined;
  };

  const start = (keys: readonly string[], waitIfLoading: boolean) => {
    silence();
    active = [...keys];
    if (manifest === undefined && !manifestFailed) {
      // Too early: keep a prompt for when the manifest arrives; an echo would be stale by then.
      waitingForManifest = waitIfLoading && active.length > 0;
      if (!waitingForManifest) active = [];
      return;
    }
    playNext();
  };

  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    playPrompt(keys) {
      lastPrompt = [...keys];
      start(keys, true);
    },
    echo(key) {
      start([key], false);
    },
    stop: silence,
    replay() {
      if (lastPrompt.length > 0) start(lastPrompt, true);
    },
    volume: () => volumeStep,
    setVolume(step) {
      const next = Math.min(VOLUME_STEPS, Math.max(1, Math.round(Number.isFinite(step) ? step : DEFAULT_VOLUME)));
      if (next !== volumeStep) {
        volumeStep = next;
        output.setVolume(gain());
        notify();
      }
      return volumeStep;
    },
    resetForSession() {
      silence();
      lastPrompt = [];
      if (volumeStep !== DEFAULT_VOLUME) {
        volumeStep = DEFAULT_VOLUME;
        output.setVolume(gain());
        notify();
      }
    },
    setLocale(next) {
      if (next === locale) return;
      locale = next;
      if (playing !== undefined || waitingForManifest) start(active, true);
    },
    locale: () => locale,
    setServiceTexts(texts) {
      shownTexts = new Map(texts.map(({ key, text }) => [key, text]));
      shownHashes.clear();
    },
    setManifest(next) {
      manifest = next;
      manifestFailed = false;
      if (waitingForManifest) {
        waitingForManifest = false;
        playNext();
      }
    },
    manifestUnavailable(detail) {
      manifestFailed = true;
      report('manifest', { kind: 'manifest-unavailable', detail });
      if (waitingForManifest) silence();
    },
    setProblemHandler(handler) {
      onProblem = handler;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => ({ playing, queued: active.slice(playing === undefined ? 0 : 1), lastPrompt, waitingForManifest }),
  };
}
