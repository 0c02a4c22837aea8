import { useId } from 'react';
import { pickText } from '../../../core/config/locale';
import type { InfoStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { Icon } from '../ui/Icon';
import './steps.css';

/** Something to read (and hear): an icon, a heading and the text. The runner's "Lanjut" moves on. */
export function InfoStepView(props: StepViewProps<InfoStep>) {
  const { step, locale } = props;
  const headingId = useId();
  return (
    <section className="step step-info" aria-labelledby={headingId}>
      {step.icon !== undefined && (
        <span className="step-info-icon">
          <Icon name={step.icon} size={120} />
        </span>
      )}
      <h1 id={headingId} className="question">
        {pickText(step.title, locale)}
      </h1>
      <p className="step-body">{pickText(step.body, locale)}</p>
    </section>
  );
}
