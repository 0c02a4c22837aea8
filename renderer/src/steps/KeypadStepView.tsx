import { Check, Delete } from 'lucide-react';
import { useId, useState } from 'react';
import { pickText } from '../../../core/config/locale';
import { keypadLength, type KeypadStep } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import type { MessageKey } from '../i18n/messages';
import { digitGroupSizes, digitGroups } from './format-answer';
import { StepHeading } from './StepHeading';
import { uiKey } from './ui-key';
import './steps.css';

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
] as const;

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

/**
 * Digits on a telephone-style keypad (the layout every ATM and phone taught). The number is shown
 * in the groups printed on the card, with a box per digit when the length is fixed, so "12 dari 16
 * angka" can be seen as well as read. Every change is stored at once; OK also moves on.
 */
export function KeypadStepView(props: StepViewProps<KeypadStep>) {
  const { step, t, locale, feedback } = props;
  const headingId = useId();
  const { min, max } = keypadLength(step);
  const [digits, setDigits] = useState(() => (typeof props.value === 'string' ? props.value.replace(/\D/gu, '').slice(0, max) : ''));

  const change = (next: string) => {
    setDigits(next);
    props.onAnswer(next);
  };
  const press = (digit: Digit) => {
    if (digits.length >= max) {
      feedback.echo(uiKey('keypad.full'));
      return;
    }
    feedback.echo(uiKey(`digit.${digit}` satisfies MessageKey));
    change(digits + digit);
  };
  const erase = () => {
    feedback.echo(uiKey('key.delete'));
    change(digits.slice(0, -1));
  };

  const fixed = min === max;
  const invalid = props.issues.length > 0;
  return (
    <section className="step step-keypad" aria-labelledby={headingId}>
      <div className="keypad-entry">
        <StepHeading id={headingId} text={pickText(step.question, locale)} hint={step.hint === undefined ? undefined : pickText(step.hint, locale)} />
        <div className={`keypad-display ${invalid ? 'is-invalid' : ''}`}>
          {fixed ? <DigitBoxes digits={digits} sizes={digitGroupSizes(step.format, max)} /> : <DigitText digits={digits} groups={digitGroups(digits, step.format)} empty={t('keypad.empty')} />}
        </div>
        <p className="keypad-count" aria-live="polite">
          {fixed ? t('keypad.count', { n: digits.length, total: max }) : t('keypad.countRange', { n: digits.length, min, max })}
        </p>
      </div>
      <div className="keypad" role="group" aria-label={t('keypad.label')}>
        {ROWS.map((row) =>
          row.map((digit) => (
            <button key={digit} type="button" className="button button-secondary keypad-key" onClick={() => press(digit)}>
              {digit}
            </button>
          )),
        )}
        <button type="button" className="button button-secondary keypad-key keypad-key-word" onClick={erase}>
          <Delete size={40} aria-hidden="true" />
          <span>{t('key.delete')}</span>
        </button>
        <button type="button" className="button button-secondary keypad-key" onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="button keypad-key keypad-key-word"
          onClick={() => {
            feedback.echo(uiKey('keypad.ok'));
            props.onAnswerAndNext(digits);
          }}
        >
          <Check size={40} aria-hidden="true" />
          <span>{t('keypad.ok')}</span>
        </button>
      </div>
    </section>
  );
}

/** One box per digit, in the card's groups; empty boxes show where the rest will go. */
function DigitBoxes({ digits, sizes }: { digits: string; sizes: readonly number[] }) {
  const starts = sizes.map((_, g) => sizes.slice(0, g).reduce((sum, n) => sum + n, 0));
  return (
    <span className="digit-groups">
      {sizes.map((size, g) => {
        const start = starts[g] ?? 0;
        return (
          <span key={g} className="digit-group">
            {Array.from({ length: size }, (_, i) => {
              const digit = digits[start + i];
              return digit === undefined ? (
                <span key={i} className="digit-box is-empty" aria-hidden="true" />
              ) : (
                <span key={i} className="digit-box">
                  {digit}
                </span>
              );
            })}
          </span>
        );
      })}
    </span>
  );
}

function DigitText({ digits, groups, empty }: { digits: string; groups: readonly string[]; empty: string }) {
  if (digits.length === 0) return <span className="digit-text is-empty">{empty}</span>;
  return (
    <span className="digit-groups">
      {groups.map((group, g) => (
        <span key={g} className="digit-text">
          {group}
        </span>
      ))}
    </span>
  );
}
