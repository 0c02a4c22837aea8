import { describe, expect, it } from 'vitest';
import type { ClipFiles } from '../../scripts/audio/audio-files';
import { planAudio } from '../../scripts/audio/plan-audio';
import { sha256, type SpeechEntry } from '../../scripts/audio/speech-catalogue';
import type { AudioManifest, ClipEntry } from '../../core/config/audio-manifest';

const entry = (key: string, text: string): SpeechEntry => ({ key, locale: 'id', text, language: 'id' });
const clip = (key: string, text: string, source: ClipEntry['source'] = 'tts'): ClipEntry => ({ file: `${key}.ogg`, textSha256: sha256(text), source });
const manifestOf = (clips: Record<string, ClipEntry>, ttsRecipe = 'r1'): AudioManifest => ({
  version: 1,
  ttsRecipe,
  clips: Object.fromEntries(Object.entries(clips).map(([key, c]) => [key, { id: c }])),
});
const filesOf = (...names: string[]): ClipFiles => ({ id: new Set(names), en: new Set() });
const keysOf = (jobs: readonly { key: string }[]) => jobs.map((j) => j.key);

describe('planAudio', () => {
  it('makes only the clips whose text changed or that do not exist', () => {
    const previous = manifestOf({ 'ui.a': clip('ui.a', 'A'), 'ui.b': clip('ui.b', 'B') });
    const plan = planAudio([entry('ui.a', 'A'), entry('ui.b', 'B baru'), entry('ui.c', 'C')], previous, filesOf('ui.a.ogg', 'ui.b.ogg'), { recipe: 'r1' });
    expect(keysOf(plan.synthesize)).toEqual(['ui.b', 'ui.c']);
    expect(plan.unchanged).toBe(1);
    expect(plan.manifest.clips['ui.b']?.id?.textSha256).toBe(sha256('B baru'));
  });

  it('never overwrites a human recording: a changed text leaves it in place and reports it', () => {
    const previous = manifestOf({ 'ui.a': clip('ui.a', 'A', 'human') });
    const plan = planAudio([entry('ui.a', 'A diubah')], previous, filesOf('ui.a.ogg'), { recipe: 'r2', force: true });
    expect(plan.synthesize).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.manifest.clips['ui.a']?.id).toEqual(clip('ui.a', 'A', 'human'));
    expect(keysOf(plan.staleHuman)).toEqual(['ui.a']);
  });

  it('synthesises again when a human recording file has gone (nothing is overwritten)', () => {
    const plan = planAudio([entry('ui.a', 'A')], manifestOf({ 'ui.a': clip('ui.a', 'A', 'human') }), filesOf(), { recipe: 'r1' });
    expect(keysOf(plan.synthesize)).toEqual(['ui.a']);
    expect(keysOf(plan.lostHuman)).toEqual(['ui.a']);
    expect(plan.manifest.clips['ui.a']?.id?.source).toBe('tts');
  });

  it('makes every synthesised clip again when the recipe changes or on --force', () => {
    const previous = manifestOf({ 'ui.a': clip('ui.a', 'A'), 'ui.h': clip('ui.h', 'H', 'human') });
    const files = filesOf('ui.a.ogg', 'ui.h.ogg');
    expect(keysOf(planAudio([entry('ui.a', 'A'), entry('ui.h', 'H')], previous, files, { recipe: 'r2' }).synthesize)).toEqual(['ui.a']);
    expect(keysOf(planAudio([entry('ui.a', 'A'), entry('ui.h', 'H')], previous, files, { recipe: 'r1', force: true }).synthesize)).toEqual(['ui.a']);
  });

  it('deletes the clips of keys that no longer exist and stray files, saying which were recordings', () => {
    const previous = manifestOf({ 'ui.a': clip('ui.a', 'A'), 'ui.gone': clip('ui.gone', 'G'), 'ui.gone.h': clip('ui.gone.h', 'GH', 'human') });
    const plan = planAudio([entry('ui.a', 'A')], previous, filesOf('ui.a.ogg', 'ui.gone.ogg', 'ui.gone.h.ogg', 'ui.x.ogg.partial'), { recipe: 'r1' });
    expect(plan.remove).toEqual([
      { locale: 'id', file: 'ui.gone.h.ogg', source: 'human' },
      { locale: 'id', file: 'ui.gone.ogg', source: 'tts' },
      { locale: 'id', file: 'ui.x.ogg.partial', source: undefined },
    ]);
    expect(Object.keys(plan.manifest.clips)).toEqual(['ui.a']);
  });

  it('keeps the clips of a service file that does not parse right now', () => {
    const previous = manifestOf({ 'svc.broken.title': clip('svc.broken.title', 'Rusak', 'human') });
    const plan = planAudio([], previous, filesOf('svc.broken.title.ogg'), { recipe: 'r1', protectedPrefixes: ['svc.broken.'] });
    expect(plan.remove).toEqual([]);
    expect(plan.manifest.clips['svc.broken.title']?.id?.source).toBe('human');
  });

  it('starts from nothing', () => {
    const plan = planAudio([entry('ui.a', 'A')], null, filesOf(), { recipe: 'r1' });
    expect(keysOf(plan.synthesize)).toEqual(['ui.a']);
    expect(plan.manifest).toEqual({ version: 1, ttsRecipe: 'r1', clips: { 'ui.a': { id: { file: 'ui.a.ogg', textSha256: sha256('A'), source: 'tts' } } } });
  });
});
