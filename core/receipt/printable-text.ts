/**
 * Makes any text safe for a printer with one 8-bit character table: Indonesian and English are
 * plain Latin and pass unchanged; a letter the table lacks loses its accent when that leaves a
 * letter it has (ő → o); a few ligatures and typographic marks get their usual plain spelling
 * (ß → ss, “ → "); anything else (Arabic, Chinese, emoji) becomes one "?" per run, so a line
 * never grows unreadable and never crashes the encoder. Transliterating Arabic or Chinese into
 * Latin would need a dictionary per script and could print a wrong name; "?" is honest.
 *
 * Control characters are removed first: an ESC or GS in a text would reach the printer as a
 * command (cut, open a drawer, change its settings), so text can never carry one.
 */
const PLAIN: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '-',
  '\u00A0': ' ',
  '\u202F': ' ',
};

const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
const INVISIBLE = /[\p{Cf}]/gu;
const MARKS = /\p{M}/gu;
const UNKNOWN = '?';

/** `has(codePoint)` says whether the printer's character table has that character. */
export function printableText(input: string, has: (codePoint: number) => boolean): string {
  const cleaned = input.normalize('NFC').replace(CONTROL, ' ').replace(INVISIBLE, '');
  const fits = (value: string) => value !== '' && [...value].every((char) => has(char.codePointAt(0) ?? 0));
  let out = '';
  let lastUnknown = false;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(cleaned)) {
    const candidates = [segment, segment.normalize('NFKD').replace(MARKS, ''), [...segment].map((c) => PLAIN[c] ?? c).join('')];
    const found = candidates.find(fits);
    if (found !== undefined) {
      out += found;
      lastUnknown = false;
    } else if (!lastUnknown) {
      out += UNKNOWN;
      lastUnknown = true;
    }
  }
  return out;
}
