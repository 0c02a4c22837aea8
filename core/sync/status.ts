/**
 * What the sync engine tells the screens, and which words say it. The words themselves live in
 * kiosk-config/locales (keys below, `sync.*`); the renderer checks at compile time that every key
 * named here exists. Plain words for officers and IT; never a status code or a stack trace.
 */
import { missingCase } from '../contract/result';
import { isOverdue, type OverdueRule } from './overdue';

export type SyncPhase =
  | 'idle' // the last round went through; waiting for the next
  | 'syncing' // a round is running
  | 'offline' // the server could not be reached: data waits safely on the kiosk
  | 'not_enrolled' // no device identity: IT has to enrol the kiosk (`npm run kiosk -- enrol`)
  | 'error'; // the server answered, but not with what sync needs (see lastError)

export type SyncErrorCode =
  | 'network' // no connection, DNS, TLS, timeout, connection dropped mid-answer
  | 'server' // 5xx, or a passing fault
  | 'busy' // 429 / 503: the server asked the kiosk to wait
  | 'garbage' // the answer did not match the contract
  | 'clock_skew'
  | 'unauthorized' // 401 / 403: the device must be enrolled again
  | 'refused' // 4xx the kiosk cannot fix by retrying (versions of kiosk and server disagree)
  | 'not_enrolled'
  | 'host' // the host (bridge) did not answer: identity, signing
  | 'internal'; // a bug in the kiosk; details in the host log

export type SyncError = { code: SyncErrorCode; at: string; detail: string };

/** Why the last catalogue offered by the server was not taken; the last good one stays in use. */
export type CatalogueProblem =
  | 'signature' // the Ed25519 signature does not match: tampered with, or another server's key
  | 'garbage' // not a signed catalogue at all
  | 'no_key' // the kiosk has no server public key to check with
  | 'office' // signed, but for another office
  | 'older'; // signed, but older than the one in use (a replayed old catalogue)

export type SyncStatus = {
  phase: SyncPhase;
  /** Submissions not yet received by the office (including held ones). */
  pending: number;
  /** When the oldest of them was saved; null when none waits. */
  oldestPendingAt: string | null;
  /** End of the last round that went through completely. */
  lastSuccessAt: string | null;
  /** Cleared by the next complete round. */
  lastError: SyncError | null;
  overdue: boolean;
  /** Server minus kiosk clock, when it is far enough off to matter; null otherwise. */
  clockSkewSeconds: number | null;
  catalogue: { version: string | null; verifiedAt: string | null; problem: CatalogueProblem | null };
  /** For officers: tracking codes only (no personal data), capped at ATTENTION_LIST_MAX. */
  attention: {
    /** Refused by the server as invalid; kept on the kiosk, not retried. */
    held: number;
    heldCodes: string[];
    /** Uploaded twice with different content; the office kept both versions. */
    conflicts: number;
    conflictCodes: string[];
  };
};

export const ATTENTION_LIST_MAX = 20;

export const INITIAL_STATUS: SyncStatus = {
  phase: 'syncing',
  pending: 0,
  oldestPendingAt: null,
  lastSuccessAt: null,
  lastError: null,
  overdue: false,
  clockSkewSeconds: null,
  catalogue: { version: null, verifiedAt: null, problem: null },
  attention: { held: 0, heldCodes: [], conflicts: 0, conflictCodes: [] },
};

export function withOverdue(status: SyncStatus, rule: OverdueRule, nowMs: number): SyncStatus {
  return { ...status, overdue: isOverdue(status, rule, nowMs) };
}

// ---------------------------------------------------------------------------------------------
// Words

export type TextRef<K extends string> = { key: K; params?: Record<string, string | number> };

/** The resident's view: calm, two states and a moment of sending; never a warning. */
export type IndicatorKey = 'sync.indicator.connected' | 'sync.indicator.sending' | 'sync.indicator.later';
export type IndicatorTone = 'connected' | 'waiting';

export function indicatorKey(status: SyncStatus): IndicatorKey {
  if (status.phase === 'syncing' && status.pending > 0) return 'sync.indicator.sending';
  return indicatorTone(status) === 'connected' ? 'sync.indicator.connected' : 'sync.indicator.later';
}

export function indicatorTone(status: SyncStatus): IndicatorTone {
  const reachable = status.phase === 'idle' || (status.phase === 'syncing' && status.lastError === null);
  return reachable && status.lastSuccessAt !== null && status.pending === 0 ? 'connected' : 'waiting';
}

export type ErrorKey =
  | 'sync.error.network'
  | 'sync.error.server'
  | 'sync.error.busy'
  | 'sync.error.garbage'
  | 'sync.error.clockSkew'
  | 'sync.error.clockSkewUnknown'
  | 'sync.error.unauthorized'
  | 'sync.error.refused'
  | 'sync.error.notEnrolled'
  | 'sync.error.host'
  | 'sync.error.internal';

/** The last error in plain words, with what to do about it. */
export function errorText(status: SyncStatus): TextRef<ErrorKey> | null {
  const error = status.lastError;
  if (error === null) return null;
  switch (error.code) {
    case 'network':
      return { key: 'sync.error.network' };
    case 'server':
      return { key: 'sync.error.server' };
    case 'busy':
      return { key: 'sync.error.busy' };
    case 'garbage':
      return { key: 'sync.error.garbage' };
    case 'clock_skew':
      return clockText(status.clockSkewSeconds) ?? { key: 'sync.error.clockSkewUnknown' };
    case 'unauthorized':
      return { key: 'sync.error.unauthorized' };
    case 'refused':
      return { key: 'sync.error.refused' };
    case 'not_enrolled':
      return { key: 'sync.error.notEnrolled' };
    case 'host':
      return { key: 'sync.error.host' };
    case 'internal':
      return { key: 'sync.error.internal' };
    default:
      return missingCase(error.code);
  }
}

/** "Jam kiosk selisih 7 menit dari server. Minta petugas TI memperbaiki jam." */
export function clockText(skewSeconds: number | null): TextRef<'sync.error.clockSkew'> | null {
  if (skewSeconds === null) return null;
  return { key: 'sync.error.clockSkew', params: { minutes: Math.max(1, Math.round(Math.abs(skewSeconds) / 60)) } };
}

export type AgeKey = 'sync.ago.now' | 'sync.ago.minutes' | 'sync.ago.hours' | 'sync.ago.days';

/** "baru saja", "5 menit lalu", "3 jam lalu", "4 hari lalu". A time in the future reads as now. */
export function ageText(atIso: string, nowMs: number): TextRef<AgeKey> {
  const at = Date.parse(atIso);
  const seconds = Number.isNaN(at) ? 0 : Math.max(0, (nowMs - at) / 1000);
  if (seconds < 60) return { key: 'sync.ago.now' };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { key: 'sync.ago.minutes', params: { n: minutes } };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { key: 'sync.ago.hours', params: { n: hours } };
  return { key: 'sync.ago.days', params: { n: Math.floor(hours / 24) } };
}

export type OverdueKey = 'sync.overdue.days' | 'sync.overdue.hours' | 'sync.overdue.count';

/** "Ada 612 permohonan belum terkirim sejak 4 hari. Hubungi TI." — null when not overdue. */
export function overdueText(status: SyncStatus, nowMs: number): TextRef<OverdueKey> | null {
  if (!status.overdue || status.pending === 0) return null;
  const at = status.oldestPendingAt === null ? Number.NaN : Date.parse(status.oldestPendingAt);
  const hours = Number.isNaN(at) ? 0 : Math.floor(Math.max(0, nowMs - at) / 3_600_000);
  if (hours >= 24) return { key: 'sync.overdue.days', params: { n: status.pending, days: Math.floor(hours / 24) } };
  if (hours >= 1) return { key: 'sync.overdue.hours', params: { n: status.pending, hours } };
  return { key: 'sync.overdue.count', params: { n: status.pending } };
}

export type CatalogueProblemKey =
  | 'sync.catalogue.problem.signature'
  | 'sync.catalogue.problem.garbage'
  | 'sync.catalogue.problem.noKey'
  | 'sync.catalogue.problem.office'
  | 'sync.catalogue.problem.older';

export function catalogueProblemKey(problem: CatalogueProblem): CatalogueProblemKey {
  switch (problem) {
    case 'signature':
      return 'sync.catalogue.problem.signature';
    case 'garbage':
      return 'sync.catalogue.problem.garbage';
    case 'no_key':
      return 'sync.catalogue.problem.noKey';
    case 'office':
      return 'sync.catalogue.problem.office';
    case 'older':
      return 'sync.catalogue.problem.older';
    default:
      return missingCase(problem);
  }
}

