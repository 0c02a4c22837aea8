import { HardDrive } from 'lucide-react';
import type { ConfigSnapshot } from '../../../core/contract/bridge';
import { pickText, type Locale } from '../../../core/config/locale';
import type { Translate } from '../i18n/messages';
import { Icon } from '../ui/Icon';
import { useSpeech } from '../speech/SpeechProvider';
import { StepChoices } from '../steps/StepChoices';
import { choiceColumns, choicesPerPage } from '../steps/paging';
import { useScale } from '../steps/use-scale';

type Tile =
  | { kind: 'service'; service: ConfigSnapshot['services'][number] }
  | { kind: 'unavailable'; service: ConfigSnapshot['unavailable'][number] };

/**
 * Tiles in the office's order; a service whose file is broken stays visible but cannot be chosen.
 * With the disk below the floor (`belowFloor`) the kiosk takes no new submission: a banner says so
 * and every service that ends in a submit step is shown disabled with the reason, so no resident
 * answers every question only to be turned away at "Kirim".
 */
export function HomeScreen(props: { t: Translate; locale: Locale; config: ConfigSnapshot; belowFloor: boolean; onChoose: (serviceId: string) => void }) {
  const { t, locale, config, belowFloor } = props;
  const byId = new Map<string, Tile>([
    ...config.services.map((service) => [service.id, { kind: 'service', service }] as const),
    ...config.unavailable.map((service) => [service.id, { kind: 'unavailable', service }] as const),
  ]);
  const tiles = config.office.services.flatMap((id) => {
    const tile = byId.get(id);
    return tile === undefined ? [] : [tile];
  });
  const { feedback } = useSpeech();
  const perPage = choicesPerPage(useScale(), tiles.length);
  return (
    <section className="screen" aria-labelledby="question">
      <h1 id="question" className="question">
        {t('home.question')}
      </h1>
      {belowFloor && (
        // Inline style: this file may not touch styles.css in this change; a class can replace it.
        <p role="status" className="body-text storage-banner" style={{ border: '4px solid var(--ink)', background: 'var(--help)', borderRadius: 'var(--radius)', padding: '16px 24px', margin: '0 0 var(--gap)', display: 'flex', alignItems: 'center', gap: '16px' }}>
          <HardDrive size={48} aria-hidden="true" />
          <span>{t('storage.full')}</span>
        </p>
      )}
      <StepChoices
        t={t}
        feedback={feedback}
        items={tiles}
        perPage={perPage}
        columns={choiceColumns(perPage)}
        itemKey={(tile) => tile.service.id}
        label={t('home.question')}
        render={(tile) =>
          tile.kind === 'service' && belowFloor && submits(tile.service) ? (
            <button type="button" className="button step-tile" disabled>
              <Icon name={tile.service.icon} />
              <span className="step-tile-label">{pickText(tile.service.title, locale)}</span>
              <span className="step-tile-note">{t('home.storageFull')}</span>
            </button>
          ) : tile.kind === 'service' ? (
            <button type="button" className="button step-tile" onClick={() => props.onChoose(tile.service.id)}>
              <Icon name={tile.service.icon} />
              <span className="step-tile-label">{pickText(tile.service.title, locale)}</span>
            </button>
          ) : (
            <button type="button" className="button step-tile" disabled>
              <Icon name="x" />
              <span className="step-tile-label">{tile.service.title === null ? tile.service.id : pickText(tile.service.title, locale)}</span>
              <span className="step-tile-note">{t('home.unavailable')}</span>
            </button>
          )
        }
      />
    </section>
  );
}

/** A service that would write a submission: the ones a full disk stops. */
function submits(service: ConfigSnapshot['services'][number]): boolean {
  return service.steps.some((step) => step.kind === 'submit');
}
