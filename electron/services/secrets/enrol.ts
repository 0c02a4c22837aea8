import { ApiError, EnrolRequest, EnrolResponse, apiRoutes } from '../../../core/contract/central-api';
import { formatPath } from '../../../core/contract/result';

/**
 * The kiosk's side of enrolment: trade a one-time token from the back office for a device id and
 * secret. Every way it can go wrong ends in one sentence IT staff can act on; the token and the
 * secret never appear in one.
 */
export type EnrolFailure = { kind: 'bad_url' | 'bad_token' | 'unreachable' | 'refused' | 'bad_answer'; message: string };
export type EnrolOutcome = { ok: true; serverUrl: string; response: EnrolResponse } | ({ ok: false } & EnrolFailure);

export const ENROL_TIMEOUT_MS = 15_000;

/**
 * The base URL the kiosk stores and signs against: http(s), no credentials, query or fragment,
 * no trailing slash. A base path is kept (`https://example.go.id/tuntun`), since a reverse proxy may
 * serve the API under one.
 */
export function normalizeServerUrl(text: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL; expected something like http://10.0.0.5:5820` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `The server URL must start with http:// or https://, not ${url.protocol}//` };
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'The server URL must not carry a user name or password' };
  if (url.search !== '' || url.hash !== '') return { ok: false, message: 'The server URL must not have a query (?…) or fragment (#…)' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/u, '')}` };
}

/** Node's fetch wraps the socket error in `cause`; its code says what IT should check. */
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the central API running on that port?)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'no network route to that host',
  ENETUNREACH: 'no network route to that host',
  ECONNRESET: 'the connection was dropped',
  UND_ERR_SOCKET: 'the connection was dropped',
};

function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return NETWORK_ERRORS[cause.code] ?? cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export async function requestEnrolment(options: {
  server: string;
  token: string;
  name: string;
  appVersion: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Promise<EnrolOutcome> {
  const base = normalizeServerUrl(options.server);
  if (!base.ok) return { ok: false, kind: 'bad_url', message: base.message };
  const body = EnrolRequest.safeParse({ token: options.token, name: options.name, appVersion: options.appVersion });
  if (!body.success) {
    const issue = body.error.issues[0];
    const field = issue === undefined ? '' : formatPath(issue.path);
    return { ok: false, kind: 'bad_token', message: field === 'token' ? 'The token must be 16 to 128 characters, as the back office issued it' : `Invalid ${field}: ${issue?.message ?? ''}` };
  }
  const url = `${base.url}${apiRoutes.enrol.path}`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: apiRoutes.enrol.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body.data),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? ENROL_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    return { ok: false, kind: 'unreachable', message: `Cannot reach the central API at ${base.url}: ${describeNetworkError(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status !== 201 && response.status !== 200) {
    const apiError = ApiError.safeParse(json);
    if (!apiError.success) {
      return { ok: false, kind: 'bad_answer', message: `The server at ${base.url} answered HTTP ${response.status} without a Tuntun error: is this the central API?` };
    }
    const { code, message } = apiError.data.error;
    if (response.status === 401) {
      return { ok: false, kind: 'refused', message: `The enrolment token was refused (${code}: ${message}). Tokens work once and expire: ask the back office for a new one.` };
    }
    return { ok: false, kind: 'refused', message: `The central API refused the enrolment: HTTP ${response.status} ${code}: ${message}` };
  }
  const enrolled = EnrolResponse.safeParse(json);
  if (!enrolled.success) {
    const issue = enrolled.error.issues[0];
    return {
      ok: false,
      kind: 'bad_answer',
      message: `The server at ${base.url} answered HTTP ${response.status} with something that is not an enrolment (${issue === undefined ? 'no body' : `${formatPath(issue.path)}: ${issue.message}`})`,
    };
  }
  return { ok: true, serverUrl: base.url, response: enrolled.data };
}
