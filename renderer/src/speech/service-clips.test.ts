import { describe, expect, it } from 'vitest';
import { AudioManifest, clipEntry } from '../../../core/config/audio-manifest';
import { Locale, type LocalizedText } from '../../../core/config/locale';
import { sha256Hex } from '../../../core/contract/request-signing';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { serviceSpeechTexts, spokenText } from '../../../core/flow/speech-keys';
import manifestJson from '../../../kiosk-config/audio/manifest.json';
import { createSpeechQueue, type ClipOutput, type SpeechProblem } from './speech-queue';

// Service texts from the server's catalogue meet the clips this kiosk was built with. The player
// keys clips by speech key, so a text changed on the server still finds the old clip under its
// key: it must not say the old words. A service with no clips at all must stay silent, not fail.

function fakeOutput() {
  const played: { url: string; done: () => void }[] = [];
  const output: ClipOutput = { play: (url, _volume, done) => played.push({ url, done: () => done('ended') }), stop: () => undefined, setVolume: () => undefined };
  return { output, urls: () => played.map((p) => p.url), end: () => played.at(-1)?.done() };
}

const clip = (key: string, text: string) => ({ file: `${key}.ogg`, textSha256: sha256Hex(text), source: 'tts' as const });

describe('service clips against the texts on screen', () => {
  const title: LocalizedText = { id: 'Surat Keterangan Miskin', en: 'Low-income letter' };
  // Clips made when the title was still "Surat Tidak Mampu"; the English one still matches.
  const manifest: AudioManifest = {
    version: 1,
    ttsRecipe: 'test',
    clips: {
      'svc.sktm.title': { id: clip('svc.sktm.title', 'Surat Tidak Mampu'), en: clip('svc.sktm.title', 'Low-income letter') },
      'svc.sktm.summary': { id: clip('svc.sktm.summary', 'Ringkasan.') },
      'ui.nav.back': { id: clip('ui.nav.back', 'Kembali') },
    },
  };
  const setup = () => {
    const fake = fakeOutput();
    const problems: SpeechProblem[] = [];
    const queue = createSpeechQueue({ output: fake.output, baseUrl: '/audio', locale: 'id', onProblem: (p) => problems.push(p) });
    queue.setManifest(manifest);
    queue.setServiceTexts([
      { key: 'svc.sktm.title', text: title },
      { key: 'svc.sktm.summary', text: { id: 'Ringkasan.' } },
      { key: 'svc.baru.title', text: { id: 'Layanan Baru' } },
    ]);
    return { fake, problems, queue };
  };

  it('skips a clip of an older text and reports it once; plays current clips and keys it was not told about', () => {
    const { fake, problems, queue } = setup();
    queue.playPrompt(['svc.sktm.title', 'svc.sktm.summary', 'ui.nav.back']);
    expect(fake.urls()).toEqual(['/audio/id/svc.sktm.summary.ogg']);
    fake.end();
    expect(fake.urls()).toEqual(['/audio/id/svc.sktm.summary.ogg', '/audio/id/ui.nav.back.ogg']);
    queue.replay();
    expect(problems).toEqual([{ kind: 'stale-clip', key: 'svc.sktm.title', locale: 'id' }]);
  });

  it('a clip that matches in another language is played there', () => {
    const { fake, queue } = setup();
    queue.setLocale('en');
    queue.echo('svc.sktm.title');
    expect(fake.urls()).toEqual(['/audio/en/svc.sktm.title.ogg']);
  });

  it('a service with no clips on this kiosk is silent, reported once, and nothing throws', () => {
    const { fake, problems, queue } = setup();
    expect(() => queue.playPrompt(['svc.baru.title', 'ui.nav.back'])).not.toThrow();
    expect(fake.urls()).toEqual(['/audio/id/ui.nav.back.ogg']);
    queue.echo('svc.baru.title');
    expect(problems).toEqual([{ kind: 'missing-clip', key: 'svc.baru.title', locale: 'id' }]);
  });

  it('a later service replaces the texts checked', () => {
    const { fake, queue } = setup();
    queue.setServiceTexts(serviceSpeechTexts(ServiceDefinition.parse({ ...sktmInput, title: { id: 'Surat Tidak Mampu', en: 'Low-income letter' } })));
    queue.echo('svc.sktm.title');
    expect(fake.urls()).toEqual(['/audio/id/svc.sktm.title.ogg']);
  });
});

describe("this kiosk's own clips", () => {
  // If the player's text (spokenText) ever drifted from what the generator hashed, every service
  // clip would count as stale and the kiosk would fall silent: this keeps the two in step.
  it("are current for every text of every service in kiosk-config (the player's hash is the generator's)", () => {
    const manifest = AudioManifest.parse(manifestJson);
    const files = import.meta.glob<unknown>('../../../kiosk-config/services/*.json', { eager: true, import: 'default' });
    let checked = 0;
    const stale: string[] = [];
    for (const json of Object.values(files)) {
      const parsed = ServiceDefinition.safeParse(json);
      if (!parsed.success) continue;
      for (const { key, text } of serviceSpeechTexts(parsed.data)) {
        for (const locale of Locale.options) {
          const entry = clipEntry(manifest, locale, key);
          if (entry === undefined) continue;
          checked += 1;
          if (entry.textSha256 !== sha256Hex(spokenText(text, locale))) stale.push(`${locale} ${key}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(stale).toEqual([]);
  });
});
