import { ChevronLeft, ChevronRight } from 'lucide-react';
import type { Feedback } from '../flow/step-view';
import type { Translate } from '../i18n/messages';
import { uiKey } from './ui-key';

/**
 * Big previous/next buttons under a list that does not fit on one screen (the kiosk never
 * scrolls). The buttons keep their places when one of them is not needed, so the other does not
 * jump under the resident's finger.
 */
export function Pager(props: { t: Translate; feedback: Feedback; page: number; pages: number; onPage: (page: number) => void }) {
  const { t, page, pages } = props;
  if (pages <= 1) return null;
  const go = (to: number, key: 'nav.previous' | 'nav.next') => {
    props.feedback.echo(uiKey(key));
    props.onPage(to);
  };
  return (
    <nav className="step-pager" aria-label={t('nav.page', { page: page + 1, pages })}>
      <button type="button" className="button button-secondary" disabled={page === 0} onClick={() => go(page - 1, 'nav.previous')}>
        <ChevronLeft size={40} aria-hidden="true" />
        <span>{t('nav.previous')}</span>
      </button>
      <span className="step-pager-status" aria-live="polite">
        {t('nav.page', { page: page + 1, pages })}
      </span>
      <button type="button" className="button button-secondary" disabled={page === pages - 1} onClick={() => go(page + 1, 'nav.next')}>
        <span>{t('nav.next')}</span>
        <ChevronRight size={40} aria-hidden="true" />
      </button>
    </nav>
  );
}
