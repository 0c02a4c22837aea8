import { LOCALE_NAMES, type Locale } from '../../../core/config/locale';
import type { Translate } from '../i18n/messages';
import { Icon } from '../ui/Icon';

export function LanguageScreen({ t, locales, onChoose }: { t: Translate; locales: readonly Locale[]; onChoose: (locale: Locale) => void }) {
  return (
    <section className="screen" aria-labelledby="question">
      <h1 id="question" className="question">
        {t('language.question')}
      </h1>
      <ul className="choice-grid" aria-label={t('language.question')}>
        {locales.map((locale) => (
          <li key={locale}>
            <button type="button" className="button tile" lang={locale} onClick={() => onChoose(locale)}>
              <Icon name="languages" />
              <span className="tile-label">{LOCALE_NAMES[locale]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
