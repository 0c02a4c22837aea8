import { ArrowLeft, ArrowRight, Hand } from 'lucide-react';
import type { ReactNode } from 'react';
import type { MessageKey, Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { uiKey } from '../steps/ui-key';
import { OverdueBanner } from '../sync/OverdueBanner';
import { SyncIndicator } from '../sync/SyncIndicator';

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
  primary?: { key: MessageKey; onClick: () => void } | undefined;
  /** Controls shown in the header, e.g. speech and text size. */
  header?: ReactNode;
  children: ReactNode;
}) {
  const { t } = props;
  // Every touch is answered out loud too (DOMAIN.md §5), not only by what changes on screen.
  const { feedback } = useSpeech();
  const withEcho = (key: MessageKey, action: () => void) => () => {
    feedback.echo(uiKey(key));
    action();
  };
  const { onBack, primary } = props;
  return (
    <div className="frame">
      <header className="frame-header">
        <SyncIndicator t={t} officeName={props.officeName} />
        {props.progress !== undefined && <span className="frame-progress">{props.progress}</span>}
        {props.header !== undefined && <div className="frame-controls">{props.header}</div>}
      </header>
      <main className="frame-main">
        {/* Screens without a flow's progress (home, language) are where officers look between residents. */}
        {props.progress === undefined && <OverdueBanner t={t} />}
        {props.children}
      </main>
      <footer className="frame-footer">
        <button type="button" className="button button-secondary nav-back" onClick={onBack === undefined ? undefined : withEcho('nav.back', onBack)} disabled={onBack === undefined}>
          <ArrowLeft size={40} aria-hidden="true" />
          <span>{t('nav.back')}</span>
        </button>
        {primary !== undefined && (
          <button type="button" className="button button-primary nav-next" onClick={withEcho(primary.key, primary.onClick)}>
            <span>{t(primary.key)}</span>
            <ArrowRight size={40} aria-hidden="true" />
          </button>
        )}
        <button type="button" className="button button-help nav-help" onClick={withEcho('nav.help', props.onHelp)}>
          <Hand size={40} aria-hidden="true" />
          <span>{t('nav.help')}</span>
        </button>
      </footer>
    </div>
  );
}
