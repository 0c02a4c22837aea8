import { LOCALE_NAMES, type Locale } from '../../../core/config/locale';
import type { Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { StepChoices } from '../steps/StepChoices';
import { choiceColumns, choicesPerPage } from '../steps/paging';
import { useScale } from '../steps/use-scale';
import { AboutLink } from './AboutLink';
import { Icon } from '../ui/Icon';

/**
 * "Tentang kiosk" sits quietly at the end: every kiosk with a language choice shows this screen,
 * before any service, with room to spare (App.tsx says why here).
 */
export function LanguageScreen({ t, locales, onChoose, onAbout }: { t: Translate; locales: readonly Locale[]; onChoose: (locale: Locale) => void; onAbout: () => void }) {
  const { feedback } = useSpeech();
  const perPage = choicesPerPage(useScale(), locales.length);
  return (
    <section className="screen" aria-labelledby="question">
      <h1 id="question" className="question">
        {t('language.question')}
      </h1>
      <StepChoices
        t={t}
        feedback={feedback}
        items={locales}
        perPage={perPage}
        columns={choiceColumns(Math.min(perPage, locales.length))}
        itemKey={(locale) => locale}
        label={t('language.question')}
        render={(locale) => (
          <button type="button" className="button step-tile" lang={locale} onClick={() => onChoose(locale)}>
            <Icon name="languages" />
            <span className="step-tile-label">{LOCALE_NAMES[locale]}</span>
          </button>
        )}
      />
      <AboutLink t={t} onOpen={onAbout} />
    </section>
  );
}
