import { Check, Clock, Database, Target, X } from 'lucide-react';
import { useId } from 'react';
import { pickText } from '../../../core/config/locale';
import type { ConsentStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import type { MessageKey } from '../i18n/messages';
import { uiKey } from './ui-key';
import './steps.css';

/**
 * Permission to use personal data (UU PDP 27/2022), in three short answers a resident can weigh:
 * what is recorded, what for, and for how long; then two equal buttons. "Tidak setuju" is as big
 * as "Setuju" and not hidden: consent that cannot be refused is not consent.
 */
export function ConsentStepView(props: StepViewProps<ConsentStep>) {
  const { step, t, locale, feedback, value } = props;
  const headingId = useId();
  const answer = (choice: 'agree' | 'decline', key: MessageKey) => {
    feedback.echo(uiKey(key));
    props.onAnswerAndNext(choice);
  };
  return (
    <section className="step step-consent" aria-labelledby={headingId}>
      <h1 id={headingId} className="question">
        {pickText(step.title, locale)}
      </h1>
      <dl className="consent-facts">
        <div className="consent-fact">
          <dt>
            <Database size={48} aria-hidden="true" />
            <span>{t('consent.data')}</span>
          </dt>
          <dd>{pickText(step.data, locale)}</dd>
        </div>
        <div className="consent-fact">
          <dt>
            <Target size={48} aria-hidden="true" />
            <span>{t('consent.purpose')}</span>
          </dt>
          <dd>{pickText(step.purpose, locale)}</dd>
        </div>
        <div className="consent-fact">
          <dt>
            <Clock size={48} aria-hidden="true" />
            <span>{t('consent.retention')}</span>
          </dt>
          <dd>{pickText(step.retention, locale)}</dd>
        </div>
      </dl>
      <div className="consent-buttons">
        <button type="button" className={`button consent-button ${value === 'agree' ? 'is-selected' : 'button-secondary'}`} aria-pressed={value === 'agree'} onClick={() => answer('agree', 'consent.agree')}>
          <Check size={56} aria-hidden="true" />
          <span>{t('consent.agree')}</span>
        </button>
        <button
          type="button"
          className={`button consent-button ${value === 'decline' ? 'is-selected' : 'button-secondary'}`}
          aria-pressed={value === 'decline'}
          onClick={() => answer('decline', 'consent.decline')}
        >
          <X size={56} aria-hidden="true" />
          <span>{t('consent.decline')}</span>
        </button>
      </div>
    </section>
  );
}
