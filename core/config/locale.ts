import { z } from 'zod';

/** Languages the kiosk can speak. Adding one means a locale file and audio clips for every key. */
export const Locale = z.enum(['id', 'en']).describe('Language code: id (Bahasa Indonesia) or en (English)');
export type Locale = z.infer<typeof Locale>;

export const LOCALE_NAMES: Record<Locale, string> = { id: 'Bahasa Indonesia', en: 'English' };

/** Text in each enabled language. Bahasa Indonesia is always required; it is the fallback. */
export const LocalizedText = z
  .strictObject({
    id: z.string().trim().min(1).describe('Bahasa Indonesia'),
    en: z.string().trim().min(1).optional().describe('English'),
  })
  .describe('Text per language; `id` is required, other enabled languages are checked at load');
export type LocalizedText = z.infer<typeof LocalizedText>;

const words = (text: string) => text.trim().split(/\s+/u).length;

/** A label a resident reads at a glance: at most three words per language (DOMAIN.md §5). */
export const ShortLabel = LocalizedText.refine((text) => Object.values(text).every((t) => t === undefined || words(t) <= 3), {
  message: 'At most three words per language',
}).describe('A label of at most three words per language, shown beside an icon');
export type ShortLabel = z.infer<typeof ShortLabel>;

/** Picks the text for `locale`, falling back to Bahasa Indonesia. */
export function pickText(text: LocalizedText, locale: Locale): string {
  return text[locale] ?? text.id;
}
