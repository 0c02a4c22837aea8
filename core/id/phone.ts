/** Indonesian mobile numbers: `08…`, `628…` or `+628…`, 10 to 13 digits in the `08…` form (DOMAIN.md §3). */
import { failed, issue, passed, type IdCheck } from './id-issue';

const MIN_LENGTH = 10;
const MAX_LENGTH = 13;

/**
 * Returns `+628…`, one form for every way a number is written, so the same phone is never stored
 * twice. Blanks, dashes, dots and brackets are dropped: unlike a NIK, phone numbers are routinely
 * written as `0812-3456-7890` or `(0812) 3456 7890`, and the length check still catches a slip.
 */
export function normalizePhone(input: string): IdCheck<string> {
  const compact = input.replace(/[\s\-.()]+/gu, '');
  if (!/^\+?[0-9]*$/u.test(compact)) return failed([issue('phone.digits')]);

  let subscriber: string; // the part after the leading 0 (or after 62)
  if (compact.startsWith('+628')) subscriber = compact.slice(3);
  else if (compact.startsWith('628')) subscriber = compact.slice(2);
  else if (compact.startsWith('08')) subscriber = compact.slice(1);
  // Landlines (021…, +6221…) cannot receive the SMS or WhatsApp updates this number is for.
  else return failed([issue('phone.prefix')]);

  const length = subscriber.length + 1; // counted in the 08… form, as residents know their number
  if (length < MIN_LENGTH || length > MAX_LENGTH) {
    return failed([issue('phone.length', { length, min: MIN_LENGTH, max: MAX_LENGTH })]);
  }
  return passed(`+62${subscriber}`);
}
