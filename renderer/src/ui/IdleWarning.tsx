import { Clock } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { Translate } from '../i18n/messages';

/** "Masih di sini?" with a visible countdown; any touch (handled by useIdle) closes it. */
export function IdleWarning({ t, secondsLeft }: { t: Translate; secondsLeft: number | undefined }) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = secondsLeft !== undefined;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help-dialog idle-dialog" aria-labelledby="idle-question">
      <Clock size={96} aria-hidden="true" />
      <p id="idle-question" className="question">
        {t('idle.question')}
      </p>
      <p className="body-text" aria-live="assertive">
        {t('idle.countdown', { seconds: secondsLeft ?? 0 })}
      </p>
      <button type="button" className="button button-primary">
        {t('idle.stay')}
      </button>
    </dialog>
  );
}
