import { Building2, Check, Monitor } from 'lucide-react';
import { useId, useMemo } from 'react';
import { pickText } from '../../../core/config/locale';
import type { DoneStep } from '../../../core/flow/step';
import { isAtOffice } from '../../../core/sync/submission-state';
import type { StepViewProps } from '../flow/step-view';
import { useSubmissionState } from '../sync/sync-context';
import { qrSvgDataUrl } from './qr-svg';
import { uiKey } from './ui-key';
import './steps.css';

export type DoneStepViewProps = StepViewProps<DoneStep> & {
  /** The application's code, e.g. "7K4-M2X-9QRT"; empty while it is not known. */
  trackingCode: string;
  /** Where the application was when it was saved: only on this kiosk (not sent yet), or received by the office. */
  saved: 'kiosk' | 'office';
  /** The submission's id, to follow its state; without it the tracking code finds it. */
  submissionId?: string | undefined;
  onFinish: () => void;
};

/**
 * The end: what happens next (the service's text), the code to keep, large and in short groups
 * so it can be read out to an officer or over the phone, its QR code for a phone camera, and
 * honestly where the application is: "not sent yet" when the office has not received it, and
 * "received by the office" the moment the sync engine hears so, while the resident is still here
 * (the stored state is watched; it only ever moves forward).
 */
export function DoneStepView(props: DoneStepViewProps) {
  const { step, t, locale, feedback, trackingCode } = props;
  const live = useSubmissionState({ id: props.submissionId, trackingCode });
  const saved = props.saved === 'office' || (live !== undefined && isAtOffice(live)) ? 'office' : 'kiosk';
  const headingId = useId();
  const qr = useMemo(() => (trackingCode === '' ? undefined : qrSvgDataUrl(trackingCode)), [trackingCode]);
  const groups = trackingCode.split(/[\s-]+/u).filter((g) => g !== '');
  return (
    <section className="step step-done" aria-labelledby={headingId}>
      <div className="done-main">
        <h1 id={headingId} className="question">
          <Check className="done-check" size={64} aria-hidden="true" />
          <span>{pickText(step.title, locale)}</span>
        </h1>
        <p className="step-body">{pickText(step.body, locale)}</p>
        {trackingCode !== '' && (
          <div className="done-code">
            <span className="done-code-label">{t('done.code')}</span>
            <span className="done-code-value">
              {groups.map((group, i) => (
                <span key={i} className="done-code-group">
                  {group}
                </span>
              ))}
            </span>
          </div>
        )}
        <p className={`done-saved is-${saved}`} role="status">
          {saved === 'office' ? <Building2 size={44} aria-hidden="true" /> : <Monitor size={44} aria-hidden="true" />}
          <span>{saved === 'office' ? t('done.savedOffice') : t('done.savedKiosk')}</span>
        </p>
      </div>
      {qr !== undefined && <img className="done-qr" src={qr} alt={t('done.qr', { code: trackingCode })} width={320} height={320} />}
      <button
        type="button"
        className="button step-confirm done-finish"
        onClick={() => {
          feedback.echo(uiKey('done.finish'));
          props.onFinish();
        }}
      >
        <Check size={48} aria-hidden="true" />
        <span>{t('done.finish')}</span>
      </button>
    </section>
  );
}
