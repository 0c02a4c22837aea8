import { RotateCcw, Volume1, Volume2, VolumeX } from 'lucide-react';
import type { Translate } from '../i18n/messages';
import { useSpeech } from './SpeechProvider';
import './speech-controls.css';

/**
 * "Ulangi", quieter, louder and "Diam" (DOMAIN.md §5), for the screen header. A volume press says
 * its own label at the new volume, so a resident who cannot read the level hears it. The buttons
 * are never disabled: at the end of the range a press still answers, at the same volume.
 */
export function SpeechControls({ t }: { t: Translate }) {
  const speech = useSpeech();
  const { volume, volumeSteps } = speech;
  const change = (step: number, key: 'ui.speech.quieter' | 'ui.speech.louder') => {
    speech.setVolume(step);
    speech.echo(key);
  };
  return (
    <div className="speech-controls" role="group" aria-label={t('speech.controls')}>
      <button type="button" className="speech-button" onClick={speech.replay}>
        <RotateCcw size={36} aria-hidden="true" />
        <span>{t('speech.replay')}</span>
      </button>
      <button type="button" className="speech-button" onClick={() => change(volume - 1, 'ui.speech.quieter')}>
        <Volume1 size={36} aria-hidden="true" />
        <span>{t('speech.quieter')}</span>
      </button>
      <span className="speech-level" aria-hidden="true">
        {Array.from({ length: volumeSteps }, (_, i) => (
          <span key={i} className={i < volume ? 'speech-level-bar speech-level-on' : 'speech-level-bar'} />
        ))}
      </span>
      <button type="button" className="speech-button" onClick={() => change(volume + 1, 'ui.speech.louder')}>
        <Volume2 size={36} aria-hidden="true" />
        <span>{t('speech.louder')}</span>
      </button>
      <button type="button" className="speech-button" onClick={speech.stop}>
        <VolumeX size={36} aria-hidden="true" />
        <span>{t('speech.stop')}</span>
      </button>
    </div>
  );
}
