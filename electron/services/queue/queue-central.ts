import { createHash } from 'node:crypto';
import { ApiError, apiRoutes } from '../../../core/contract/central-api';
import { CentralTicket, KioskTicketsResponse, type KioskTicket, type TakeTicketRequest } from '../../../core/contract/queue';
import type { Result } from '../../../core/contract/result';
import { describeNetworkError } from '../../../core/sync/http-outcome';
import type { SignedRequest, SignRequest } from '../secrets/sign';

/**
 * The host's two queue requests to the central API, signed here and sent through the pinned
 * transport (secrets/central-transport.ts), each with its own timeout. They never throw: every
 * way they can fail is a reason in plain words for the log, and the caller decides what follows.
 */
export type CentralDeps = {
  sign(request: SignRequest): Promise<Result<SignedRequest>>;
  fetch: typeof fetch;
};

export type Sent<T> =
  | { kind: 'ok'; status: number; value: T }
  /** The server answered and said no (4xx): sending the same again would get the same answer. */
  | { kind: 'refused'; status: number; reason: string }
  /** No usable answer (network, timeout, 5xx, 429, clock skew, not enrolled): try again later. */
  | { kind: 'failed'; reason: string };

async function post<T>(deps: CentralDeps, path: string, body: unknown, parse: (json: unknown) => T | undefined, timeoutMs: number, stop?: AbortSignal): Promise<Sent<T>> {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const signed = await deps.sign({ method: 'POST', path, bodySha256: createHash('sha256').update(bytes).digest('hex') });
  if (!signed.ok) return { kind: 'failed', reason: signed.error.message };
  let status: number;
  let text: string;
  try {
    const response = await deps.fetch(signed.value.url, {
      method: 'POST',
      headers: { ...signed.value.headers, accept: 'application/json', 'content-type': 'application/json' },
      body: bytes,
      signal: stop === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
      redirect: 'error',
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return { kind: 'failed', reason: describeNetworkError(error) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const apiError = ApiError.safeParse(json);
  const said = apiError.success ? `${apiError.data.error.code}: ${apiError.data.error.message}` : `HTTP ${status}`;
  if (status >= 200 && status < 300) {
    const value = parse(json);
    return value === undefined ? { kind: 'failed', reason: `HTTP ${status} with an answer that does not match the contract` } : { kind: 'ok', status, value };
  }
  // The moment, not the request: a busy or unreachable database, a rate limit, the clock, a reused nonce.
  const passing = status >= 500 || status === 429 || status === 408 || (apiError.success && ['clock_skew', 'replayed', 'rate_limited', 'unavailable'].includes(apiError.data.error.code));
  return passing ? { kind: 'failed', reason: said.slice(0, 300) } : { kind: 'refused', status, reason: said.slice(0, 300) };
}

export function takeCentralNumber(deps: CentralDeps, body: TakeTicketRequest, timeoutMs: number): Promise<Sent<CentralTicket>> {
  return post(deps, apiRoutes.takeQueueNumber.path, body, (json) => CentralTicket.safeParse(json).data, timeoutMs);
}

/** `stop` ends a report still waiting on the server when the host stops: it is sent again at the next start. */
export function reportKioskTickets(deps: CentralDeps, officeCode: string, tickets: readonly KioskTicket[], timeoutMs: number, stop?: AbortSignal): Promise<Sent<KioskTicketsResponse>> {
  return post(deps, apiRoutes.reportKioskTickets.path, { officeCode, tickets }, (json) => KioskTicketsResponse.safeParse(json).data, timeoutMs, stop);
}
