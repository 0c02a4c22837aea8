import { Check, ChevronLeft, Minus, Plus } from 'lucide-react';
import { useId, useState, type CSSProperties } from 'react';
import { pickText } from '../../../core/config/locale';
import { calendarDateIn } from '../../../core/flow/flow-date';
import type { DateStep } from '../../../core/flow/step';
import type { CalendarDate } from '../../../core/id';
import type { StepViewProps } from '../flow/step-view';
import type { MessageKey } from '../i18n/messages';
import {
  dateRange,
  dayAllowed,
  daysShown,
  decades,
  isoOf,
  monthAllowed,
  nextMissing,
  partsOf,
  stepPart,
  withPart,
  yearsOfDecade,
  type DatePart,
  type DateParts,
} from './date-parts';
import { formatDateWords, monthName } from './format-answer';
import { StepHeading } from './StepHeading';
import { uiKey } from './ui-key';
import './steps.css';

const PART_LABEL: Record<DatePart, MessageKey> = { day: 'date.day', month: 'date.month', year: 'date.year' };

/**
 * A day picked without typing. Three parts are shown as on a form (tanggal, bulan, tahun), each with
 * −/+ for small corrections; below them one chooser at a time, the year first because it is the
 * most work: a decade ("1950-an"), then the year, so 1956 is two taps from anywhere. The number
 * grids are laid out like a calendar page rather than paged six at a time: paging the 31 days or
 * 13 decades would cost more taps and hide the answer on a later page.
 * The answer (YYYY-MM-DD) is stored once all three parts are chosen.
 */
export function DateStepView(
  props: StepViewProps<DateStep> & {
    /** The kiosk day in the office time zone (SessionState.today); without it the browser's day. */
    today?: CalendarDate;
  },
) {
  const { step, t, locale, feedback } = props;
  const headingId = useId();
  const today = props.today ?? calendarDateIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  const range = dateRange(step, today);
  const [parts, setParts] = useState<DateParts>(() => partsOf(props.value));
  const [active, setActive] = useState<DatePart | null>(() => nextMissing(partsOf(props.value)));
  // The decade the year chooser shows; null = the list of decades.
  const [decade, setDecade] = useState<number | null>(() => {
    const year = partsOf(props.value).year;
    return year === undefined ? null : Math.floor(year / 10) * 10;
  });

  const update = (next: DateParts, moveOn: boolean) => {
    setParts(next);
    const iso = isoOf(next);
    if (iso !== undefined) props.onAnswer(iso);
    if (moveOn) setActive(nextMissing(next));
  };
  const echoPart = (part: DatePart, value: number) => {
    if (part === 'day') feedback.echo(uiKey(`number.${value}` as MessageKey));
    else if (part === 'month') feedback.echo(uiKey(`month.${value}` as MessageKey));
    else feedback.echo(uiKey('date.year'));
  };
  const choose = (part: DatePart, value: number) => {
    echoPart(part, value);
    update(withPart(parts, part, value), true);
  };
  const nudge = (part: DatePart, delta: 1 | -1) => {
    const next = stepPart(parts, part, delta, range);
    const value = next[part];
    if (value !== undefined) echoPart(part, value);
    if (part === 'year' && next.year !== undefined) setDecade(Math.floor(next.year / 10) * 10);
    update(next, false);
  };
  const open = (part: DatePart) => {
    feedback.echo(uiKey(PART_LABEL[part]));
    if (part === 'year') setDecade(parts.year === undefined ? null : Math.floor(parts.year / 10) * 10);
    setActive(part);
  };

  const shown = (part: DatePart): string => {
    const value = parts[part];
    if (value === undefined) return t('date.unset');
    return part === 'month' ? monthName(value, locale) : String(value);
  };

  const iso = isoOf(parts);
  // Oldest first, like a timeline; all on one screen, because a pager would put the decades most
  // older residents need on a second page.
  const decadeList = decades(range).reverse();
  const invalid = props.issues.length > 0;
  return (
    <section className="step step-date" aria-labelledby={headingId}>
      <StepHeading id={headingId} text={pickText(step.question, locale)} hint={step.hint === undefined ? undefined : pickText(step.hint, locale)} />
      <div className={`date-parts ${invalid ? 'is-invalid' : ''}`}>
        {(['day', 'month', 'year'] as const).map((part) => (
          <DatePartControl
            key={part}
            label={t(PART_LABEL[part])}
            value={shown(part)}
            unset={parts[part] === undefined}
            active={active === part}
            previousLabel={t('date.previous', { part: t(PART_LABEL[part]) })}
            nextLabel={t('date.next', { part: t(PART_LABEL[part]) })}
            onOpen={() => open(part)}
            onStep={(delta) => nudge(part, delta)}
          />
        ))}
      </div>
      <div className="date-panel">
        {active === null && iso !== undefined && (
          <p className="date-chosen">
            {!invalid && <Check size={56} aria-hidden="true" />}
            <span>{formatDateWords(iso, locale)}</span>
          </p>
        )}
        {active === 'year' && decade === null && (
          <>
            <p className="date-panel-title">{t('date.pickDecade')}</p>
            <OptionGrid
              label={t('date.pickDecade')}
              columns={Math.min(Math.ceil(decadeList.length / 2), 8)}
              items={decadeList.map((d) => ({ value: d, text: t('date.decade', { decade: d }), allowed: true }))}
              selected={parts.year === undefined ? undefined : Math.floor(parts.year / 10) * 10}
              onChoose={(d) => {
                feedback.echo(uiKey('date.year'));
                setDecade(d);
              }}
            />
          </>
        )}
        {active === 'year' && decade !== null && (
          <>
            <div className="date-panel-row">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  feedback.echo(uiKey('date.otherDecades'));
                  setDecade(null);
                }}
              >
                <ChevronLeft size={40} aria-hidden="true" />
                <span>{t('date.otherDecades')}</span>
              </button>
              <p className="date-panel-title">{t('date.pickYear', { decade })}</p>
            </div>
            <OptionGrid
              label={t('date.pickYear', { decade })}
              columns={5}
              items={yearsOfDecade(decade, range).map((year) => ({ value: year, text: String(year), allowed: true }))}
              selected={parts.year}
              onChoose={(year) => choose('year', year)}
            />
          </>
        )}
        {active === 'month' && (
          <>
            <p className="date-panel-title">{t('date.pickMonth')}</p>
            <OptionGrid
              label={t('date.pickMonth')}
              columns={6}
              items={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, text: monthName(i + 1, locale), allowed: monthAllowed(parts, i + 1, range) }))}
              selected={parts.month}
              onChoose={(month) => choose('month', month)}
            />
          </>
        )}
        {active === 'day' && (
          <>
            <p className="date-panel-title">{t('date.pickDay')}</p>
            <OptionGrid
              label={t('date.pickDay')}
              columns={16}
              items={Array.from({ length: daysShown(parts) }, (_, i) => ({ value: i + 1, text: String(i + 1), allowed: dayAllowed(parts, i + 1, range) }))}
              selected={parts.day}
              onChoose={(day) => choose('day', day)}
            />
          </>
        )}
      </div>
    </section>
  );
}

function DatePartControl(props: {
  label: string;
  value: string;
  unset: boolean;
  active: boolean;
  previousLabel: string;
  nextLabel: string;
  onOpen: () => void;
  onStep: (delta: 1 | -1) => void;
}) {
  const labelId = useId();
  return (
    <div className={`date-part ${props.active ? 'is-active' : ''}`} role="group" aria-labelledby={labelId}>
      <span id={labelId} className="date-part-label">
        {props.label}
      </span>
      <div className="date-part-row">
        <button type="button" className="button button-secondary date-step" aria-label={props.previousLabel} disabled={props.unset} onClick={() => props.onStep(-1)}>
          <Minus size={44} aria-hidden="true" />
        </button>
        <button type="button" className={`button date-part-value ${props.active ? '' : 'button-secondary'} ${props.unset ? 'is-unset' : ''}`} aria-pressed={props.active} onClick={props.onOpen}>
          {props.value}
        </button>
        <button type="button" className="button button-secondary date-step" aria-label={props.nextLabel} disabled={props.unset} onClick={() => props.onStep(1)}>
          <Plus size={44} aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}

/**
 * Numbers and month names laid out like a wall calendar. Options outside the allowed range keep
 * their place (disabled, not removed) so the grid does not reshuffle between months.
 */
function OptionGrid(props: {
  label: string;
  columns: number;
  items: readonly { value: number; text: string; allowed: boolean }[];
  selected: number | undefined;
  onChoose: (value: number) => void;
}) {
  return (
    <ul className="date-grid" aria-label={props.label} style={{ '--columns': props.columns } as CSSProperties}>
      {props.items.map((item) => (
        <li key={item.value}>
          <button
            type="button"
            className={`button date-option ${item.value === props.selected ? 'is-selected' : 'button-secondary'}`}
            aria-pressed={item.value === props.selected}
            disabled={!item.allowed}
            onClick={() => props.onChoose(item.value)}
          >
            {item.text}
          </button>
        </li>
      ))}
    </ul>
  );
}
