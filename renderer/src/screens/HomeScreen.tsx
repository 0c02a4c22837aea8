import { HardDrive } from 'lucide-react';
import { pickText, type Locale } from '../../../core/config/locale';
import type { ServiceDefinition } from '../../../core/flow/service-definition';
import type { HomeTile } from '../../../core/sync/services-in-use';
import type { Translate } from '../i18n/messages';
import { Icon } from '../ui/Icon';
import { useSpeech } from '../speech/SpeechProvider';
import { StepChoices } from '../steps/StepChoices';
import { choiceColumns, choicesPerPage } from '../steps/paging';
import { useScale } from '../steps/use-scale';
import { AboutLink } from './AboutLink';

/**
 * Tiles in the office's order (core/sync/services-in-use.ts decides which and in what order: the
 * office's catalogue once one is in use, else the host's files); a service that cannot run here
 * stays visible but cannot be chosen.
 * With the disk below the floor (`belowFloor`) the kiosk takes no new submission: a banner says so
 * and every service that ends in a submit step is shown disabled with the reason, so no resident
 * answers every question only to be turned away at "Kirim".
 */
export function HomeScreen(props: {
  t: Translate;
  locale: Locale;
  tiles: readonly HomeTile[];
  belowFloor: boolean;
  onChoose: (serviceId: string) => void;
  /** The way to "Tentang", for an office with one language (it has no language screen to carry it). */
  onAbout?: (() => void) | undefined;
}) {
  const { t, locale, tiles, belowFloor } = props;
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
      {props.onAbout !== undefined && <AboutLink t={t} onOpen={props.onAbout} />}
    </section>
  );
}

/** A service that would write a submission: the ones a full disk stops. */
function submits(service: ServiceDefinition): boolean {
  return service.steps.some((step) => step.kind === 'submit');
}
