import { describe, expect, it } from 'vitest';
import type { AudioManifest } from '../../../core/config/audio-manifest';
import { createSpeechQueue, DEFAULT_VOLUME, VOLUME_LEVELS, VOLUME_STEPS, type ClipOutcome, type ClipOutput, type SpeechProblem } from './speech-queue';

/**
 * A stand-in for the audio element (Node has none): it records what it was asked to play and lets
 * the test decide when each clip ends. Late `done` calls are kept, to prove the queue ignores them.
 */
function fakeOutput() {
  const played: { url: string; volume: number; done: (outcome: ClipOutcome) => void }[] = [];
  let volume = -1;
  let stops = 0;
  const output: ClipOutput = {
    play: (url, v, done) => {
      played.push({ url, volume: v, done });
      volume = v;
    },
    stop: () => {
      stops += 1;
    },
    setVolume: (v) => {
      volume = v;
    },
  };
  return {
    output,
    urls: () => played.map((p) => p.url),
    /** Ends the latest clip. */
    end: (outcome: ClipOutcome = 'ended') => played.at(-1)?.done(outcome),
    doneOf: (index: number) => played[index]?.done,
    volume: () => volume,
    stops: () => stops,
  };
}

const hash = 'a'.repeat(64);
const manifest = (keys: string[]): AudioManifest => ({
  version: 1,
  ttsRecipe: 'test',
  clips: Object.fromEntries(
    keys.map((key) => [key, { id: { file: `${key}.ogg`, textSha256: hash, source: 'tts' }, en: { file: `${key}.ogg`, textSha256: hash, source: 'tts' } }]),
  ),
});

function setup(keys = ['q', 'a', 'b', 'c', 'digit']) {
  const fake = fakeOutput();
  const problems: SpeechProblem[] = [];
  const queue = createSpeechQueue({ output: fake.output, baseUrl: '/audio/', locale: 'id', onProblem: (p) => problems.push(p) });
  queue.setManifest(manifest(keys));
  return { fake, problems, queue };
}

describe('speech queue', () => {
  it('plays a prompt clip after clip, one at a time, from /audio/<locale>/<file>', () => {
    const { fake, queue } = setup();
    queue.playPrompt(['q', 'a', 'b']);
    expect(fake.urls()).toEqual(['/audio/id/q.ogg']);
    fake.end();
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/id/a.ogg']);
    fake.end();
    fake.end();
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/id/a.ogg', '/audio/id/b.ogg']);
    expect(queue.state().playing).toBeUndefined();
  });

  it('cuts a prompt off for an echo, and "Ulangi" plays the prompt again from its start, not the echo', () => {
    const { fake, queue } = setup();
    queue.playPrompt(['q', 'a', 'b']);
    queue.echo('digit');
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/id/digit.ogg']);
    fake.end();
    // The rest of the prompt does not come back by itself.
    expect(fake.urls()).toHaveLength(2);
    queue.replay();
    expect(fake.urls().at(-1)).toBe('/audio/id/q.ogg');
    fake.end();
    expect(fake.urls().at(-1)).toBe('/audio/id/a.ogg');
  });

  it('ignores the end of a clip that was already replaced', () => {
    const { fake, queue } = setup();
    queue.playPrompt(['q', 'a']);
    const firstDone = fake.doneOf(0);
    queue.playPrompt(['b', 'c']);
    firstDone?.('ended');
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/id/b.ogg']);
    fake.end();
    expect(fake.urls().at(-1)).toBe('/audio/id/c.ogg');
  });

  it('skips a key without a clip and reports it once, whatever the callback does', () => {
    const fake = fakeOutput();
    const problems: SpeechProblem[] = [];
    const queue = createSpeechQueue({
      output: fake.output,
      baseUrl: '/audio',
      locale: 'id',
      onProblem: (p) => {
        problems.push(p);
        throw new Error('the log is down');
      },
    });
    queue.setManifest(manifest(['q', 'a']));
    expect(() => queue.playPrompt(['q', 'nothing.here', 'a'])).not.toThrow();
    fake.end();
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/id/a.ogg']);
    queue.playPrompt(['nothing.here']);
    queue.echo('nothing.here');
    expect(problems).toEqual([{ kind: 'missing-clip', key: 'nothing.here', locale: 'id' }]);
  });

  it('reports a clip that fails to play once and goes on; stops the prompt when autoplay is refused', () => {
    const { fake, problems, queue } = setup();
    queue.playPrompt(['q', 'a', 'b']);
    fake.end('failed');
    expect(fake.urls().at(-1)).toBe('/audio/id/a.ogg');
    expect(problems).toEqual([{ kind: 'clip-failed', key: 'q', locale: 'id', url: '/audio/id/q.ogg' }]);
    fake.end('blocked');
    expect(fake.urls()).toHaveLength(2);
    expect(queue.state().playing).toBeUndefined();
  });

  it('moves the volume in steps within the range, and a new session goes back to the default', () => {
    const { fake, queue } = setup();
    expect(queue.volume()).toBe(DEFAULT_VOLUME);
    expect(VOLUME_STEPS).toBeGreaterThanOrEqual(3);
    expect(VOLUME_STEPS).toBeLessThanOrEqual(5);
    queue.setVolume(99);
    expect(queue.volume()).toBe(VOLUME_STEPS);
    expect(fake.volume()).toBe(1);
    queue.setVolume(-3);
    expect(queue.volume()).toBe(1);
    queue.playPrompt(['q']);
    expect(fake.volume()).toBe(VOLUME_LEVELS[0]);
    queue.resetForSession();
    expect(queue.volume()).toBe(DEFAULT_VOLUME);
    expect(fake.volume()).toBe(VOLUME_LEVELS[DEFAULT_VOLUME - 1]);
    queue.replay();
    expect(fake.urls()).toHaveLength(1);
  });

  it('tells subscribers about volume changes only', () => {
    const { queue } = setup();
    let calls = 0;
    const unsubscribe = queue.subscribe(() => (calls += 1));
    queue.setVolume(2);
    queue.setVolume(2);
    queue.playPrompt(['q']);
    unsubscribe();
    queue.setVolume(3);
    expect(calls).toBe(1);
  });

  it('holds a prompt until the manifest arrives, but drops an echo', () => {
    const fake = fakeOutput();
    const queue = createSpeechQueue({ output: fake.output, baseUrl: '/audio', locale: 'en', onProblem: () => {} });
    queue.echo('digit');
    queue.playPrompt(['q', 'a']);
    expect(fake.urls()).toEqual([]);
    queue.setManifest(manifest(['q', 'a', 'digit']));
    expect(fake.urls()).toEqual(['/audio/en/q.ogg']);
  });

  it('stays silent without a manifest, reporting that once instead of every key', () => {
    const fake = fakeOutput();
    const problems: SpeechProblem[] = [];
    const queue = createSpeechQueue({ output: fake.output, baseUrl: '/audio', locale: 'id', onProblem: (p) => problems.push(p) });
    queue.playPrompt(['q']);
    queue.manifestUnavailable('HTTP 404');
    queue.playPrompt(['q', 'a']);
    queue.echo('digit');
    expect(fake.urls()).toEqual([]);
    expect(problems).toEqual([{ kind: 'manifest-unavailable', detail: 'HTTP 404' }]);
  });

  it('restarts what is playing in the new language when the language changes', () => {
    const { fake, queue } = setup();
    queue.playPrompt(['q', 'a']);
    queue.setLocale('en');
    expect(fake.urls()).toEqual(['/audio/id/q.ogg', '/audio/en/q.ogg']);
    fake.end();
    expect(fake.urls().at(-1)).toBe('/audio/en/a.ogg');
    fake.end();
    // Nothing playing: a language change is silent.
    queue.setLocale('id');
    expect(fake.urls()).toHaveLength(3);
  });

  it('stop() silences the output and an empty prompt clears what "Ulangi" would say', () => {
    const { fake, queue } = setup();
    queue.playPrompt(['q', 'a']);
    const stopsBefore = fake.stops();
    queue.stop();
    expect(fake.stops()).toBe(stopsBefore + 1);
    expect(queue.state()).toMatchObject({ playing: undefined, queued: [] });
    queue.playPrompt([]);
    queue.replay();
    expect(fake.urls()).toEqual(['/audio/id/q.ogg']);
  });
});
