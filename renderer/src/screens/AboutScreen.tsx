import { useState } from 'react';
import type { AppInfo } from '../../../core/contract/bridge';
import type { OfficeConfig } from '../../../core/config/office-config';
import type { Translate } from '../i18n/messages';
import { useSpeech } from '../speech/SpeechProvider';
import { Pager } from '../steps/Pager';
import { pageCount } from '../steps/paging';
import { isLarge, useScale } from '../steps/use-scale';
import './about.css';

export type AboutScreenProps = {
  t: Translate;
  office: Pick<OfficeConfig, 'name' | 'code'>;
  /** Undefined until the host has answered `app.info` (a few milliseconds). */
  appInfo: AppInfo | undefined;
};

/**
 * "Tentang": for officers and IT staff, and anyone curious; never on a resident's way through a
 * service. Which software runs here and for which office, then the licences and credits the kiosk
 * owes: idn-area-data's ODbL asks that whoever sees a work made from the data can learn where it
 * comes from (DOMAIN.md §3), and the typeface's SIL OFL and Lucide's ISC licence ask for their
 * notices. App.tsx says where it is opened from. (Where the services come from, and the sync
 * state, are on the officers' sync panel.)
 *
 * Six lines fit at any screen size in normal text; large text wraps each line in two or three,
 * so it shows two a page (the kiosk pages rather than scrolls).
 */
export function AboutScreen({ t, office, appInfo }: AboutScreenProps) {
  const { feedback } = useSpeech();
  const perPage = isLarge(useScale()) ? 2 : 6;
  const [wanted, setPage] = useState(0);
  const lines = [
    appInfo === undefined ? t('about.versionUnknown') : t('about.version', { name: appInfo.name, version: appInfo.version, shell: appInfo.shell }),
    t('about.office', { office: office.name, code: office.code }),
    t('area.attribution'),
    t('about.font'),
    t('about.icons'),
    t('about.license'),
  ];
  const pages = pageCount(lines.length, perPage);
  const page = Math.min(wanted, pages - 1);
  return (
    <section className="screen about-screen" aria-labelledby="question">
      <h1 id="question" className="question">
        {t('about.title')}
      </h1>
      <ul className="about-list" aria-label={t('about.title')}>
        {lines.slice(page * perPage, (page + 1) * perPage).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Pager t={t} feedback={feedback} page={page} pages={pages} onPage={setPage} />
    </section>
  );
}
