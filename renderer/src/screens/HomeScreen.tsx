import type { ConfigSnapshot } from '../../../core/contract/bridge';
import { pickText, type Locale } from '../../../core/config/locale';
import type { Translate } from '../i18n/messages';
import { Icon } from '../ui/Icon';
import { PagedChoices } from '../ui/PagedChoices';

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
  return (
    <section className="screen" aria-labelledby="question">
      <h1 id="question" className="question">
        {t('home.question')}
      </h1>
      <PagedChoices
        t={t}
        items={tiles}
        label={t('home.question')}
        render={(tile) =>
          tile.kind === 'service' ? (
            <button type="button" className="button tile" onClick={() => props.onChoose(tile.service.id)}>
              <Icon name={tile.service.icon} />
              <span className="tile-label">{pickText(tile.service.title, locale)}</span>
            </button>
          ) : (
            <button type="button" className="button tile" disabled>
              <Icon name="x" />
              <span className="tile-label">{tile.service.title === null ? tile.service.id : pickText(tile.service.title, locale)}</span>
              <span className="tile-note">{t('home.unavailable')}</span>
            </button>
          )
        }
      />
    </section>
  );
}
