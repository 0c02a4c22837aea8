import { describe, expect, it } from 'vitest';
import { applyKey, keyEchoKey } from '../ui/LetterKeyboard';

// ui/LetterKeyboard's key logic; the test sits here because the region search is its first user.
describe('LetterKeyboard keys', () => {
  it('types capitals, apostrophes and hyphens, and deletes the last character', () => {
    let value = '';
    for (const char of ['M', 'A', "'", 'R', '-', 'A']) value = applyKey(value, { kind: 'insert', char }, 30);
    expect(value).toBe("MA'R-A");
    expect(applyKey(value, { kind: 'delete' }, 30)).toBe("MA'R-");
    expect(applyKey('', { kind: 'delete' }, 30)).toBe('');
  });

  it('types no space first or after a space, and nothing past maxLength', () => {
    expect(applyKey('', { kind: 'insert', char: ' ' }, 30)).toBe('');
    expect(applyKey('SITI ', { kind: 'insert', char: ' ' }, 30)).toBe('SITI ');
    expect(applyKey('SITI', { kind: 'insert', char: ' ' }, 30)).toBe('SITI ');
    expect(applyKey('ABC', { kind: 'insert', char: 'D' }, 3)).toBe('ABC');
  });

  it('echoes every key with its clip', () => {
    expect(keyEchoKey({ kind: 'insert', char: 'A' })).toBe('ui.letter.a');
    expect(keyEchoKey({ kind: 'insert', char: 'Z' })).toBe('ui.letter.z');
    expect(keyEchoKey({ kind: 'insert', char: ' ' })).toBe('ui.key.space');
    expect(keyEchoKey({ kind: 'insert', char: "'" })).toBe('ui.key.apostrophe');
    expect(keyEchoKey({ kind: 'insert', char: '-' })).toBe('ui.key.hyphen');
    expect(keyEchoKey({ kind: 'delete' })).toBe('ui.key.delete');
  });
});
