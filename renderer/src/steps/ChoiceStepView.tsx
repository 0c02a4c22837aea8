import { Check } from 'lucide-react';
import { useId } from 'react';
import { pickText } from '../../../core/config/locale';
import type { ChoiceStep } from '../../../core/flow/step';
import { optionKey } from '../../../core/flow/speech-keys';
import type { StepViewProps } from '../flow/step-view';
import { Icon } from '../ui/Icon';
import { choiceColumns, choicesPerPage } from './paging';
import { StepChoices } from './StepChoices';
import { StepHeading } from './StepHeading';
import { useScale } from './use-scale';
import './steps.css';

/**
 * One question, a few big tiles with an icon and at most three words. A tap answers and moves on
 * (the runner shows no "Lanjut" here); coming back, the stored answer is the filled tile.
 */
export function ChoiceStepView(props: StepViewProps<ChoiceStep>) {
  const { step, screen, t, locale, value, feedback } = props;
  const scale = useScale();
  const headingId = useId();
  const options = screen.options ?? step.options;
  const perPage = choicesPerPage(scale, options.length);
  const question = pickText(step.question, locale);
  return (
    <section className="step step-choice" aria-labelledby={headingId}>
      <StepHeading id={headingId} text={question} hint={step.hint === undefined ? undefined : pickText(step.hint, locale)} />
      <StepChoices
        t={t}
        feedback={feedback}
        items={options}
        perPage={perPage}
        columns={choiceColumns(Math.min(options.length, perPage))}
        label={question}
        itemKey={(option) => option.value}
        selectedIndex={options.findIndex((o) => o.value === value)}
        render={(option) => {
          const selected = option.value === value;
          return (
            <button
              type="button"
              className={`button step-tile ${selected ? 'is-selected' : 'button-secondary'}`}
              aria-pressed={selected}
              onClick={() => {
                feedback.echo(optionKey(props.serviceId, props.stepPath, option));
                props.onAnswerAndNext(option.value);
              }}
            >
              {selected && (
                <span className="step-tile-badge">
                  <Check size={36} aria-hidden="true" />
                  <span>{t('choice.selected')}</span>
                </span>
              )}
              <Icon name={option.icon} size={72} />
              <span className="step-tile-label">{pickText(option.label, locale)}</span>
            </button>
          );
        }}
      />
    </section>
  );
}
