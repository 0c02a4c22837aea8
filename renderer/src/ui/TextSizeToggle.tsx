import { ALargeSmall } from 'lucide-react';
import type { Translate } from '../i18n/messages';

/** Large-text mode: every size in the stylesheet is multiplied by 1.5 (DOMAIN.md §5). */
export function TextSizeToggle({ t, large, onChange }: { t: Translate; large: boolean; onChange: (large: boolean) => void }) {
  return (
    <button type="button" className="button button-secondary header-button" aria-pressed={large} onClick={() => onChange(!large)}>
      <ALargeSmall size={36} aria-hidden="true" />
      <span>{large ? t('textSize.normal') : t('textSize.large')}</span>
    </button>
  );
}
