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

/** Tiles in the office's order; a service whose file is broken stays visible but cannot be chosen. */
export function HomeScreen(props: { t: Translate; locale: Locale; config: ConfigSnapshot; onChoose: (serviceId: string) => void }) {
  const { t, locale, config } = props;
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
      <StepChoices
        t={t}
        feedback={feedback}
        items={tiles}
        perPage={perPage}
        columns={choiceColumns(perPage)}
        itemKey={(tile) => tile.service.id}
        label={t('home.question')}
        render={(tile) =>
          tile.kind === 'service' ? (
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
