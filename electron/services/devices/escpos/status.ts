import type { DeviceReason, DeviceState } from '../../../../core/contract/devices';

/**
 * ESC/POS real-time status (DLE EOT n): the printer answers each question with one byte at once,
 * even while it is offline or printing, which is what lets the kiosk say "paper out" instead of
 * waiting. Bits per Epson's ESC/POS reference; the cheap compatible printers follow it.
 *
 *   n = 1 printer:       bit 3 offline
 *   n = 2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped at paper end, bit 6 error
 *   n = 4 paper sensor:  bits 2-3 paper near its end, bits 5-6 paper end
 * Every answer has bits 1 and 4 set and bits 0 and 7 clear; anything else is not an answer.
 */
const DLE = 0x10;
const EOT = 0x04;
export const STATUS_QUESTIONS = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 4);
export const STATUS_ANSWER_BYTES = 3;

export type Condition = { state: Extract<DeviceState, 'ready' | 'warning' | 'error'>; reason: DeviceReason | null; detail: string };

export const READY: Condition = { state: 'ready', reason: null, detail: 'Ready' };

const isAnswer = (byte: number | undefined): byte is number => byte !== undefined && (byte & 0b1001_0011) === 0b0001_0010;

export function conditionOf(answer: Uint8Array): Condition {
  const [printer, offline, paper] = answer;
  if (!isAnswer(printer) || !isAnswer(offline) || !isAnswer(paper)) {
    const bytes = [...answer].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { state: 'error', reason: 'no_answer', detail: `The printer's status answer (${bytes}) is not ESC/POS: is this a receipt printer, and is readStatus right for it?` };
  }
  // Cover first: with the cover open the paper sensor reads "no paper" on many printers.
  if ((offline & 0x04) !== 0) return { state: 'error', reason: 'cover_open', detail: 'The printer cover is open: close it firmly.' };
  if ((paper & 0x60) !== 0 || (offline & 0x20) !== 0) return { state: 'error', reason: 'paper_out', detail: 'Paper is out: put in a new roll.' };
  if ((offline & 0x40) !== 0) {
    return { state: 'error', reason: 'offline', detail: 'The printer reports an error (often paper jammed at the cutter): open the cover, clear it and close it.' };
  }
  if ((printer & 0x08) !== 0) return { state: 'error', reason: 'offline', detail: 'The printer is offline: is the feed button held, or is it paused?' };
  if ((paper & 0x0c) !== 0) return { state: 'warning', reason: 'paper_low', detail: 'Paper is running low: have a new roll ready.' };
  return READY;
}
