import type { ClipOutcome, ClipOutput } from './speech-queue';

/** A clip that has not started within this time counts as failed, so one bad file cannot stall a prompt. */
const LOAD_TIMEOUT_MS = 5000;

/**
 * The kiosk's ClipOutput: one HTMLAudioElement, reused for every clip, so two clips can never
 * sound at once. Each play() gets a generation number; events and promise rejections from an
 * older clip (an AbortError when its source is replaced, a late `ended`) are ignored.
 */
export function createHtmlAudioOutput(audio: HTMLAudioElement = new Audio(), loadTimeoutMs = LOAD_TIMEOUT_MS): ClipOutput {
  audio.preload = 'auto';
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const detach = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    audio.onended = null;
    audio.onerror = null;
    audio.onplaying = null;
  };

  return {
    play(url, volume, done) {
      detach();
      generation += 1;
      const mine = generation;
      const finish = (outcome: ClipOutcome) => {
        if (mine !== generation) return;
        generation += 1;
        detach();
        done(outcome);
      };
      audio.onended = () => finish('ended');
      audio.onerror = () => finish('failed');
      audio.onplaying = () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      timer = setTimeout(() => {
        finish('failed');
        audio.pause();
      }, loadTimeoutMs);
      audio.volume = volume;
      audio.src = url;
      audio.play().catch((error: unknown) => {
        // The kiosk's Chromium allows autoplay; a browser that does not reports NotAllowedError.
        finish(error instanceof DOMException && error.name === 'NotAllowedError' ? 'blocked' : 'failed');
      });
    },
    stop() {
      generation += 1;
      detach();
      audio.pause();
      // Dropping the source stops any download and frees the decoder.
      audio.removeAttribute('src');
      audio.load();
    },
    setVolume(volume) {
      audio.volume = volume;
    },
  };
}
