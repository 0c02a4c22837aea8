/**
 * What the identity-number checks can report. Issues carry a code and, at most, counts and date
 * parts: never the number itself, because messages end up in logs, on screens others can see, and
 * in spoken audio.
 */

export type IdIssueCode =
  | 'nik.length'
  | 'nik.digits'
  | 'nik.area'
  | 'nik.bad_date'
  | 'nik.future_date'
  | 'nik.serial'
  // A WARNING: a NIK issued before a district split can carry a code that no longer exists.
  | 'nik.unknown_district'
  | 'nik.birthdate_mismatch'
  | 'nik.sex_mismatch'
  | 'kk.length'
  | 'kk.digits'
  | 'kk.area'
  | 'kk.bad_date'
  | 'kk.future_date'
  | 'kk.serial'
  | 'kk.unknown_district'
  | 'bpjs.length'
  | 'bpjs.digits'
  | 'phone.prefix'
  | 'phone.length'
  | 'phone.digits'
  | 'tracking.format'
  | 'tracking.check';

export type IdIssue = { code: IdIssueCode; params?: Record<string, string | number> };

/**
 * `warnings` exist because some findings must reach the officer without blocking the resident
 * (an old NIK from before a district split is still a valid NIK).
 */
export type IdCheck<T> = { ok: true; value: T; warnings: IdIssue[] } | { ok: false; issues: IdIssue[] };

export const passed = <T>(value: T, warnings: IdIssue[] = []): IdCheck<T> => ({ ok: true, value, warnings });

export const failed = <T>(issues: IdIssue[]): IdCheck<T> => ({ ok: false, issues });

export const issue = (code: IdIssueCode, params?: IdIssue['params']): IdIssue =>
  params === undefined ? { code } : { code, params };
