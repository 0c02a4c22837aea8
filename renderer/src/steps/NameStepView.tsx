import { useId, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import { DEFAULT_NAME_MAX_LENGTH, type NameStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { LetterKeyboard } from '../ui/LetterKeyboard';
import { StepHeading } from './StepHeading';
import './steps.css';

/**
 * A name on the kiosk's letter keyboard: the question on the left, the typed text and the keys on
 * the right, so the keyboard keeps its full size in large-text mode. Every change is stored; the
 * runner's "Lanjut" moves on.
 */
export function NameStepView(props: StepViewProps<NameStep>) {
  const { step, t, locale, feedback } = props;
  const headingId = useId();
  // The keyboard stops at the tighter of the step's limit and a maxLength rule, so the resident
  // cannot type letters that "Lanjut" would then refuse.
  const ruleMax = step.validate?.flatMap((r) => (r.rule === 'maxLength' ? [r.value] : [])) ?? [];
  const maxLength = Math.min(step.maxLength ?? DEFAULT_NAME_MAX_LENGTH, ...ruleMax);
  // Kept here, not read back from `value`: the engine trims the stored answer, and a space the
  // resident just typed between two names must not vanish from the box.
  const [text, setText] = useState(() => (typeof props.value === 'string' ? props.value : ''));
  const question = pickText(step.question, locale);
  return (
    <section className="step step-name" aria-labelledby={headingId}>
      <div className="name-question">
        <StepHeading id={headingId} text={question} hint={step.hint === undefined ? undefined : pickText(step.hint, locale)} />
        <p className="name-count">{t('name.count', { n: text.length, max: maxLength })}</p>
      </div>
      <div className={`name-keyboard ${props.issues.length > 0 ? 'is-invalid' : ''}`}>
        <LetterKeyboard
          value={text}
          maxLength={maxLength}
          feedback={feedback}
          t={t}
          label={question}
          placeholder={t('name.placeholder')}
          onChange={(next) => {
            setText(next);
            props.onAnswer(next);
          }}
        />
      </div>
    </section>
  );
}
