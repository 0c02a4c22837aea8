import { Check, Clock } from 'lucide-react';
import { useState } from 'react';
import { indicatorKey, indicatorTone } from '../../../core/sync/status';
import type { Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { uiKey } from '../steps/ui-key';
import { useSyncStatus } from './sync-context';
import { SyncPanel } from './SyncPanel';
import './sync.css';

/**
 * The office name in the frame header, with a small calm mark before it: a check when everything
 * has reached the office, a clock while something waits on the kiosk. Never red, never a warning:
 * a resident's application is safe either way, and the done screen tells each resident about
 * their own. The words ("Terhubung ke kantor" / "Disimpan di kiosk, dikirim nanti") are its
 * accessible name and the panel's first line; the header has no room for them at 28 px beside the
 * speech controls. Tapping it opens the panel for officers and IT.
 */
export function SyncIndicator({ t, officeName }: { t: Translate; officeName: string }) {
  const status = useSyncStatus();
  const [open, setOpen] = useState(false);
  const { feedback } = useSpeech();
  if (status === null) return <span className="frame-office">{officeName}</span>;
  const tone = indicatorTone(status);
  const words = t(indicatorKey(status));
  return (
    <>
      <button
        type="button"
        className={`sync-indicator is-${tone}`}
        aria-label={`${officeName}. ${words}`}
        aria-haspopup="dialog"
        data-sync-phase={status.phase}
        onClick={() => {
          feedback.echo(uiKey('sync.panel.title'));
          setOpen(true);
        }}
      >
        <span className="sync-mark" aria-hidden="true">
          {tone === 'connected' ? <Check size={20} strokeWidth={3} /> : <Clock size={20} strokeWidth={3} />}
        </span>
        <span className="frame-office">{officeName}</span>
      </button>
      {open && <SyncPanel t={t} status={status} onClose={() => setOpen(false)} />}
    </>
  );
}
