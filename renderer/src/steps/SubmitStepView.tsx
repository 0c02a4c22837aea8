import { LoaderCircle, Send } from 'lucide-react';
import { useId } from 'react';
import { pickText } from '../../../core/config/locale';
import { stepKey } from '../../../core/flow/speech-keys';
import type { SubmitStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { uiKey } from './ui-key';
import './steps.css';

export type SubmitStepViewProps = StepViewProps<SubmitStep> & {
  /** Stores the submission, then moves to the done screen. */
  onSubmit: () => void;
  /** Saving: the button is locked and "Menyimpan…" is shown and announced. */
  busy: boolean;
};

/**
 * The one deliberate "send" of the flow. While saving, the button is locked (a second tap would
 * send twice) and the wait is said in words, not only with a spinner.
 */
export function SubmitStepView(props: SubmitStepViewProps) {
  const { step, t, locale, feedback, busy } = props;
  const headingId = useId();
  const label = step.buttonLabel === undefined ? t('submit.button') : pickText(step.buttonLabel, locale);
  return (
    <section className="step step-submit" aria-labelledby={headingId} aria-busy={busy}>
      <h1 id={headingId} className="question">
        {pickText(step.title, locale)}
      </h1>
      {step.body !== undefined && <p className="step-body">{pickText(step.body, locale)}</p>}
      <button
        type="button"
        className="button step-confirm submit-button"
        disabled={busy}
        onClick={() => {
          feedback.echo(step.buttonLabel === undefined ? uiKey('submit.button') : stepKey(props.serviceId, props.stepPath, 'buttonLabel'));
          props.onSubmit();
        }}
      >
        <Send size={48} aria-hidden="true" />
        <span>{label}</span>
      </button>
      <p className="submit-status" role="status">
        {busy && (
          <>
            <LoaderCircle className="spinner" size={48} aria-hidden="true" />
            <span>{t('submit.busy')}</span>
          </>
        )}
      </p>
    </section>
  );
}
