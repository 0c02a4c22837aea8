import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '../../../core/config/locale';
import type { SpeechText } from '../../../core/flow/speech-keys';
import type { Feedback } from '../flow/step-view';
import { AudioManifest } from '../../../core/config/audio-manifest';
import { createHtmlAudioOutput } from './html-audio-output';
import { createSpeechQueue, DEFAULT_VOLUME, VOLUME_STEPS, type SpeechProblem, type SpeechQueue } from './speech-queue';

/**
 * What screens use to speak (DOMAIN.md §5). The object is the same for the provider's whole life,
 * so it can sit in effect dependencies without re-running them; `volume` is read fresh each time,
 * and every component that calls useSpeech() re-renders when it changes.
 */
export type Speech = {
  /** Says the keys in order, cutting off what was playing; remembered for replay(). */
  playPrompt: (keys: readonly string[]) => void;
  /** Says one short clip at once (a key press, a choice), cutting off what was playing. */
  echo: (key: string) => void;
  stop: () => void;
  /** "Ulangi": the last prompt again. */
  replay: () => void;
  /** Volume step, 1 … volumeSteps. */
  readonly volume: number;
  readonly volumeSteps: number;
  setVolume: (step: number) => void;
  /** A new resident: silence, default volume, nothing to replay. */
  resetForSession: () => void;
  /** The screen's language; clips are chosen in it. */
  setLocale: (locale: Locale) => void;
  /** The texts of the service the resident chose: a clip made from another text is not played (SpeechQueue.setServiceTexts). */
  setServiceTexts: (texts: readonly SpeechText[]) => void;
  /** For step views (StepViewProps.feedback). */
  feedback: Feedback;
};

type SpeechContextValue = { speech: Speech; subscribe: (listener: () => void) => () => void; volume: () => number };

function speechOf(queue: SpeechQueue): Speech {
  return {
    playPrompt: (keys) => queue.playPrompt(keys),
    echo: (key) => queue.echo(key),
    stop: () => queue.stop(),
    replay: () => queue.replay(),
    get volume() {
      return queue.volume();
    },
    volumeSteps: VOLUME_STEPS,
    setVolume: (step) => {
      queue.setVolume(step);
    },
    resetForSession: () => queue.resetForSession(),
    setLocale: (locale) => queue.setLocale(locale),
    setServiceTexts: (texts) => queue.setServiceTexts(texts),
    feedback: { echo: (key) => queue.echo(key) },
  };
}

const noop = () => {};
// Without a provider (a component rendered on its own in a test) the kiosk is silent, not broken.
const SILENT: SpeechContextValue = {
  speech: {
    playPrompt: noop,
    echo: noop,
    stop: noop,
    replay: noop,
    volume: DEFAULT_VOLUME,
    volumeSteps: VOLUME_STEPS,
    setVolume: noop,
    resetForSession: noop,
    setLocale: noop,
    setServiceTexts: noop,
    feedback: { echo: noop },
  },
  subscribe: () => noop,
  volume: () => DEFAULT_VOLUME,
};

const SpeechContext = createContext<SpeechContextValue>(SILENT);

export function SpeechProvider(props: {
  children: ReactNode;
  /** A key without a clip, a clip that would not play, or no manifest: each reported once, for the log. */
  onProblem?: (problem: SpeechProblem) => void;
  initialLocale?: Locale;
  /** Where the web host and Electron serve kiosk-config/audio/. */
  baseUrl?: string;
}) {
  const { children, onProblem, initialLocale = 'id', baseUrl = '/audio' } = props;
  const [queue] = useState(() => createSpeechQueue({ output: createHtmlAudioOutput(), baseUrl, locale: initialLocale }));
  // Problems arise only after the manifest has loaded, which is after this effect has run.
  useEffect(() => queue.setProblemHandler(onProblem), [queue, onProblem]);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`${baseUrl.replace(/\/+$/u, '')}/manifest.json`, { cache: 'no-cache', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const parsed = AudioManifest.safeParse(await response.json());
        if (parsed.success) queue.setManifest(parsed.data);
        else queue.manifestUnavailable(`manifest.json is not valid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) queue.manifestUnavailable(`manifest.json could not be loaded: ${String(error)}`);
      });
    return () => controller.abort();
  }, [queue, baseUrl]);

  useEffect(() => () => queue.stop(), [queue]);

  const value = useMemo<SpeechContextValue>(
    () => ({ speech: speechOf(queue), subscribe: (listener) => queue.subscribe(listener), volume: () => queue.volume() }),
    [queue],
  );
  return <SpeechContext value={value}>{children}</SpeechContext>;
}

export function useSpeech(): Speech {
  const { speech, subscribe, volume } = useContext(SpeechContext);
  // Re-render on a volume change, so `speech.volume` read during render is current.
  useSyncExternalStore(subscribe, volume, volume);
  return speech;
}
