import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which officer PINs are refused when IT sets them (NIST SP 800-63B: check new secrets against
 * values known to be commonly used or expected). An online guesser gets 10 tries before the
 * officer is locked (officer-sign-in.ts), so what matters is that an officer's PIN is not among
 * the first guesses anyone would make: repeats, sequences, mirrored and doubled digits, dates
 * (birthdays are printed on the KTP and inside the NIK), and the PINs found most often in leaked
 * password lists (data/common-6-digit-pins.txt, with its sources). Markert et al. ("This PIN Can
 * Be Easily Guessed", IEEE S&P 2020) found dates and memorable patterns the commonest 6-digit
 * choices and that only a large blocklist (about 10 % of the space) slows a throttled guesser.
 */
export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;

export type WeakPinReason = 'shape' | 'one-digit' | 'sequence' | 'repeated' | 'mirrored' | 'doubled' | 'date' | 'common';

const MESSAGES: Readonly<Record<WeakPinReason, string>> = {
  shape: `A PIN is ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits, nothing else`,
  'one-digit': 'This PIN is one digit repeated, the first thing anyone tries: choose digits without a pattern',
  sequence: 'This PIN is a sequence of digits going up or down by the same step, among the first things anyone tries: choose digits without a pattern',
  repeated: 'This PIN repeats a short group of digits, among the first things anyone tries: choose digits without a pattern',
  mirrored: 'This PIN reads the same backwards, among the first things anyone tries: choose digits without a pattern',
  doubled: 'This PIN is made of doubled or tripled digits, among the first things anyone tries: choose digits without a pattern',
  date: 'This PIN reads as a date (a birthday is printed on the KTP and inside the NIK), among the first things anyone tries: choose digits that are not a date',
  common: 'This PIN is one of the 6-digit PINs people choose most often, the first ones anyone tries: choose digits without a pattern',
};

/** Why `pin` may not be an officer's PIN, in words for IT staff (never repeating the PIN); null when it may. */
export function pinProblem(pin: string): string | null {
  const reason = weakPinReason(pin);
  return reason === null ? null : MESSAGES[reason];
}

export function weakPinReason(pin: string): WeakPinReason | null {
  if (!new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`, 'u').test(pin)) return 'shape';
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'one-digit';
  if (isSequence(digits)) return 'sequence';
  if (isRepeatedBlock(pin)) return 'repeated';
  if (pin === [...pin].reverse().join('')) return 'mirrored';
  if (isDoubled(pin)) return 'doubled';
  if (isDate(pin)) return 'date';
  if (commonPins().has(pin)) return 'common';
  return null;
}

/** Every digit the previous one plus the same step, counted round the dial (567890, 975319). */
function isSequence(digits: number[]): boolean {
  const [first = 0, second = 0] = digits;
  const step = (second - first + 10) % 10;
  return digits.every((d, i) => i === 0 || d === ((digits[i - 1] ?? 0) + step) % 10);
}

/** A group of up to half the length, repeated: 121212, 123123, 12341234. */
function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size += 1) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/** Each digit twice, or each three times: 112233, 111222, 11223344. */
function isDoubled(pin: string): boolean {
  return [2, 3].some((run) => pin.length % run === 0 && new RegExp(`^(?:(\\d)\\1{${run - 1}})+$`, 'u').test(pin));
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDay(day: number, month: number): boolean {
  const days = DAYS_IN_MONTH[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** A day of a month, as written plainly or as a NIK writes a woman's birthday (day + 40). */
function isDayOrNikDay(day: number, month: number): boolean {
  return isDay(day, month) || isDay(day - 40, month);
}

/**
 * Dates in the orders people write them here: DDMMYY and DDMMYYYY (the NIK's own order),
 * YYMMDD and YYYYMMDD, and month with a four-digit year from 1940 to 2039 (MMYYYY, YYYYMM).
 */
function isDate(pin: string): boolean {
  const n = (from: number, to: number) => Number(pin.slice(from, to));
  const fullYear = (year: number) => year >= 1940 && year <= 2039;
  if (pin.length === 6) {
    return isDayOrNikDay(n(0, 2), n(2, 4)) || isDay(n(4, 6), n(2, 4)) || (n(0, 2) >= 1 && n(0, 2) <= 12 && fullYear(n(2, 6))) || (fullYear(n(0, 4)) && n(4, 6) >= 1 && n(4, 6) <= 12);
  }
  if (pin.length === 8) {
    return (isDayOrNikDay(n(0, 2), n(2, 4)) && n(4, 8) >= 1900) || (n(0, 4) >= 1900 && n(0, 4) <= 2099 && isDay(n(6, 8), n(4, 6)));
  }
  return false;
}

export const COMMON_PINS_FILE = path.resolve(import.meta.dirname, '..', '..', 'data', 'common-6-digit-pins.txt');

let common: ReadonlySet<string> | undefined;

/** The data file's PINs (read once; `#` lines are its credits). */
export function commonPins(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(COMMON_PINS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^\d+$/u.test(line)),
  );
  return common;
}
