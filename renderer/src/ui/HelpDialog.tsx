import { Hand } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { MessageKey, Translate } from '../i18n/messages';

/**
 * `saveFailed`: the submission could not be written; an officer has been called to finish it.
 * `diskFull`: the kiosk's disk is below the floor, so it takes nothing new; an officer has been called.
 */
export type HelpState = { kind: 'closed' } | { kind: 'called' } | { kind: 'failed' } | { kind: 'saveFailed' } | { kind: 'diskFull' };

const MESSAGE_KEYS = {
  closed: 'help.called',
  called: 'help.called',
  failed: 'help.failed',
  saveFailed: 'flow.saveFailed',
  diskFull: 'storage.full',
} as const satisfies Record<HelpState['kind'], MessageKey>;

/** Confirms that a person is on the way (or says where to go); a native modal dialog keeps focus inside. */
export function HelpDialog({ t, state, onClose }: { t: Translate; state: HelpState; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (state.kind === 'closed') {
      if (dialog.open) dialog.close();
    } else if (!dialog.open) {
      dialog.showModal();
    }
  }, [state.kind]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="help-message" onClose={onClose}>
      <Hand size={96} aria-hidden="true" />
      <p id="help-message" className="question" role="status">
        {t(MESSAGE_KEYS[state.kind])}
      </p>
      <button type="button" className="button button-primary" onClick={onClose}>
        {t('help.close')}
      </button>
    </dialog>
  );
}
