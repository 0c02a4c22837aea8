import { Delete } from 'lucide-react';
import type { Feedback } from '../flow/step-view';
import type { Translate } from '../i18n/messages';
import './letter-keyboard.css';

/**
 * The kiosk's only way to type words (names, a village to search for): large keys, no physical
 * keyboard, no system on-screen keyboard.
 *
 * Letters are in ABC order, not QWERTY: many residents have never used a keyboard, and they find a
 * letter faster by reciting the alphabet than by learning a layout made for typewriters. Seven keys
 * a row keeps the keyboard narrow enough to sit beside six search results on a 1920 px screen.
 *
 * Letters are typed in capitals, as names are written on the KTP. The typed text is shown above the
 * keys in a live region, so a screen reader announces each change.
 */
export type LetterKeyboardKey = { kind: 'insert'; char: string } | { kind: 'delete' };

export type LetterKeyboardProps = {
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  feedback: Feedback;
  t: Translate;
  /** Called on every press, after `onChange`, also when the press changed nothing (a second space). */
  onKey?: (key: LetterKeyboardKey) => void;
  /** Names the text box for screen readers, e.g. "Ketik nama desa". */
  label?: string;
  /** Shown (not announced) in the empty box. */
  placeholder?: string;
};

const ROWS: readonly (readonly string[])[] = [
  ['A', 'B', 'C', 'D', 'E', 'F', 'G'],
  ['H', 'I', 'J', 'K', 'L', 'M', 'N'],
  ['O', 'P', 'Q', 'R', 'S', 'T', 'U'],
  ['V', 'W', 'X', 'Y', 'Z', "'", '-'],
];

/**
 * The speech clip for each key (DOMAIN.md §5: every key press is echoed): `ui.` + the locale key of
 * its label (key.space, key.delete, key.apostrophe, key.hyphen); letters are `ui.letter.a`…`z`,
 * which scripts/audio builds in.
 */
export function keyEchoKey(key: LetterKeyboardKey): string {
  if (key.kind === 'delete') return 'ui.key.delete';
  if (key.char === ' ') return 'ui.key.space';
  if (key.char === "'") return 'ui.key.apostrophe';
  if (key.char === '-') return 'ui.key.hyphen';
  return `ui.letter.${key.char.toLowerCase()}`;
}

/**
 * The text after a key press. A space is not typed at the start or after another space (both are
 * invisible, so the resident could not see why the name looks wrong); nothing is typed past maxLength.
 */
export function applyKey(value: string, key: LetterKeyboardKey, maxLength: number): string {
  if (key.kind === 'delete') return value.slice(0, -1);
  if (value.length >= maxLength) return value;
  if (key.char === ' ' && (value === '' || value.endsWith(' '))) return value;
  return value + key.char;
}

export function LetterKeyboard(props: LetterKeyboardProps) {
  const { value, maxLength, t } = props;
  const full = value.length >= maxLength;
  const press = (key: LetterKeyboardKey) => {
    props.feedback.echo(keyEchoKey(key));
    const next = applyKey(value, key, maxLength);
    if (next !== value) props.onChange(next);
    props.onKey?.(key);
  };
  const charKey = (char: string, name?: string) => (
    <button key={char} type="button" className="button button-secondary lk-key" aria-label={name} disabled={full} onClick={() => press({ kind: 'insert', char })}>
      {char}
    </button>
  );
  return (
    <div className="lk">
      <output className="lk-display" aria-live="polite" aria-label={props.label}>
        {value === '' && props.placeholder !== undefined ? (
          <span className="lk-placeholder" aria-hidden="true">
            {props.placeholder}
          </span>
        ) : (
          <span className="lk-text">{value}</span>
        )}
        <span className="lk-caret" aria-hidden="true" />
      </output>
      <div className="lk-keys" role="group" aria-label={t('keyboard.label')}>
        {ROWS.flat().map((char) =>
          char === "'" ? charKey(char, t('key.apostrophe')) : char === '-' ? charKey(char, t('key.hyphen')) : charKey(char),
        )}
        <button type="button" className="button button-secondary lk-key lk-space" disabled={full} onClick={() => press({ kind: 'insert', char: ' ' })}>
          {t('key.space')}
        </button>
        <button type="button" className="button lk-key lk-delete" disabled={value === ''} onClick={() => press({ kind: 'delete' })}>
          <Delete size={40} aria-hidden="true" />
          <span>{t('key.delete')}</span>
        </button>
      </div>
    </div>
  );
}
