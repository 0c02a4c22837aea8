import { describe, expect, it } from 'vitest';
import { statusByte, type PrinterState } from '../../../../tests/support/escpos/virtual-printer';
import { conditionOf } from './status';

const FINE: PrinterState = { paperLines: undefined, paperLow: false, coverOpen: false, answersStatus: true, dropAfterBytes: undefined };
const answer = (state: PrinterState) => Uint8Array.of(statusByte(1, state), statusByte(2, state), statusByte(4, state));

describe('conditionOf (DLE EOT 1, 2, 4)', () => {
  it('reads ready, paper low, paper out, cover open, and an error', () => {
    expect(conditionOf(answer(FINE))).toMatchObject({ state: 'ready', reason: null });
    expect(conditionOf(answer({ ...FINE, paperLow: true }))).toMatchObject({ state: 'warning', reason: 'paper_low' });
    expect(conditionOf(answer({ ...FINE, paperLines: 0 }))).toMatchObject({ state: 'error', reason: 'paper_out', detail: 'Paper is out: put in a new roll.' });
    // With the cover open many printers also see no paper: the cover is what to fix first.
    expect(conditionOf(answer({ ...FINE, coverOpen: true, paperLines: 0 }))).toMatchObject({ state: 'error', reason: 'cover_open' });
    expect(conditionOf(Uint8Array.of(0x12, 0x12 | 0x40, 0x12))).toMatchObject({ state: 'error', reason: 'offline' });
    expect(conditionOf(Uint8Array.of(0x12 | 0x08, 0x12, 0x12))).toMatchObject({ state: 'error', reason: 'offline' });
  });

  it('does not take bytes that are not status answers for one', () => {
    expect(conditionOf(Uint8Array.of(0x41, 0x42, 0x43))).toMatchObject({ state: 'error', reason: 'no_answer', detail: expect.stringContaining('41 42 43') });
    expect(conditionOf(Uint8Array.of(0x12, 0x12))).toMatchObject({ state: 'error', reason: 'no_answer' });
  });
});
