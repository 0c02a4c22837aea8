import type { Locale } from '../../../core/config/locale';
import en from '../../../kiosk-config/locales/en.json';
import id from '../../../kiosk-config/locales/id.json';

/**
 * UI words, one file per language in kiosk-config/locales/. Bahasa Indonesia defines the keys;
 * assigning English to `Messages` makes a missing English key a compile error.
 */
export type MessageKey = keyof typeof id;
export type Messages = Record<MessageKey, string>;

const catalogues: Record<Locale, Messages> = { id, en: en satisfies Messages };

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) =>
    messages[key].replace(/\{(\w+)\}/gu, (whole, name: string) => (params !== undefined && name in params ? String(params[name]) : whole));
}
