import { LOCALE_NAMES, type Locale } from '../../../core/config/locale';
import type { Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { StepChoices } from '../steps/StepChoices';
import { choiceColumns, choicesPerPage } from '../steps/paging';
import { useScale } from '../steps/use-scale';
import { AboutLink } from './AboutLink';
import './language.css';

/**
 * Each language's tile is its own name, in that language, in large type ("Bahasa Indonesia",
 * "English"): the sign of a language is its name. Not a flag: a language is not a country
 * (English is not one country's, and a regional language has no flag), the red-and-white flag's
 * white half vanishes on a white tile (non-text contrast 1:1, where WCAG 1.4.11 asks 3:1), and
 * its meaning rests on colour alone (1.4.1). Not one shared "translate" icon either, which gave
 * both tiles the same picture. A resident who reads little still knows the look of "Bahasa
 * Indonesia" from every form and sign. `lang` on each tile lets assistive technology say the
 * name in its own language.
 *
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
          <button type="button" className="button step-tile language-tile" lang={locale} onClick={() => onChoose(locale)}>
            <span className="language-tile-name">{LOCALE_NAMES[locale]}</span>
          </button>
        )}
      />
      <AboutLink t={t} onOpen={onAbout} />
    </section>
  );
}
