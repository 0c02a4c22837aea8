import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { Translate } from '../i18n/messages';

/** At most six choices per screen (DOMAIN.md §5); longer lists get big previous/next buttons. */
export const CHOICES_PER_PAGE = 6;

export function PagedChoices<T>(props: {
  t: Translate;
  items: readonly T[];
  label: string;
  render: (item: T) => ReactNode;
}) {
  const { t, items } = props;
  const pages = Math.max(1, Math.ceil(items.length / CHOICES_PER_PAGE));
  const [page, setPage] = useState(0);
  const shown = items.slice(page * CHOICES_PER_PAGE, (page + 1) * CHOICES_PER_PAGE);
  return (
    <div className="paged">
      <ul className="choice-grid" aria-label={props.label}>
        {shown.map((item, index) => (
          <li key={page * CHOICES_PER_PAGE + index}>{props.render(item)}</li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className="pager" aria-label={t('nav.page', { page: page + 1, pages })}>
          <button type="button" className="button button-secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            <ChevronLeft size={40} aria-hidden="true" />
            <span>{t('nav.previous')}</span>
          </button>
          <span className="pager-status">{t('nav.page', { page: page + 1, pages })}</span>
          <button type="button" className="button button-secondary" disabled={page === pages - 1} onClick={() => setPage(page + 1)}>
            <span>{t('nav.next')}</span>
            <ChevronRight size={40} aria-hidden="true" />
          </button>
        </nav>
      )}
    </div>
  );
}
