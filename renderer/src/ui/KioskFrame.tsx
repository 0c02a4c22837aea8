import { ArrowLeft, Hand } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/messages';

/**
 * Every screen after the attract screen sits in this frame, so "Kembali" and "Bantuan" are in the
 * same place on every screen (DOMAIN.md §5) and the resident learns them once.
 */
export function KioskFrame(props: {
  t: Translate;
  officeName: string;
  progress?: string | undefined;
  onBack?: (() => void) | undefined;
  onHelp: () => void;
  children: ReactNode;
}) {
  const { t } = props;
  return (
    <div className="frame">
      <header className="frame-header">
        <span className="frame-office">{props.officeName}</span>
        {props.progress !== undefined && <span className="frame-progress">{props.progress}</span>}
      </header>
      <main className="frame-main">{props.children}</main>
      <footer className="frame-footer">
        <button type="button" className="button button-secondary nav-back" onClick={props.onBack} disabled={props.onBack === undefined}>
          <ArrowLeft size={40} aria-hidden="true" />
          <span>{t('nav.back')}</span>
        </button>
        <button type="button" className="button button-help nav-help" onClick={props.onHelp}>
          <Hand size={40} aria-hidden="true" />
          <span>{t('nav.help')}</span>
        </button>
      </footer>
    </div>
  );
}
