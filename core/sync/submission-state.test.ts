import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAtOffice, mergeState, stateRank, type LocalSubmissionState } from './submission-state';

const STATES: LocalSubmissionState[] = ['saved', 'received', 'processed', 'rejected'];

describe('monotonic state merge', () => {
  it('moves forward: saved → received → processed | rejected', () => {
    expect(mergeState('saved', 'received')).toBe('received');
    expect(mergeState('received', 'processed')).toBe('processed');
    expect(mergeState('saved', 'rejected')).toBe('rejected');
  });

  it('ignores a late "received" after "processed", and never goes back to saved', () => {
    expect(mergeState('processed', 'received')).toBe('processed');
    expect(mergeState('rejected', 'saved')).toBe('rejected');
    expect(mergeState('received', 'saved')).toBe('received');
  });

  it('keeps the first final state heard', () => {
    expect(mergeState('processed', 'rejected')).toBe('processed');
    expect(mergeState('rejected', 'processed')).toBe('rejected');
  });

  it('whatever the order of arrival, the rank never decreases and ends at the highest heard', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATES), { maxLength: 30 }), (events) => {
        let state: LocalSubmissionState = 'saved';
        for (const event of events) {
          const next = mergeState(state, event);
          if (stateRank(next) < stateRank(state)) return false;
          state = next;
        }
        return stateRank(state) === Math.max(0, ...events.map(stateRank));
      }),
    );
  });

  it('says "at the office" from received on', () => {
    expect(STATES.map(isAtOffice)).toEqual([false, true, true, true]);
  });
});
