import { Check, List, MapPin, Search } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import type { RegionStep } from '../../../core/flow/step';
import { useAreaState } from '../area/area-context';
import { shortRegencyName, type AreaIndex, type AreaLevel, type AreaPlace } from '../area/area-search';
import { AreaLoadingScreen } from '../area/AreaLoadingScreen';
import '../area/area.css';
import type { StepViewProps } from '../flow/step-view';
import type { MessageKey } from '../i18n/messages';
import { LetterKeyboard } from '../ui/LetterKeyboard';
import { StepChoices } from './StepChoices';
import { StepHeading } from './StepHeading';
import { isLarge, useScale } from './use-scale';
import './steps.css';

/**
 * A village (or district) in two ways. First the list of the office's own district, where most
 * residents live, as big tiles a page at a time; then, behind "Desa lain / cari", the letter
 * keyboard with the six best matches among all 83,762 villages. A tap on a tile or result answers
 * and moves on. Coming back, the stored answer is the filled tile, on the page that holds it.
 *
 * `officeDistrictCode` (e.g. '36.03.03', from SessionState) is the one prop beyond StepViewProps:
 * where the list starts and which matches rank first. The data's credit (ODbL) is on the
 * "Tentang" screen, not here: a resident choosing a village has no use for it.
 */
export type RegionStepViewProps = StepViewProps<RegionStep> & { officeDistrictCode: string };

type Mode = 'list' | 'search';

/** Most letters a search takes: the longest village name is 40-odd, and nobody types all of it. */
const SEARCH_MAX_LENGTH = 30;

const WORDS: Record<AreaLevel, { search: MessageKey; list: MessageKey; type: MessageKey }> = {
  village: { search: 'region.searchVillage', list: 'region.listVillages', type: 'region.typeVillage' },
  district: { search: 'region.searchDistrict', list: 'region.listDistricts', type: 'region.typeDistrict' },
};

/** Where an area is, for telling apart namesakes: "Kec. Tigaraksa, Kab. Tangerang" or "Kab. Tangerang, Banten". */
function placeDetail(place: AreaPlace): string {
  return place.districtName === undefined ? `${shortRegencyName(place.regencyName)}, ${place.provinceName}` : `Kec. ${place.districtName}, ${shortRegencyName(place.regencyName)}`;
}

/** In the office's district (a village) or regency (a district): listed without where it is. */
const isNearby = (place: AreaPlace, officeDistrictCode: string) =>
  place.level === 'village' ? place.code.startsWith(`${officeDistrictCode}.`) : place.code.startsWith(`${officeDistrictCode.slice(0, 5)}.`);

/** The list the step opens with: the office district's villages, or its regency's districts with the office's first. */
function nearbyPlaces(index: AreaIndex, level: AreaLevel, officeDistrictCode: string): AreaPlace[] {
  if (level === 'village') return index.villagesIn(officeDistrictCode);
  const districts = index.districtsIn(officeDistrictCode.slice(0, 5));
  const office = districts.filter((d) => d.code === officeDistrictCode);
  return [...office, ...districts.filter((d) => d.code !== officeDistrictCode)];
}

export function RegionStepView(props: RegionStepViewProps) {
  const { step, t, locale, value, feedback, officeDistrictCode } = props;
  const level = step.level;
  const words = WORDS[level];
  const areas = useAreaState();
  const scale = useScale();
  const headingId = useId();
  const [chosenMode, setMode] = useState<Mode | undefined>();
  const [query, setQuery] = useState('');

  const index = areas.kind === 'ready' ? areas.index : undefined;
  const selectedCode = typeof value === 'string' ? value : undefined;
  const { places, nearbyCount } = useMemo(() => {
    if (index === undefined) return { places: [], nearbyCount: 0 };
    const nearby = nearbyPlaces(index, level, officeDistrictCode);
    // An answer found by search earlier is not in the district's list: show it first, filled.
    const selected = selectedCode === undefined ? undefined : index.place(level, selectedCode);
    const all = selected === undefined || nearby.some((p) => p.code === selected.code) ? nearby : [selected, ...nearby];
    return { places: all, nearbyCount: nearby.length };
  }, [index, level, officeDistrictCode, selectedCode]);
  const large = isLarge(scale);
  // Large text leaves room for three results beside the keyboard.
  const resultLimit = large ? 3 : 6;
  const results = useMemo(
    () => (index === undefined ? [] : index.search(query, { level, near: officeDistrictCode, limit: resultLimit })),
    [index, query, level, officeDistrictCode, resultLimit],
  );

  const question = pickText(step.question, locale);
  const hint = step.hint === undefined ? undefined : pickText(step.hint, locale);

  if (areas.kind !== 'ready') {
    return (
      <section className="step region-step" aria-labelledby={headingId}>
        <StepHeading id={headingId} text={question} hint={hint} />
        <AreaLoadingScreen t={t} state={areas} />
      </section>
    );
  }

  // With no list to show (an office code the data does not know), the search is the only way.
  const mode: Mode = nearbyCount === 0 ? 'search' : (chosenMode ?? 'list');
  const switchTo = (next: Mode) => {
    feedback.echo(`ui.${next === 'search' ? words.search : words.list}`);
    setMode(next);
  };
  const choose = (place: AreaPlace) => props.onAnswerAndNext(place.code);
  // Region tiles are one line of icon and name, lower than choice tiles, so six fit with the
  // pager and the search button; large text gets four, two a row, so long names stay on two lines.
  const perPage = large ? 4 : 6;
  const columns = Math.min(places.length, large ? 2 : 3);

  if (mode === 'list') {
    return (
      <section className="step region-step" aria-labelledby={headingId}>
        <StepHeading id={headingId} text={question} hint={hint} />
        <StepChoices
          t={t}
          feedback={feedback}
          items={places}
          perPage={perPage}
          columns={columns}
          label={question}
          itemKey={(place) => place.code}
          selectedIndex={places.findIndex((p) => p.code === selectedCode)}
          className="region-choices"
          render={(place) => {
            const selected = place.code === selectedCode;
            const nearby = isNearby(place, officeDistrictCode);
            return (
              <button type="button" className={`button region-tile ${selected ? 'is-selected' : 'button-secondary'}`} aria-pressed={selected} onClick={() => choose(place)}>
                {selected ? <Check size={44} aria-hidden="true" /> : <MapPin size={44} aria-hidden="true" />}
                <span className="region-tile-text">
                  <span className="region-tile-name">{place.name}</span>
                  {!nearby && <span className="region-tile-detail">{placeDetail(place)}</span>}
                  {selected && <span className="region-tile-detail">{t('choice.selected')}</span>}
                </span>
              </button>
            );
          }}
        />
        <button type="button" className="button region-switch" onClick={() => switchTo('search')}>
          <Search size={44} aria-hidden="true" />
          <span>{t(words.search)}</span>
        </button>
      </section>
    );
  }

  return (
    <section className="step region-step" aria-labelledby={headingId}>
      <StepHeading id={headingId} text={question} />
      <div className="region-search">
        <div className="region-search-keys">
          <LetterKeyboard value={query} onChange={setQuery} maxLength={SEARCH_MAX_LENGTH} feedback={feedback} t={t} label={t(words.type)} placeholder={t(words.type)} />
        </div>
        <div className="region-search-results">
          {results.length > 0 ? (
            <ul className="region-results" aria-label={t('region.results')}>
              {results.map((place) => {
                const selected = place.code === selectedCode;
                const detail = placeDetail(place);
                return (
                  <li key={place.code}>
                    <button
                      type="button"
                      className={`button region-result ${selected ? 'is-selected' : 'button-secondary'}`}
                      aria-pressed={selected}
                      onClick={() => choose(place)}
                    >
                      {selected ? <Check size={40} aria-hidden="true" /> : <MapPin size={40} aria-hidden="true" />}
                      <span className="region-result-text">
                        <span className="region-result-name">{place.name}</span>
                        <span className="region-result-detail">{detail}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="body-text region-search-status" role="status">
              {query.trim() === '' ? t('region.startTyping') : t('region.noResults')}
            </p>
          )}
          {nearbyCount > 0 && (
            <button type="button" className="button button-secondary region-switch" onClick={() => switchTo('list')}>
              <List size={44} aria-hidden="true" />
              <span>{t(words.list)}</span>
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
