import type { ConfigSnapshot } from '../../../core/contract/bridge';
import { pickText, type Locale } from '../../../core/config/locale';
import { Icon } from '../ui/Icon';

/** What the chosen service gives the resident; the guided steps start from here. */
export function ServiceScreen({ service, locale }: { service: ConfigSnapshot['services'][number]; locale: Locale }) {
  return (
    <section className="screen" aria-labelledby="question">
      <Icon name={service.icon} size={120} />
      <h1 id="question" className="question">
        {pickText(service.title, locale)}
      </h1>
      <p className="body-text">{pickText(service.summary, locale)}</p>
    </section>
  );
}
