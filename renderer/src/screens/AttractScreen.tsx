import { Hand } from 'lucide-react';
import type { Translate } from '../i18n/messages';

/**
 * The idle screen: the whole screen is one button, because "where do I press?" is the first
 * hurdle. The welcome heading floats over it and lets touches through.
 */
export function AttractScreen({ t, officeName, onStart }: { t: Translate; officeName: string; onStart: () => void }) {
  return (
    <main className="attract">
      <h1 className="attract-welcome">{t('attract.welcome', { office: officeName })}</h1>
      <button type="button" className="attract-button" onClick={onStart}>
        <Hand size={160} aria-hidden="true" className="attract-hand" />
        <span className="attract-touch">{t('attract.touch')}</span>
        <span className="attract-hint">{t('attract.hint')}</span>
      </button>
    </main>
  );
}
