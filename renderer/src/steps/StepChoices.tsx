import { useState, type CSSProperties, type ReactNode } from 'react';
import type { Feedback } from '../flow/step-view';
import type { Translate } from '../i18n/messages';
import { Pager } from './Pager';
import { pageCount, pageOf } from './paging';

/**
 * A paged grid of big tiles (service tiles, choices, places). It takes the page size and column count from
 * the caller, because large-text mode needs fewer, wider tiles per page to fit without scrolling.
 */
export function StepChoices<T>(props: {
  t: Translate;
  feedback: Feedback;
  items: readonly T[];
  perPage: number;
  columns: number;
  /** Names the list for screen readers, usually the question. */
  label: string;
  itemKey: (item: T) => string;
  render: (item: T) => ReactNode;
  /** Opens on the page of this item (the stored answer), so a returning resident sees their choice. */
  selectedIndex?: number;
  className?: string;
}) {
  const { items, perPage } = props;
  const pages = pageCount(items.length, perPage);
  const [wanted, setPage] = useState(() => pageOf(props.selectedIndex ?? -1, perPage));
  // The page size changes with the text-size toggle; stay on a page that exists.
  const page = Math.min(wanted, pages - 1);
  const shown = items.slice(page * perPage, (page + 1) * perPage);
  const columns = Math.min(props.columns, Math.max(shown.length, 1));
  return (
    <div className={`step-choices ${props.className ?? ''}`}>
      <ul className="step-grid" aria-label={props.label} style={{ '--columns': columns } as CSSProperties}>
        {shown.map((item) => (
          <li key={props.itemKey(item)}>{props.render(item)}</li>
        ))}
      </ul>
      <Pager t={props.t} feedback={props.feedback} page={page} pages={pages} onPage={setPage} />
    </div>
  );
}
