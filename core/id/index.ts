/** Identity-number rules: pure functions, no I/O, safe in the renderer, the host and the central API. */
export type { Sex, NikInfo } from './nik';
export type { CalendarDate } from './calendar-date';
export type { IdIssueCode, IdIssue, IdCheck } from './id-issue';
export type { DistrictLookup } from './area-code';
export { parseNik, crossCheckNik } from './nik';
export { parseKk } from './kk';
export { checkBpjs } from './bpjs';
export { normalizePhone } from './phone';
export { createTrackingCode, checkTrackingCode } from './tracking-code';
export { formatIdIssue } from './format-id-issue';
