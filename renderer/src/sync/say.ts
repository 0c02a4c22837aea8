import type { TextRef } from '../../../core/sync/status';
import type { MessageKey, Translate } from '../i18n/messages';

/**
 * Puts one of core/sync's text references into words. Typed so that a key core/sync names but
 * the locale files lack is a compile error here, not a "{missing}" on an officer's screen.
 */
export function say<K extends MessageKey>(t: Translate, ref: TextRef<K>): string {
  return t(ref.key, ref.params);
}
