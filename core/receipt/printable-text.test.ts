import { describe, expect, it } from 'vitest';
import { printableText } from './printable-text';

/** A character table like cp437's Latin part: ASCII plus é, ñ, ü, but no ő and no ß. */
const LATIN = new Set([...'éñüÉÑÜ'].map((c) => c.codePointAt(0) ?? 0));
const has = (point: number) => (point >= 0x20 && point < 0x7f) || LATIN.has(point);

describe('printableText', () => {
  it('leaves Indonesian and English as they are', () => {
    expect(printableText('Kartu Keluarga asli; "Cek Status" - Rp 150.000 (1 hari kerja)', has)).toBe('Kartu Keluarga asli; "Cek Status" - Rp 150.000 (1 hari kerja)');
  });

  it('keeps letters the table has, and drops only the accent of those it lacks', () => {
    expect(printableText('José Ñandú', has)).toBe('José Ñandu');
    expect(printableText('Erdős Łukasz Straße Œuvre', has)).toBe('Erdos Lukasz Strasse OEuvre');
    // A decomposed é (e + combining acute) is the same letter.
    expect(printableText('Jose\u0301', has)).toBe('José');
  });

  it('prints one "?" for a run of characters no table has: Arabic, Chinese, emoji', () => {
    expect(printableText('Nama: محمد علي', has)).toBe('Nama: ? ?');
    expect(printableText('王小明', has)).toBe('?');
    expect(printableText('Terima kasih 👨‍👩‍👧 🇮🇩!', has)).toBe('Terima kasih ? ?!');
  });

  it('never lets a control character through, so text cannot carry a printer command', () => {
    const out = printableText('Loket\u001b\u0070\u0000\u0019\u00fa 1\u001dV\u0001\r\nA\u200dB\u202eC', has);
    expect([...out].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f')).toBe(false);
    // Controls and line breaks become spaces; invisible format marks (joiners, bidi overrides) go.
    expect(out).toBe('Loket p  u 1 V   ABC');
  });

  it('handles a 2,000-character name without growing it', () => {
    const name = 'Ab'.repeat(1000);
    expect(printableText(name, has)).toBe(name);
    expect(printableText('س'.repeat(2000), has)).toBe('?');
  });
});
