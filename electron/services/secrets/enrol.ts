import type { LookupFunction } from 'node:net';
import { ApiError, EnrolRequest, EnrolResponse, apiRoutes } from '../../../core/contract/central-api';
import { parseEnrolmentCode, type TlsPin } from '../../../core/contract/enrolment-code';
import { formatPath } from '../../../core/contract/result';
import { createCentralTransport, pinMismatchIn } from './central-transport';
import { checkServerUrl, type Transport } from './server-url';

/**
 * The kiosk's side of enrolment: trade a one-time token from the back office for a device id and
 * secret. Every way it can go wrong ends in one sentence IT staff can act on; the token and the
 * secret never appear in one.
 *
 * Over https the token IT copies carries the server's key pin (core/contract/enrolment-code.ts),
 * checked before the token is sent (central-transport.ts); plain http only to this machine, or to a
 * test LAN when IT says --insecure-lan. Both checks come before any connection.
 */
export type EnrolFailure = { kind: 'bad_url' | 'bad_token' | 'unreachable' | 'wrong_server' | 'refused' | 'bad_answer'; message: string };
export type Enrolled = { serverUrl: string; transport: Transport; tlsPin: TlsPin | undefined; response: EnrolResponse };
export type EnrolOutcome = ({ ok: true } & Enrolled) | ({ ok: false } & EnrolFailure);

export const ENROL_TIMEOUT_MS = 15_000;

export const NO_PIN_MESSAGE =
  'This token carries no server key fingerprint, so over https:// the kiosk cannot tell the central API from an impostor. ' +
  'Issue it again on a server that knows its TLS key (CENTRAL_TLS_CERT and CENTRAL_TLS_KEY, or CENTRAL_TLS_FINGERPRINT behind a proxy), ' +
  'or with: npm run central-api -- enrolment-token --office CODE --tls-fingerprint PIN';

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
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on that port (is it plain http://?)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the server does not speak TLS on that port (is it plain http://?)',
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
  /** What IT pasted: the token, and after a dot the server's key pin (enrolment-code.ts). */
  code: string;
  insecureLan: boolean;
  name: string;
  appVersion: string;
  timeoutMs?: number;
  /** Tests only: name resolution as a LAN's DNS would answer (the test servers listen on 127.0.0.1). */
  lookup?: LookupFunction;
}): Promise<EnrolOutcome> {
  const base = checkServerUrl(options.server, { insecureLan: options.insecureLan });
  if (!base.ok) return { ok: false, kind: 'bad_url', message: base.message };
  const { url: serverUrl, transport } = base.value;
  const code = parseEnrolmentCode(options.code);
  if (code === undefined) return { ok: false, kind: 'bad_token', message: "The part after the last '.' is not a server key fingerprint: copy the whole token again, exactly as the back office issued it" };
  const body = EnrolRequest.safeParse({ token: code.token, name: options.name, appVersion: options.appVersion });
  if (!body.success) {
    const issue = body.error.issues[0];
    const field = issue === undefined ? '' : formatPath(issue.path);
    return { ok: false, kind: 'bad_token', message: field === 'token' ? 'The token must be 16 to 128 characters, as the back office issued it' : `Invalid ${field}: ${issue?.message ?? ''}` };
  }
  // Over plain http (loopback, a test LAN) a pin cannot be checked, so none is kept.
  const tlsPin = transport === 'https' ? code.pin : undefined;
  if (transport === 'https' && tlsPin === undefined) return { ok: false, kind: 'bad_token', message: NO_PIN_MESSAGE };

  const central = createCentralTransport({ serverUrl, transport, tlsPin }, { lookup: options.lookup });
  let response: Response;
  let text: string;
  try {
    response = await central.fetch(`${serverUrl}${apiRoutes.enrol.path}`, {
      method: apiRoutes.enrol.method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body.data),
      signal: AbortSignal.timeout(options.timeoutMs ?? ENROL_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const mismatch = pinMismatchIn(error);
    if (mismatch !== undefined) {
      return {
        ok: false,
        kind: 'wrong_server',
        message:
          `The server at ${serverUrl} presented a TLS key with fingerprint ${mismatch.presented ?? '(none)'}, not the ${mismatch.expected} this token was issued for: ` +
          'it may be an impostor, or the token is for another server. Nothing was sent and the token is still unused; check the address with the back office.',
      };
    }
    return { ok: false, kind: 'unreachable', message: `Cannot reach the central API at ${serverUrl}: ${describeNetworkError(error)}` };
  } finally {
    await central.close();
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
      return { ok: false, kind: 'bad_answer', message: `The server at ${serverUrl} answered HTTP ${response.status} without a Tuntun error: is this the central API?` };
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
      message: `The server at ${serverUrl} answered HTTP ${response.status} with something that is not an enrolment (${issue === undefined ? 'no body' : `${formatPath(issue.path)}: ${issue.message}`})`,
    };
  }
  return { ok: true, serverUrl, transport, tlsPin, response: enrolled.data };
}
