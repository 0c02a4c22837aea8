/**
 * What espeak-ng is given for a text: the written text with the marks a reader understands but a
 * synthesiser reads badly (it says "garis miring" for "/", skips "–" in "01–31", and reads "+628"
 * as six hundred twenty-eight). A person recording a clip reads the written text instead.
 *
 * Changing these rules does not change any text hash: bump TTS_RECIPE in synthesize.ts so every
 * synthesised clip is made again.
 */
import type { Locale } from '../../core/config/locale';

const WORDS: Record<Locale, { to: string; or: string; plus: string }> = {
  id: { to: 'sampai', or: 'atau', plus: 'plus' },
  en: { to: 'to', or: 'or', plus: 'plus' },
};

export function textForSynthesis(text: string, language: Locale): string {
  const w = WORDS[language];
  return (
    text
      .replace(/…|\.\.\./gu, '.')
      // "+628…": a phone prefix is said digit by digit.
      .replace(/\+(\d+)/gu, (_, digits: string) => `${w.plus} ${digits.split('').join(' ')}`)
      // "01–31", "10-13": a range.
      .replace(/(\d)\s*[–—-]\s*(\d)/gu, `$1 ${w.to} $2`)
      // "RT/RW", "KIA/KB": two abbreviations said one after the other.
      .replace(/\b([A-Z]{2,})\/([A-Z]{2,})\b/gu, '$1, $2')
      // "Bantuan / Panggil Petugas": a pause.
      .replace(/\s+[/–—]\s+/gu, ', ')
      // "desa/kelurahan", "sudah/pernah": either one.
      .replace(/(\p{L})\/(\p{L})/gu, `$1 ${w.or} $2`)
      .replace(/\s+/gu, ' ')
      .trim()
  );
}
