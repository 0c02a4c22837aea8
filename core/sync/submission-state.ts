/**
 * Where a submission is, as the kiosk knows it. Answers from the server arrive out of order (an
 * upload's "received" after a status page already said "processed", a page fetched twice after a
 * crash), so the state only ever moves forward: a late "received" never undoes "processed".
 */
import { missingCase } from '../contract/result';

export type LocalSubmissionState = 'saved' | 'received' | 'processed' | 'rejected';

/** processed and rejected are both final and equal in rank: the office acted, one way or the other. */
export function stateRank(state: LocalSubmissionState): number {
  switch (state) {
    case 'saved':
      return 0;
    case 'received':
      return 1;
    case 'processed':
    case 'rejected':
      return 2;
    default:
      return missingCase(state);
  }
}

/**
 * The state after hearing `incoming`: the later of the two. Between the two final states the first
 * one heard stands; the server never moves a submission from processed to rejected (its
 * transition endpoint only starts from received), so a disagreement can only be a stale echo.
 */
export function mergeState(current: LocalSubmissionState, incoming: LocalSubmissionState): LocalSubmissionState {
  return stateRank(incoming) > stateRank(current) ? incoming : current;
}

/** True once the office holds it durably: the resident can be told "Sudah diterima kantor". */
export const isAtOffice = (state: LocalSubmissionState): boolean => stateRank(state) >= 1;

