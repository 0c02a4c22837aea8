import { Pencil, Trash2, UserPlus, X } from 'lucide-react';
import { useId, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import { stepKey } from '../../../core/flow/speech-keys';
import type { GroupStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { Pager } from './Pager';
import { pageCount, rowsPerPage } from './paging';
import { uiKey } from './ui-key';
import { useScale } from './use-scale';
import './steps.css';

export type GroupEntryRow = {
  readonly key: string;
  /** Position in the list, from 0: "Anggota {index + 1}". */
  readonly index: number;
  /** A word to recognise the entry by, e.g. the member's name; omitted when not answered yet. */
  readonly summary?: string | undefined;
};

export type GroupStepViewProps = StepViewProps<GroupStep> & {
  /** Screen.hub.entries, optionally with a summary each. */
  entries: readonly GroupEntryRow[];
  /** Screen.hub.canAdd: fewer than repeat.max entries. */
  canAdd: boolean;
  /** Screen.hub.canRemove: more than repeat.min entries. */
  canRemove: boolean;
  /** addGroupEntry: the runner opens the new entry's first question. */
  onAdd: () => void;
  onRemove: (key: string) => void;
  /** goTo the entry's first question, to look at or change its answers. */
  onOpen: (key: string) => void;
};

/**
 * The list screen after a group's entries (e.g. household members): each entry with "Ubah" and
 * "Hapus", and one big add button. "Hapus" asks once more in the row itself, because an entry
 * holds several answers and a slip of the finger should not cost them.
 */
export function GroupStepView(props: GroupStepViewProps) {
  const { step, entries, t, locale, feedback } = props;
  const headingId = useId();
  const scale = useScale();
  const perPage = rowsPerPage(scale);
  const pages = pageCount(entries.length, perPage);
  // A newly added entry is at the end; open on the last page so the list shows it.
  const [wanted, setPage] = useState(pages - 1);
  const page = Math.min(wanted, pages - 1);
  const [confirming, setConfirming] = useState<string | null>(null);
  const label = (index: number) => pickText(step.itemLabel, locale).replace('{n}', String(index + 1));

  return (
    <section className="step step-group" aria-labelledby={headingId}>
      <h1 id={headingId} className="question">
        {pickText(step.title, locale)}
      </h1>
      {entries.length === 0 ? (
        <p className="step-body muted">{t('group.empty')}</p>
      ) : (
        <ul className="review-list">
          {entries.slice(page * perPage, (page + 1) * perPage).map((entry) =>
            confirming === entry.key ? (
              <li key={entry.key} className="review-row is-confirming">
                <span className="review-answer">{t('group.removeQuestion', { label: label(entry.index) })}</span>
                <span className="row-buttons">
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => {
                      feedback.echo(uiKey('group.removeYes'));
                      setConfirming(null);
                      props.onRemove(entry.key);
                    }}
                  >
                    <Trash2 size={40} aria-hidden="true" />
                    <span>{t('group.removeYes')}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      feedback.echo(uiKey('group.removeNo'));
                      setConfirming(null);
                    }}
                  >
                    <X size={40} aria-hidden="true" />
                    <span>{t('group.removeNo')}</span>
                  </button>
                </span>
              </li>
            ) : (
              <li key={entry.key} className="review-row">
                <div className="review-text">
                  <span className="review-answer">{label(entry.index)}</span>
                  {entry.summary !== undefined && <span className="review-question">{entry.summary}</span>}
                </div>
                <span className="row-buttons">
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('group.openLabel', { label: label(entry.index) })}
                    onClick={() => {
                      feedback.echo(uiKey('review.change'));
                      props.onOpen(entry.key);
                    }}
                  >
                    <Pencil size={40} aria-hidden="true" />
                    <span>{t('review.change')}</span>
                  </button>
                  {props.canRemove && (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={t('group.removeLabel', { label: label(entry.index) })}
                      onClick={() => {
                        feedback.echo(uiKey('group.remove'));
                        setConfirming(entry.key);
                      }}
                    >
                      <Trash2 size={40} aria-hidden="true" />
                      <span>{t('group.remove')}</span>
                    </button>
                  )}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      <Pager t={t} feedback={feedback} page={page} pages={pages} onPage={setPage} />
      {props.canAdd && (
        <button
          type="button"
          className="button button-secondary step-confirm"
          onClick={() => {
            feedback.echo(stepKey(props.serviceId, props.stepPath, 'repeat.addLabel'));
            props.onAdd();
          }}
        >
          <UserPlus size={48} aria-hidden="true" />
          <span>{pickText(step.repeat.addLabel, locale)}</span>
        </button>
      )}
    </section>
  );
}
