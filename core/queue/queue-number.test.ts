import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueConfig, type QueueConfigInput } from '../config/office-config';
import { centralNumber, kioskNumberText, laneFor, officeDay, parseQueueNumber } from './queue-number';

const loket = (n: number | string) => ({ id: `Loket ${n}`, en: `Desk ${n}` });
const tigaraksa: QueueConfigInput = {
  desks: [
    { id: 'civil-registration', letter: 'A', counter: loket(1) },
    { id: 'letters', letter: 'B', counter: loket(2), priority: { letter: 'Q', counter: loket(2) } },
    { id: 'collect', letter: 'C', counter: loket(3) },
    { id: 'information', letter: 'C', counter: loket(3) },
  ],
  priority: { letter: 'P', counter: loket('Prioritas') },
};

describe('queue numbers as written on a ticket', () => {
  it('writes central numbers with at least three digits, kiosk numbers with K and the kiosk number', () => {
    expect(centralNumber('A', 12)).toBe('A-012');
    expect(centralNumber('P', 3)).toBe('P-003');
    expect(centralNumber('A', 1000)).toBe('A-1000');
    expect(kioskNumberText('A', 2, 5)).toBe('A-K2-005');
    expect(kioskNumberText('C', 14, 120)).toBe('C-K14-120');
  });

  it('reads back exactly what it writes, and tells the two kinds apart', () => {
    fc.assert(
      fc.property(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.integer({ min: 1, max: 9_999 }), fc.integer({ min: 1, max: 999 }), (letter, sequence, kiosk) => {
        expect(parseQueueNumber(centralNumber(letter, sequence))).toEqual({ source: 'central', letter, sequence });
        expect(parseQueueNumber(kioskNumberText(letter, kiosk, sequence))).toEqual({ source: 'kiosk', letter, kioskNumber: kiosk, sequence });
        // A kiosk's number can never be read as a central one, nor the reverse.
        expect(kioskNumberText(letter, kiosk, sequence)).not.toBe(centralNumber(letter, sequence));
      }),
    );
  });

  it('refuses other spellings of a number, zero and anything else', () => {
    for (const text of ['A-12', 'A-0012', 'A-000', 'a-012', 'AB-012', 'A012', 'A-K0-001', 'A-K02-001', 'A-K2-01', 'A-K1000-001', 'A-10000', '', 'K-K-001']) {
      expect(parseQueueNumber(text), text).toBeNull();
    }
  });
});

describe('the office day', () => {
  it("is the calendar day in the office's time zone, turning at local midnight", () => {
    // 16:59 UTC is 23:59 WIB, 00:59 WITA, 01:59 WIT.
    const at = new Date('2026-03-02T16:59:00Z');
    expect(officeDay(at, 'Asia/Jakarta')).toBe('2026-03-02');
    expect(officeDay(at, 'Asia/Makassar')).toBe('2026-03-03');
    expect(officeDay(at, 'Asia/Jayapura')).toBe('2026-03-03');
    expect(officeDay(new Date('2026-03-02T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-03-03');
    expect(officeDay(new Date('2026-12-31T16:59:59Z'), 'Asia/Jakarta')).toBe('2026-12-31');
  });
});

describe('the lane a desk numbers its tickets in', () => {
  const queue = QueueConfig.parse(tigaraksa);

  it("is the desk's letter, its own priority lane, else the office's priority lane", () => {
    expect(laneFor(queue, 'civil-registration', false)).toEqual({ letter: 'A', counter: loket(1), priority: false });
    expect(laneFor(queue, 'civil-registration', true)).toEqual({ letter: 'P', counter: loket('Prioritas'), priority: true });
    expect(laneFor(queue, 'letters', true)).toEqual({ letter: 'Q', counter: loket(2), priority: true });
    expect(laneFor(queue, 'information', false)).toEqual({ letter: 'C', counter: loket(3), priority: false });
    expect(laneFor(queue, 'passport', false)).toBeUndefined();
  });

  it("is the desk's own lane for a priority ticket where the office has no priority lane", () => {
    const plain = QueueConfig.parse({ desks: [{ id: 'all', letter: 'A', counter: loket(1) }] });
    expect(laneFor(plain, 'all', true)).toEqual({ letter: 'A', counter: loket(1), priority: false });
  });
});

describe('office queue configuration', () => {
  const problems = (input: unknown) => {
    const parsed = QueueConfig.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it("accepts Tigaraksa's desks, and fills in the service and step ids", () => {
    expect(QueueConfig.parse(tigaraksa)).toMatchObject({ service: 'nomor-antrian', deskStep: 'desk', priorityStep: 'priority', priorityValue: 'yes' });
  });

  it('refuses a desk listed twice, one letter called at two counters, and a letter that is both regular and priority', () => {
    const desks = tigaraksa.desks;
    expect(problems({ ...tigaraksa, desks: [...desks, { id: 'letters', letter: 'D', counter: loket(4) }] })).toEqual(['desks.4.id: Desk letters is listed twice']);
    expect(problems({ ...tigaraksa, desks: [...desks, { id: 'pay', letter: 'C', counter: loket(4) }] })).toEqual([
      'desks.4.counter: Lane C is called at one counter: use the same counter text as desks.2',
    ]);
    expect(problems({ ...tigaraksa, priority: { letter: 'A', counter: loket(1) } })).toEqual(['priority.letter: Letter A is already a regular lane (desks.0): a lane is one or the other']);
    expect(problems({ ...tigaraksa, desks: [{ id: 'x', letter: 'AB', counter: loket(1) }] })).toEqual(['desks.0.letter: One capital letter, A to Z']);
  });
});
