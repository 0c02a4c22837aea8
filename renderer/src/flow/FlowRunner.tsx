import { useEffect, useMemo, useRef, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { OfficeConfig } from '../../../core/config/office-config';
import { pickText, type Locale } from '../../../core/config/locale';
import { missingCase } from '../../../core/contract/result';
import {
  addGroupEntry,
  answer,
  back,
  buildSubmission,
  currentStep,
  goTo,
  next,
  progress,
  removeGroupEntry,
  reviewItems,
  startSession,
  type AnswerValue,
  type EngineOptions,
  type SessionState,
  type StepIssue,
} from '../../../core/flow/engine';
import type { ServiceDefinition } from '../../../core/flow/service-definition';
import { isReadingStep } from '../../../core/flow/step';
import { promptKeys } from '../../../core/flow/speech-keys';
import type { Failure } from '../../../core/contract/result';
import type { StoredSubmission } from '../db/db';
import type { MessageKey, Translate } from '../i18n/messages';
import { useAreaState } from '../area/area-context';
import { useSpeech } from '../speech/SpeechProvider';
import { ChecklistStepView } from '../steps/ChecklistStepView';
import { ChoiceStepView } from '../steps/ChoiceStepView';
import { ConsentStepView } from '../steps/ConsentStepView';
import { DateStepView } from '../steps/DateStepView';
import { DoneStepView } from '../steps/DoneStepView';
import { GroupStepView } from '../steps/GroupStepView';
import { InfoStepView } from '../steps/InfoStepView';
import { KeypadStepView } from '../steps/KeypadStepView';
import { NameStepView } from '../steps/NameStepView';
import { RegionStepView } from '../steps/RegionStepView';
import { ReviewStepView } from '../steps/ReviewStepView';
import { StepIssues } from '../steps/StepIssues';
import { SubmitStepView } from '../steps/SubmitStepView';
import { KioskFrame } from '../ui/KioskFrame';
import { createDraftWriter, type DraftWriter } from '../store/drafts';
import type { KioskStore } from '../store/kiosk-store';
import { saveSubmission } from './save-submission';
import type { StepViewProps } from './step-view';

/**
 * Runs one service for one resident: holds the engine's session state, shows the current step's
 * view, speaks its prompt, and owns the moves (Lanjut, Kembali, Ubah, Kirim). The submission is
 * written durably (host journal, then IndexedDB) before the done screen appears. While the resident
 * answers, the session is kept as a sealed draft, deleted when the flow ends or is left.
 */
export function FlowRunner(props: {
  definition: ServiceDefinition;
  office: OfficeConfig;
  locale: Locale;
  t: Translate;
  store: KioskStore;
  /** The session is over (done, or consent declined): wipe it. */
  onExit: () => void;
  /** "Kembali" on the first screen: back to the service list, nothing kept. */
  onLeave: () => void;
  onHelp: () => void;
  /** Not saved: `disk_full` (below the floor, nothing written) or another failure. */
  onSaveFailed: (failure: Failure) => void;
  onReadingChange: (reading: boolean) => void;
  header?: React.ReactNode;
}) {
  const { definition, office, locale, t, store } = props;
  const [state, setState] = useState<SessionState>(() => startSession(definition, { now: new Date(), locale, office }));
  const [issues, setIssues] = useState<readonly StepIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<StoredSubmission | undefined>();
  const speech = useSpeech();
  const areas = useAreaState();

  const screen = currentStep(state);
  const { step } = screen;
  const stepPath = useMemo(() => (screen.entry === undefined ? [step.id] : [screen.entry.groupId, step.id]), [screen.entry, step.id]);
  const screenKey = `${screen.position.stepId}/${screen.position.instance ?? ''}/${state.status}`;

  // Speak the screen's prompt when it opens (not on every answer).
  const lastSpoken = useRef('');
  useEffect(() => {
    if (lastSpoken.current === screenKey) return;
    lastSpoken.current = screenKey;
    speech.playPrompt(state.status === 'declined' ? [] : promptKeys(definition.id, stepPath, step, screen.options));
  }, [screenKey, speech, definition.id, stepPath, step, screen.options, state.status]);

  // The draft: written behind the resident's taps (throttled), never waited for. Made in the effect
  // so StrictMode's mount → unmount → mount gets a live writer, and discarded when this flow goes.
  const drafts = useRef<DraftWriter | undefined>(undefined);
  useEffect(() => {
    const writer = createDraftWriter(store, {
      sessionId: uuidv7(),
      onError: (reason) => void store.bridge.invoke('log.report', { level: 'warn', event: 'draft.write_failed', detail: { reason } }),
    });
    drafts.current = writer;
    return () => {
      drafts.current = undefined;
      void writer.discard();
    };
  }, [store]);
  useEffect(() => {
    if (state.status === 'active') drafts.current?.write(state);
  }, [state]);

  const reading = step.kind !== 'group' && isReadingStep(step);
  const { onReadingChange } = props;
  useEffect(() => onReadingChange(reading), [onReadingChange, reading]);

  const move = (result: { state: SessionState; issues: StepIssue[] }) => {
    setState(result.state);
    setIssues(result.issues);
  };
  const onAnswer = (value: AnswerValue) => {
    setState((s) => answer(s, value, 'resident', new Date()));
    setIssues([]);
  };
  // With the area list loaded, a NIK from a district that no longer exists is kept with a warning
  // for the officer (a NIK issued before a district split); before that the check is skipped.
  const engineOptions: EngineOptions = areas.kind === 'ready' ? { districtExists: (code) => areas.index.place('district', code) !== undefined } : {};
  const onAnswerAndNext = (value: AnswerValue) => move(next(answer(state, value, 'resident', new Date()), engineOptions));
  const onNext = () => move(next(state, engineOptions));
  const onBack = () => {
    const previous = back(state);
    if (previous === state) props.onLeave();
    else move({ state: previous, issues: [] });
  };

  // A second tap on "Kirim" before the first save finishes must not save the application twice.
  const submitting = useRef(false);
  const onSubmit = () => {
    if (submitting.current) return;
    const built = buildSubmission(state, engineOptions);
    if (!built.ok) {
      setIssues(built.issues);
      return;
    }
    submitting.current = true;
    setSaving(true);
    void saveSubmission(store, built.value, new Date()).then((result) => {
      setSaving(false);
      if (!result.ok) {
        submitting.current = false;
        props.onSaveFailed(result.error);
        return;
      }
      // Saved: the answers are in the submission now; the draft has no more reason to exist.
      const writer = drafts.current;
      drafts.current = undefined;
      void writer?.discard();
      setSaved(result.value);
      move(next(state, engineOptions));
    });
  };

  const common: Omit<StepViewProps, 'step'> = {
    screen,
    serviceId: definition.id,
    stepPath,
    t,
    locale,
    value: screen.answer?.value,
    onAnswer,
    onAnswerAndNext,
    issues,
    feedback: speech.feedback,
  };

  let view: React.ReactNode;
  let primary: { key: MessageKey; onClick: () => void } | undefined = { key: 'nav.continue', onClick: onNext };
  if (state.status === 'declined' && step.kind === 'consent') {
    view = (
      <section className="screen" aria-labelledby="question">
        <h1 id="question" className="question">
          {pickText(step.title, locale)}
        </h1>
        <p className="body-text">{pickText(step.declined, locale)}</p>
      </section>
    );
    primary = { key: 'nav.finish', onClick: props.onExit };
  } else {
    switch (step.kind) {
      case 'info':
        view = <InfoStepView {...common} step={step} />;
        break;
      case 'choice':
        view = <ChoiceStepView {...common} step={step} />;
        primary = undefined;
        break;
      case 'keypad':
        view = <KeypadStepView {...common} step={step} />;
        break;
      case 'date':
        view = <DateStepView {...common} step={step} today={state.today} />;
        break;
      case 'region':
        view = <RegionStepView {...common} step={step} officeDistrictCode={state.officeDistrictCode} />;
        primary = undefined;
        break;
      case 'name':
        view = <NameStepView {...common} step={step} />;
        break;
      case 'checklist':
        view = <ChecklistStepView {...common} step={step} />;
        primary = undefined;
        break;
      case 'consent':
        view = <ConsentStepView {...common} step={step} />;
        primary = undefined;
        break;
      case 'group':
        view = (
          <GroupStepView
            {...common}
            step={step}
            entries={screen.hub?.entries ?? []}
            canAdd={screen.hub?.canAdd ?? false}
            canRemove={screen.hub?.canRemove ?? false}
            onAdd={() => move({ state: addGroupEntry(state, step.id), issues: [] })}
            onRemove={(key) => move({ state: removeGroupEntry(state, step.id, key), issues: [] })}
            onOpen={(key) => {
              const first = step.steps[0];
              if (first !== undefined) move({ state: goTo(state, first.id, key), issues: [] });
            }}
          />
        );
        break;
      case 'review':
        view = (
          <ReviewStepView
            {...common}
            step={step}
            items={reviewItems(state)}
            groups={definition.steps.filter((s) => s.kind === 'group')}
            describeAnswer={(item) =>
              item.step.kind === 'region' && typeof item.answer?.value === 'string' && areas.kind === 'ready'
                ? areas.index.place(item.step.level, item.answer.value)?.name
                : undefined
            }
            onEdit={(stepId, instance) => move({ state: goTo(state, stepId, instance), issues: [] })}
          />
        );
        break;
      case 'submit':
        view = <SubmitStepView {...common} step={step} busy={saving} onSubmit={onSubmit} />;
        primary = undefined;
        break;
      case 'done':
        view = (
          <DoneStepView {...common} step={step} trackingCode={saved?.trackingCode ?? ''} saved={saved?.state === 'saved' || saved === undefined ? 'kiosk' : 'office'} onFinish={props.onExit} />
        );
        primary = undefined;
        break;
      default:
        missingCase(step);
    }
  }

  const { index, total } = progress(state);
  const finished = state.status === 'submitted';
  return (
    <KioskFrame
      t={t}
      officeName={office.name}
      progress={t('flow.progress', { n: index, total })}
      onBack={finished ? undefined : onBack}
      onHelp={props.onHelp}
      primary={primary}
      header={props.header}
    >
      <div className="flow-screen" key={screenKey} data-step-kind={state.status === 'declined' ? 'declined' : step.kind} data-step-id={step.id} data-screen={screenKey}>
        {view}
        {issues.length > 0 && <StepIssues t={t} locale={locale} issues={issues} feedback={speech.feedback} step={step} />}
      </div>
    </KioskFrame>
  );
}
