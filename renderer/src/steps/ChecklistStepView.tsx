import { Check } from 'lucide-react';
import { useId, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import type { ChecklistStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { Icon } from '../ui/Icon';
import { Pager } from './Pager';
import { pageCount } from './paging';
import { StepHeading } from './StepHeading';
import { uiKey } from './ui-key';
import { isLarge, useScale } from './use-scale';
import './steps.css';

/**
 * The documents to have ready, each with its icon and a note ("asli dan fotokopi"), and one big
 * confirmation. The items are not buttons: nothing here is ticked one by one, because a resident
 * who ticks four boxes learns that tapping is the job, not bringing the papers.
 */
export function ChecklistStepView(props: StepViewProps<ChecklistStep>) {
  const { step, screen, t, locale, feedback } = props;
  const headingId = useId();
  const scale = useScale();
  const items = screen.items ?? step.items;
  const perPage = isLarge(scale) ? 4 : 6;
  const pages = pageCount(items.length, perPage);
  const [wanted, setPage] = useState(0);
  const page = Math.min(wanted, pages - 1);
  const confirmed = props.value === true;
  return (
    <section className="step step-checklist" aria-labelledby={headingId}>
      <StepHeading id={headingId} text={pickText(step.title, locale)} hint={step.hint === undefined ? undefined : pickText(step.hint, locale)} />
      <ul className={`checklist ${items.length === 1 ? 'is-single' : ''}`}>
        {items.slice(page * perPage, (page + 1) * perPage).map((item, i) => (
          <li key={page * perPage + i} className="checklist-item">
            <Icon name={item.icon} size={64} />
            <span className="checklist-text">
              <span className="checklist-label">{pickText(item.label, locale)}</span>
              {item.note !== undefined && <span className="checklist-note">{pickText(item.note, locale)}</span>}
            </span>
          </li>
        ))}
      </ul>
      <div className="checklist-actions">
        <Pager t={t} feedback={feedback} page={page} pages={pages} onPage={setPage} />
        <button
          type="button"
          className="button step-confirm"
          aria-pressed={confirmed}
          onClick={() => {
            feedback.echo(uiKey('checklist.confirm'));
            props.onAnswerAndNext(true);
          }}
        >
          <Check size={48} aria-hidden="true" />
          <span>{t('checklist.confirm')}</span>
        </button>
      </div>
    </section>
  );
}
