import type { MessageKey } from '../i18n/messages';

/**
 * The speech key of one of the kiosk's own words: `ui.` + its locale key (DESIGN.md: every message
 * key has a clip per locale), e.g. `ui.digit.7` for "digit.7" = "tujuh".
 */
export const uiKey = (key: MessageKey): string => `ui.${key}`;
