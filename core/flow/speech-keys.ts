/**
 * Every text a service can show has a speech key, so each can have a recorded clip per language
 * (`kiosk-config/audio/<locale>/<key>.<ext>`). Keys follow the definition's structure by ids, not
 * positions, so reordering steps or options keeps their clips:
 *
 *   svc.sktm.title                               the service's own fields
 *   svc.sktm.steps.purpose.question              a step's text
 *   svc.sktm.steps.purpose.options.school.label  a choice option (by its value)
 *   svc.sktm.steps.documents.items.0.label       a checklist item (by position: items have no id)
 *   svc.kk.steps.household.steps.name.question   a step inside a group
 */
import { pickText, type Locale, type LocalizedText } from '../config/locale';
import type { ServiceDefinition } from './service-definition';
import type { ChoiceOption, GroupChildStep, Step } from './step';

export type SpeechText = { key: string; text: LocalizedText };

const isLocalizedText = (value: unknown): value is LocalizedText =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { id?: unknown }).id === 'string' &&
  Object.entries(value).every(([k, v]) => (k === 'id' || k === 'en') && typeof v === 'string');

/** The segment naming an array element: its id or value when it has one, else its position. */
function segmentOf(element: unknown, index: number): string {
  if (typeof element === 'object' && element !== null) {
    const { id, value } = element as { id?: unknown; value?: unknown };
    if (typeof id === 'string' && 'kind' in element) return id;
    if (typeof value === 'string') return value;
  }
  return String(index);
}

function walk(node: unknown, key: string, out: SpeechText[]) {
  if (isLocalizedText(node)) {
    out.push({ key, text: node });
  } else if (Array.isArray(node)) {
    node.forEach((element, index) => walk(element, `${key}.${segmentOf(element, index)}`, out));
  } else if (typeof node === 'object' && node !== null) {
    for (const [field, value] of Object.entries(node)) {
      if (field === 'when' || field === 'validate') continue;
      walk(value, `${key}.${field}`, out);
    }
  }
}

/**
 * What the clip of a service text says in `locale`: the text the screen shows (Bahasa Indonesia
 * where there is no translation), without placeholders (a clip cannot say a value), tidied so no
 * space is left before punctuation. The audio generator makes and hashes clips from exactly this,
 * and the player compares that hash to tell a current clip from one of an older text.
 */
export function spokenText(text: LocalizedText, locale: Locale): string {
  return pickText(text, locale)
    .replace(/\{\w+\}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/\s+([.,!?…:;])/gu, '$1')
    .trim();
}

/** Every spoken text of a service, with its key. */
export function serviceSpeechTexts(definition: ServiceDefinition): SpeechText[] {
  const out: SpeechText[] = [];
  walk(definition, `svc.${definition.id}`, out);
  return out;
}

export const stepKey = (serviceId: string, stepPath: readonly string[], field: string) => `svc.${serviceId}.steps.${stepPath.join('.steps.')}.${field}`;

export const optionKey = (serviceId: string, stepPath: readonly string[], option: ChoiceOption) =>
  `svc.${serviceId}.steps.${stepPath.join('.steps.')}.options.${option.value}.label`;

/**
 * What is said when a screen opens, in order: its heading or question, then the help line or body,
 * then for a choice each offered option (residents who cannot read hear all the choices).
 */
export function promptKeys(serviceId: string, stepPath: readonly string[], step: Step | GroupChildStep, offered?: readonly ChoiceOption[]): string[] {
  const key = (field: string) => stepKey(serviceId, stepPath, field);
  const has = (field: string) => isLocalizedText((step as unknown as Record<string, unknown>)[field]);
  const keys: string[] = [];
  for (const field of ['title', 'question', 'hint', 'body', 'data', 'purpose', 'retention']) if (has(field)) keys.push(key(field));
  if (step.kind === 'choice') for (const option of offered ?? step.options) keys.push(optionKey(serviceId, stepPath, option));
  if (step.kind === 'checklist') step.items.forEach((_, i) => keys.push(key(`items.${i}.label`)));
  return keys;
}
