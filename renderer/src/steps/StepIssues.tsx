import { CircleAlert } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { Locale } from '../../../core/config/locale';
import type { StepIssue } from '../../../core/flow/engine';
import type { GroupChildStep, Step } from '../../../core/flow/step';
import type { Feedback } from '../flow/step-view';
import type { Translate } from '../i18n/messages';
import { issueKey, issueText } from './issue-text';
import { uiKey } from './ui-key';
import './steps.css';

/**
 * What is wrong with the answer, in plain words, under the question. Announced (role="alert") and
 * spoken: a resident who reads little must hear why "Lanjut" did not move on.
 */
export function StepIssues(props: {
  t: Translate;
  locale: Locale;
  issues: readonly StepIssue[];
  feedback: Feedback;
  /** The current screen's step: limits then say "angka" or "huruf" instead of both. */
  step?: Step | GroupChildStep;
}) {
  const { t, locale, issues, feedback } = props;
  // Speak each list once, not on every render; a ref survives StrictMode's double effect run.
  const spoken = useRef('');
  const signature = issues.map((i) => `${i.stepId}#${i.instance ?? ''}:${i.code}`).join('|');
  useEffect(() => {
    if (signature === spoken.current) return;
    spoken.current = signature;
    // Feedback.echo cuts off the clip before it, so saying every issue would leave only the last
    // one heard; the first is the one to fix first.
    const first = issues[0];
    if (first !== undefined) feedback.echo(uiKey(issueKey(first.code)));
  }, [signature, issues, feedback]);

  if (issues.length === 0) return null;
  return (
    <div className="step-issues" role="alert">
      {issues.map((issue, i) => (
        <p key={`${issue.code}-${i}`} className="step-issue">
          <CircleAlert size={48} aria-hidden="true" />
          <span>{issueText(issue, t, locale, issue.stepId === props.step?.id ? props.step : undefined)}</span>
        </p>
      ))}
    </div>
  );
}
