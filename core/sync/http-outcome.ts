/**
 * What an answer from the central API means for the sync engine: go on, try again (now or after
 * the server's Retry-After), give up on this request (the server will never take it as it is),
 * fix the clock, or re-enrol. The engine decides the wait; this decides the kind.
 */
import { ApiError } from '../contract/central-api';
import type { CentralReply } from '../contract/journal-upload';

export type HttpAnswer = {
  status: number;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  /** The Date header, if any: a second opinion on the server's clock when the body has none. */
  date: string | null;
};

export type HttpVerdict =
  /** 2xx or 304: the caller parses the body (garbage there is its own verdict, `retry`). */
  | { kind: 'ok' }
  /** A passing fault (5xx, a timeout at a proxy, a reused nonce): back off and retry. */
  | { kind: 'retry'; code: 'server' }
  /** 429 or 503: the server asked to be left alone; afterMs from Retry-After when it said how long. */
  | { kind: 'retry_later'; code: 'busy'; afterMs: number | null }
  /**
   * 4xx that the same request will always get (400, 404, 413, 422…): for a single submission it is
   * held for an officer; for a batch the engine sends the items one by one to find the bad one.
   */
  | { kind: 'permanent'; code: 'refused'; status: number; apiCode: string | null }
  /** The server refused the signature's timestamp. skewSeconds > 0: the kiosk's clock is behind. */
  | { kind: 'clock_skew'; skewSeconds: number | null }
  /** The device is unknown, its secret wrong, or it was disabled: IT has to enrol it again. */
  | { kind: 'unauthorized' };

export function classifyAnswer(answer: HttpAnswer, nowMs: number): HttpVerdict {
  const { status } = answer;
  if ((status >= 200 && status < 300) || status === 304) return { kind: 'ok' };
  const parsed = ApiError.safeParse(answer.body);
  const apiError = parsed.success ? parsed.data.error : null;
  if (apiError?.code === 'clock_skew') {
    return { kind: 'clock_skew', skewSeconds: skewFrom(apiError.serverTime ?? answer.date, nowMs) };
  }
  // A replayed nonce is our retry of a request the server already saw; a fresh signature fixes it.
  if (apiError?.code === 'replayed') return { kind: 'retry', code: 'server' };
  if (status === 429 || status === 503 || apiError?.code === 'rate_limited') {
    return { kind: 'retry_later', code: 'busy', afterMs: parseRetryAfter(answer.retryAfter, nowMs) };
  }
  if (status === 401 || status === 403) return { kind: 'unauthorized' };
  // 408 Request Timeout and 425 Too Early are about the moment, not the request.
  if (status === 408 || status === 425) return { kind: 'retry', code: 'server' };
  if (status >= 400 && status < 500) return { kind: 'permanent', code: 'refused', status, apiCode: apiError?.code ?? null };
  return { kind: 'retry', code: 'server' };
}

/**
 * Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; null when
 * absent or unreadable. Never negative.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d{1,10}$/u.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** Server time minus kiosk time, in whole seconds; null when the server did not say. */
export function skewFrom(serverTime: string | null | undefined, nowMs: number): number | null {
  if (serverTime === null || serverTime === undefined) return null;
  const at = Date.parse(serverTime);
  if (Number.isNaN(at)) return null;
  return Math.round((at - nowMs) / 1000);
}

/** Reads an answer's text without trusting it: a body that is not JSON is reported, not thrown. */
export function centralReplyOf(status: number, text: string, header: (name: string) => string | null): CentralReply {
  let body: unknown;
  let notJson = false;
  if (text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      notJson = true;
    }
  }
  return { kind: 'answer', status, body, notJson, bytes: text.length, etag: header('etag'), retryAfter: header('retry-after'), date: header('date') };
}

/** Error names and messages from a fetch say what failed at the network level; never personal data. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`.slice(0, 200);
}
