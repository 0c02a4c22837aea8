import type { Translate } from '../i18n/messages';
import type { AreaState } from './area-store';
import './area.css';

/**
 * What the resident (or the technician at a first start) sees while the village list is prepared:
 * a bar that moves and words that say what is happening, or, if it failed, that the kiosk is
 * trying again by itself.
 */
export function AreaLoadingScreen({ t, state }: { t: Translate; state: Exclude<AreaState, { kind: 'ready' }> }) {
  if (state.kind === 'failed') {
    return (
      <div className="area-loading" role="alert">
        <p className="body-text">{t('area.failed')}</p>
      </div>
    );
  }
  const percent = Math.floor(state.progress * 100);
  return (
    <div className="area-loading">
      <div className="area-progress" role="progressbar" aria-label={t('area.loadingLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="area-progress-fill" style={{ inlineSize: `${percent}%` }} />
      </div>
      <p className="body-text">
        {t('area.loading', { percent })}
      </p>
    </div>
  );
}
