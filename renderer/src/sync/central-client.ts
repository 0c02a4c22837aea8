import type { Bridge } from '../../../core/contract/bridge';
import { EMPTY_BODY_SHA256 } from '../../../core/contract/request-signing';
import type { ErrorCode } from '../../../core/contract/result';
import { centralReplyOf, describeNetworkError, type HttpAnswer } from '../../../core/sync/http-outcome';

/**
 * One signed request to the central API. The host signs (the device secret never leaves it); this
 * sends exactly the bytes whose hash was signed and reads the answer without trusting it: a body
 * that is not JSON is reported, not thrown.
 */
export type CentralRequest = {
  method: 'GET' | 'POST';
  /** Path and query exactly as signed, e.g. `/v1/submissions/changes?since=12&limit=200`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
};

export type CentralAnswer =
  | ({ kind: 'answer'; etag: string | null; bytes: number; notJson: boolean } & HttpAnswer)
  /** No answer: offline, refused, DNS, TLS, timeout, or the connection died mid-answer. */
  | { kind: 'network'; detail: string }
  /** The host could not sign (not enrolled, host down). */
  | { kind: 'host'; code: ErrorCode; detail: string }
  /** The engine is stopping; nothing to record. */
  | { kind: 'stopped' };

export type CentralDeps = {
  bridge: Pick<Bridge, 'invoke'>;
  fetch: typeof fetch;
  /** Aborted when the engine stops. */
  signal: AbortSignal;
  timeoutMs: number;
};

/** A request the host has signed, ready to send: the exact bytes whose hash was signed. */
export type SignedRequest = { method: CentralRequest['method']; url: string; headers: Record<string, string>; bytes: Uint8Array<ArrayBuffer> | undefined };

export async function callCentral(deps: CentralDeps, request: CentralRequest): Promise<CentralAnswer> {
  const signed = await signCentral(deps, request);
  return signed.kind === 'signed' ? sendSigned(deps, signed.request) : signed;
}

/**
 * Serialises and has the host sign, without sending: the sync engine signs the next batch while
 * the current one is on the wire. The server takes a signature only while its timestamp is within
 * 300 s of the server's clock, so a request signed ahead must not wait long: the engine signs
 * again when the batch before took more than SIGNED_AHEAD_MAX_AGE_MS.
 */
export async function signCentral(deps: CentralDeps, request: CentralRequest): Promise<{ kind: 'signed'; request: SignedRequest } | Extract<CentralAnswer, { kind: 'host' | 'stopped' }>> {
  const bytes = request.body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(request.body));
  const signed = await deps.bridge.invoke('secrets.sign', {
    method: request.method,
    path: request.path,
    bodySha256: bytes === undefined ? EMPTY_BODY_SHA256 : await bodyHash(bytes),
  });
  if (!signed.ok) return { kind: 'host', code: signed.error.code, detail: `secrets.sign: ${signed.error.message}` };
  if (deps.signal.aborted) return { kind: 'stopped' };
  const headers: Record<string, string> = { ...signed.value.headers, accept: 'application/json', ...request.headers };
  if (bytes !== undefined) headers['content-type'] = 'application/json';
  return { kind: 'signed', request: { method: request.method, url: signed.value.url, headers, bytes } };
}

/** SHA-256 in hex by WebCrypto, which is native; core's sha256Hex is JavaScript (in an upload of 10,000: 0.24 s of the worker). */
async function bodyHash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Sends a signed request and reads the answer without trusting it. */
export async function sendSigned(deps: CentralDeps, request: SignedRequest): Promise<CentralAnswer> {
  if (deps.signal.aborted) return { kind: 'stopped' };
  let response: Response;
  let text: string;
  try {
    // Called unbound: a browser's fetch throws "Illegal invocation" when `this` is another object.
    const { fetch: send } = deps;
    response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.bytes,
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(deps.timeoutMs)]),
      // No cookies, no cache, no redirects: every request is signed for one exact URL. POSTs go
      // with the 'default' mode all the same: a POST is never answered from the HTTP cache, and
      // Chromium skips its CORS preflight cache for 'no-store' and 'no-cache' requests, so every
      // upload would wait for an OPTIONS round trip first (5 POSTs: 5 preflights, against 1).
      credentials: 'omit',
      cache: request.method === 'POST' ? 'default' : 'no-store',
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (deps.signal.aborted) return { kind: 'stopped' };
    return { kind: 'network', detail: describeNetworkError(error) };
  }

  return centralReplyOf(response.status, text, (name) => response.headers.get(name));
}
