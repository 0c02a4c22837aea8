import { ArrowLeft, ArrowRight, Hand } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/messages';

/**
 * Every screen after the attract screen sits in this frame, so "Kembali", "Lanjut" and "Bantuan"
 * are in the same place on every screen (DOMAIN.md §5) and the resident learns them once.
 */
export function KioskFrame(props: {
  t: Translate;
  officeName: string;
  progress?: string | undefined;
  onBack?: (() => void) | undefined;
  onHelp: () => void;
  /** The screen's main move ("Lanjut"); absent where a tap on the content moves on. */
  primary?: { label: string; onClick: () => void } | undefined;
  /** Controls shown in the header, e.g. speech and text size. */
  header?: ReactNode;
  children: ReactNode;
}) {
  const { t } = props;
  return (
    <div className="frame">
      <header className="frame-header">
        <span className="frame-office">{props.officeName}</span>
        {props.progress !== undefined && <span className="frame-progress">{props.progress}</span>}
        {props.header !== undefined && <div className="frame-controls">{props.header}</div>}
      </header>
      <main className="frame-main">{props.children}</main>
      <footer className="frame-footer">
        <button type="button" className="button button-secondary nav-back" onClick={props.onBack} disabled={props.onBack === undefined}>
          <ArrowLeft size={40} aria-hidden="true" />
          <span>{t('nav.back')}</span>
        </button>
        {props.primary !== undefined && (
          <button type="button" className="button button-primary nav-next" onClick={props.primary.onClick}>
            <span>{props.primary.label}</span>
            <ArrowRight size={40} aria-hidden="true" />
          </button>
        )}
        <button type="button" className="button button-help nav-help" onClick={props.onHelp}>
          <Hand size={40} aria-hidden="true" />
          <span>{t('nav.help')}</span>
        </button>
      </footer>
    </div>
  );
}
