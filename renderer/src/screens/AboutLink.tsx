import { Info } from 'lucide-react';
import type { Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { uiKey } from '../steps/ui-key';
import './about.css';

/**
 * The way to "Tentang": quiet (no fill, no frame, set apart at the end of the screen) so it does
 * not compete with the resident's choice, yet a full-size target with 28 px words like every other.
 */
export function AboutLink({ t, onOpen }: { t: Translate; onOpen: () => void }) {
  const { feedback } = useSpeech();
  return (
    <button
      type="button"
      className="about-link"
      onClick={() => {
        feedback.echo(uiKey('about.open'));
        onOpen();
      }}
    >
      <Info size={36} aria-hidden="true" />
      <span>{t('about.open')}</span>
    </button>
  );
}
