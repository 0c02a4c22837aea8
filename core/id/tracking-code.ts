/**
 * Tracking codes printed on receipts and read aloud over a counter or a phone, e.g. `7K4-M2X-9QRT`.
 *
 * Design
 * - Alphabet: Crockford base32 `0-9 A-Z` without I, L, O, U. On input, O reads as 0 and I or L as 1,
 *   case and blanks and dashes are ignored, so the usual misreadings of a printed code are not errors.
 * - Length: 10 symbols, 9 random (45 bits) and 1 check symbol, shown as 3-3-4 so it can be read out
 *   in short breaths like a phone number.
 * - Check symbol: the symbols are taken as elements of GF(32) (modulus x^5 + x^2 + 1) and the check
 *   makes the code a root of sum(v_i * x^(9-i)) = 0. A single changed symbol changes that sum by
 *   e * x^k, never 0; swapping two different symbols i < j changes it by (a + b)(x^i + x^j), never
 *   0 because x has order 31 > 10. So every single substitution and every transposition (adjacent or
 *   not, including with the check symbol) is caught, and a random string passes 1 time in 32.
 *   Crockford's own mod-37 check was not used: its extra symbols * ~ $ = U cannot be read aloud
 *   plainly and are not on the kiosk keypad.
 *
 * Collision odds (birthday bound n^2 / 2N, N = 2^45 = 3.5e13), since kiosks make codes offline and
 * cannot ask anyone whether a code is taken:
 * - one office, 50 a day for 5 years (91,000 codes): about 1 in 8,500 that any two ever match;
 * - one regency, ~16,000 a day for a year (5.8 million): about one matching pair every two years;
 * - the whole country (1.6 billion a year): tens of thousands of pairs a year.
 * So a code is unique enough to find a receipt within an office, not globally: the central API must
 * key applications by office and code, and status lookups must be rate-limited (a guess hits one of
 * a regency's live codes about 1 time in 6 million) and show no personal data.
 */
import { failed, issue, passed, type IdCheck } from './id-issue';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_SYMBOLS = 9;
const CODE_SYMBOLS = RANDOM_SYMBOLS + 1;
const GROUP_SIZES = [3, 3, 4] as const;
const MIN_RANDOM_BYTES = 8;

/** Readings people make of a printed Crockford code; mapping them keeps them from being errors. */
const CONFUSABLES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/** Multiplies by x in GF(32); 0b100101 is x^5 + x^2 + 1, which reduces the overflow bit. */
function timesX(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ 0b100101 : shifted;
}

/** Horner's rule for sum(v_i * x^(n-1-i)); zero for a valid code. */
function syndrome(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum = timesX(sum) ^ value;
  return sum;
}

function fiveBits(bytes: Uint8Array, index: number): number {
  const bit = index * 5;
  const byte = bit >> 3;
  const word = ((bytes[byte] ?? 0) << 8) | (bytes[byte + 1] ?? 0);
  return (word >> (11 - (bit & 7))) & 0b11111;
}

function grouped(symbols: string): string {
  const groups: string[] = [];
  let start = 0;
  for (const size of GROUP_SIZES) {
    groups.push(symbols.slice(start, start + size));
    start += size;
  }
  return groups.join('-');
}

/**
 * `randomBytes` must come from a cryptographic source (`crypto.getRandomValues`): codes from
 * `Math.random` can be predicted, and a predicted code shows someone else's application status.
 * Throws on fewer than 8 bytes because that is a programming error, not a resident's mistake.
 */
export function createTrackingCode(randomBytes: Uint8Array /* >= 8 bytes */): string {
  if (randomBytes.length < MIN_RANDOM_BYTES) {
    throw new RangeError(`createTrackingCode needs at least ${MIN_RANDOM_BYTES} random bytes, got ${randomBytes.length}`);
  }
  const values: number[] = [];
  for (let i = 0; i < RANDOM_SYMBOLS; i++) values.push(fiveBits(randomBytes, i));
  values.push(timesX(syndrome(values)));
  return grouped(values.map((value) => ALPHABET.charAt(value)).join(''));
}

/** Returns the code in the printed form (`7K4-M2X-9QRT`) so stored and typed codes compare equal. */
export function checkTrackingCode(input: string): IdCheck<string> {
  const compact = input.toUpperCase().replace(/[\s-]+/gu, '');
  const symbols = [...compact].map((char) => CONFUSABLES[char] ?? char);
  if (symbols.length !== CODE_SYMBOLS) {
    return failed([issue('tracking.format', { reason: 'length', length: symbols.length, expected: CODE_SYMBOLS })]);
  }
  const values: number[] = [];
  for (const [index, symbol] of symbols.entries()) {
    const value = ALPHABET.indexOf(symbol);
    if (value < 0) return failed([issue('tracking.format', { reason: 'symbol', position: index + 1 })]);
    values.push(value);
  }
  if (syndrome(values) !== 0) return failed([issue('tracking.check')]);
  return passed(grouped(symbols.join('')));
}
