import { describe, expect, it } from 'vitest';
import { checkTrackingCode, createTrackingCode, formatIdIssue } from './index';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHAPE = /^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{4}$/u;

/** Deterministic bytes (xorshift32) so a failure names a code that can be replayed. */
function bytesFrom(seed: number, length = 8): Uint8Array {
  let state = seed || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const compact = (code: string) => code.replaceAll('-', '');
const codes = [
  createTrackingCode(new Uint8Array(8)),
  createTrackingCode(new Uint8Array(8).fill(0xff)),
  ...Array.from({ length: 10 }, (_, i) => createTrackingCode(bytesFrom(i + 1))),
];

describe('createTrackingCode', () => {
  it('makes 10 Crockford symbols in groups of 3-3-4 that pass their own check', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const code = createTrackingCode(bytesFrom(seed));
      expect(code).toMatch(SHAPE);
      expect(checkTrackingCode(code)).toEqual({ ok: true, value: code, warnings: [] });
    }
  });

  it('depends only on the random bytes it is given', () => {
    expect(createTrackingCode(bytesFrom(42))).toBe(createTrackingCode(bytesFrom(42)));
    const distinct = new Set(Array.from({ length: 1000 }, (_, i) => createTrackingCode(bytesFrom(i + 1))));
    expect(distinct.size).toBe(1000);
  });

  it('refuses fewer than 8 random bytes', () => {
    expect(() => createTrackingCode(new Uint8Array(7))).toThrow(RangeError);
    expect(createTrackingCode(new Uint8Array(16))).toMatch(SHAPE);
  });
});

describe('checkTrackingCode', () => {
  it('ignores case, blanks and dashes, and reads O as 0 and I or L as 1', () => {
    const zeros = createTrackingCode(new Uint8Array(8));
    expect(zeros).toBe('000-000-0000');
    expect(checkTrackingCode('ooo ooo oooo')).toMatchObject({ ok: true, value: '000-000-0000' });

    const code = createTrackingCode(bytesFrom(7));
    expect(checkTrackingCode(compact(code).toLowerCase())).toMatchObject({ ok: true, value: code });
    expect(checkTrackingCode(` ${code.replaceAll('-', ' ')} `)).toMatchObject({ ok: true, value: code });

    // A code starting with 1: the first five bits are 00001.
    const one = createTrackingCode(new Uint8Array([0b00001000, 0, 0, 0, 0, 0, 0, 0]));
    expect(one.startsWith('1')).toBe(true);
    expect(checkTrackingCode(`I${one.slice(1)}`)).toMatchObject({ ok: true, value: one });
    expect(checkTrackingCode(`l${one.slice(1)}`)).toMatchObject({ ok: true, value: one });
  });

  it('catches every single-symbol substitution', () => {
    for (const code of codes) {
      const symbols = [...compact(code)];
      symbols.forEach((original, position) => {
        for (const replacement of ALPHABET) {
          if (replacement === original) continue;
          const typo = symbols.with(position, replacement).join('');
          expect(checkTrackingCode(typo), `${code}: ${typo}`).toEqual({ ok: false, issues: [{ code: 'tracking.check' }] });
        }
      });
    }
  });

  it('catches every adjacent transposition, and every other swap of two different symbols', () => {
    let adjacentSwapsTried = 0;
    for (const code of codes) {
      const symbols = [...compact(code)];
      for (let i = 0; i < symbols.length; i++) {
        for (let j = i + 1; j < symbols.length; j++) {
          const a = symbols[i];
          const b = symbols[j];
          if (a === undefined || b === undefined || a === b) continue;
          const swapped = symbols.with(i, b).with(j, a).join('');
          expect(checkTrackingCode(swapped).ok, `${code}: ${swapped}`).toBe(false);
          if (j === i + 1) adjacentSwapsTried++;
        }
      }
    }
    expect(adjacentSwapsTried).toBeGreaterThan(50);
  });

  it('rejects a wrong length or a symbol outside the alphabet, saying which', () => {
    expect(checkTrackingCode('7K4-M2X-9QR')).toEqual({
      ok: false,
      issues: [{ code: 'tracking.format', params: { reason: 'length', length: 9, expected: 10 } }],
    });
    expect(checkTrackingCode('')).toMatchObject({ ok: false, issues: [{ code: 'tracking.format' }] });
    const withU = checkTrackingCode('7KU-M2X-9QRT');
    expect(withU).toEqual({ ok: false, issues: [{ code: 'tracking.format', params: { reason: 'symbol', position: 3 } }] });
    if (!withU.ok && withU.issues[0] !== undefined) {
      expect(formatIdIssue(withU.issues[0], 'id')).toBe('Kode pelacakan hanya berisi angka 0–9 dan huruf A–Z selain U; yang ke-3 bukan salah satunya.');
    }
    expect(checkTrackingCode('7K#-M2X-9QRT')).toMatchObject({ ok: false, issues: [{ code: 'tracking.format' }] });
  });
});
