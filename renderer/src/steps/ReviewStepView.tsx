import { Pencil } from 'lucide-react';
import { useId, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import { samePosition, type Position, type ReviewItem } from '../../../core/flow/engine';
import type { GroupStep, ReviewStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { formatAnswer } from './format-answer';
import { Pager } from './Pager';
import { pageCount, pageOf, rowsPerPage } from './paging';
import { uiKey } from './ui-key';
import { useScale } from './use-scale';
import './steps.css';

export type ReviewStepViewProps = StepViewProps<ReviewStep> & {
  /** reviewItems(state): every answer before the review, in flow order. */
  items: readonly ReviewItem[];
  /** "Ubah": the runner calls goTo(state, stepId, instance). */
  onEdit: (stepId: string, instance?: string) => void;
  /** Words for answers the view cannot name itself, e.g. a region code → "Tigaraksa". */
  describeAnswer?: (item: ReviewItem) => string | undefined;
  /** The service's group steps, for "Anggota 2" before a group's answers. */
  groups?: readonly GroupStep[];
  /** The answer just changed with "Ubah": the review opens on its page. */
  returnedFrom?: Position;
};

/**
 * Every answer with its question and a big "Ubah". A few rows per page with previous/next, never
 * a scroll bar: a resident who cannot scroll would never see the last answers.
 */
export function ReviewStepView(props: ReviewStepViewProps) {
  const { step, items, t, locale, feedback } = props;
  const headingId = useId();
  const scale = useScale();
  // The runner shows the issues under the list; one row fewer leaves them room.
  const perPage = rowsPerPage(scale) - (props.issues.length > 0 ? 1 : 0);
  const pages = pageCount(items.length, perPage);
  const returnedFrom = props.returnedFrom;
  const [wanted, setPage] = useState(() => pageOf(returnedFrom === undefined ? -1 : items.findIndex((i) => samePosition(i.position, returnedFrom)), perPage));
  const page = Math.min(wanted, pages - 1);

  const entryLabel = (entry: NonNullable<ReviewItem['entry']>): string => {
    const group = props.groups?.find((g) => g.id === entry.groupId);
    const n = entry.index + 1;
    return group === undefined ? t('group.entry', { n }) : pickText(group.itemLabel, locale).replace('{n}', String(n));
  };
  const answerText = (item: ReviewItem): string | undefined => {
    if (item.answer === undefined) return undefined;
    return (
      props.describeAnswer?.(item) ??
      formatAnswer(item.step, item.answer.value, { locale, t, optionLabel: item.optionLabel })
    );
  };

  return (
    <section className="step step-review" aria-labelledby={headingId}>
      <h1 id={headingId} className="question">
        {pickText(step.title, locale)}
      </h1>
      <ul className="review-list">
        {items.slice(page * perPage, (page + 1) * perPage).map((item) => {
          const question = 'question' in item.step ? pickText(item.step.question, locale) : pickText(item.step.title, locale);
          const text = answerText(item);
          // After "Lanjut" on the review, every screen is checked again; mark the rows to fix.
          const invalid = props.issues.some((i) => i.stepId === item.position.stepId && i.instance === item.position.instance);
          return (
            <li key={`${item.position.stepId}#${item.position.instance ?? ''}`} className={`review-row ${invalid ? 'is-invalid' : ''}`}>
              <div className="review-text">
                <span className="review-question">
                  {item.entry !== undefined && <span className="review-entry">{entryLabel(item.entry)}</span>}
                  {question}
                </span>
                <span className={`review-answer ${text === undefined ? 'is-empty' : ''}`}>{text ?? t('review.empty')}</span>
              </div>
              <button
                type="button"
                className="button button-secondary review-change"
                aria-label={t('review.changeLabel', { question })}
                onClick={() => {
                  feedback.echo(uiKey('review.change'));
                  props.onEdit(item.position.stepId, item.position.instance);
                }}
              >
                <Pencil size={40} aria-hidden="true" />
                <span>{t('review.change')}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <Pager t={t} feedback={feedback} page={page} pages={pages} onPage={setPage} />
    </section>
  );
}
