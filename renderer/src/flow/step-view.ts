import type { Locale } from '../../../core/config/locale';
import type { AnswerValue, Screen, StepIssue } from '../../../core/flow/engine';
import type { GroupChildStep, Step } from '../../../core/flow/step';
import type { Translate } from '../i18n/messages';

/**
 * What every step view gets from the flow runner. A view shows one screen and reports answers;
 * it never moves through the flow itself (the runner owns "Lanjut", "Kembali" and the engine).
 */
export type StepViewProps<S extends Step | GroupChildStep = Step | GroupChildStep> = {
  step: S;
  screen: Screen;
  serviceId: string;
  /** Ids of the enclosing steps and this one, e.g. ['household', 'name']: the speech-key path. */
  stepPath: readonly string[];
  t: Translate;
  locale: Locale;
  /** The stored answer, pre-selected when the resident comes back. */
  value: AnswerValue | undefined;
  /** Stores an answer without moving on (keypad, date, name: the resident then taps Lanjut). */
  onAnswer: (value: AnswerValue) => void;
  /** Stores an answer and moves on at once (a choice is one tap). */
  onAnswerAndNext: (value: AnswerValue) => void;
  /** Problems with this screen's answer after the last "Lanjut", already shown by the runner too. */
  issues: readonly StepIssue[];
  feedback: Feedback;
};

/**
 * Audible feedback for touches (DOMAIN.md §5: every key press and choice is echoed). Keys are
 * speech keys (core/flow/speech-keys.ts for service texts; `ui.*` for the kiosk's own words).
 */
export type Feedback = {
  /** Says one short clip, cutting off whatever was playing. */
  echo: (key: string) => void;
};
