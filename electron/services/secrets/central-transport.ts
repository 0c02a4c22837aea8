import { createHash, X509Certificate } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { TlsPin } from '../../../core/contract/enrolment-code';
import type { Transport } from './server-url';

/**
 * How the host reaches the central API (enrolment, journal uploads): only the enrolled origin, and
 * over https only to a server whose certificate carries the pinned key.
 *
 * The pin is checked in undici's connector, after the TLS handshake and before the socket is handed
 * to the HTTP client: a request to an impostor is never written, so its token, secret or
 * submissions never leave the kiosk. Chain and host name are not checked (a pinned self-signed
 * certificate is the usual case on an office LAN, often addressed by IP); the key is what counts.
 * No TLS session is reused, so every connection presents its certificate afresh.
 */
export type CentralPolicy = { serverUrl: string; transport: Transport; tlsPin?: TlsPin | undefined };

/** The fetch the host's callers use; `typeof fetch` so tests and the journal uploader need no adapter. */
export type CentralTransport = { fetch: typeof fetch; close(): Promise<void> };

export const TLS_PIN_MISMATCH = 'ERR_TUNTUN_TLS_PIN';

/** SHA-256 of the certificate's SubjectPublicKeyInfo (DER), base64url: what enrolment tokens carry. */
export function spkiPinOf(certificate: X509Certificate | string | Buffer): TlsPin {
  const x509 = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
  return createHash('sha256').update(x509.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

/** The server presented a key other than the pinned one; nothing was sent on that connection. */
export class TlsPinMismatch extends Error {
  readonly code = TLS_PIN_MISMATCH;
  constructor(
    readonly host: string,
    readonly expected: TlsPin,
    readonly presented: TlsPin | undefined,
  ) {
    super(`${host} presented a TLS key with fingerprint ${presented ?? '(none)'}, not the pinned ${expected}`);
    this.name = 'TlsPinMismatch';
  }
}

/** Finds a TlsPinMismatch in a fetch error's cause chain (undici wraps connector errors). */
export function pinMismatchIn(error: unknown): TlsPinMismatch | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (current instanceof TlsPinMismatch) return current;
    current = current.cause;
  }
  return undefined;
}

export function createCentralTransport(policy: CentralPolicy, options: { lookup?: LookupFunction | undefined } = {}): CentralTransport {
  const origin = new URL(policy.serverUrl).origin;
  const expectedProtocol = policy.transport === 'https' ? 'https:' : 'http:';
  const pin = policy.tlsPin;
  if (policy.transport === 'https' && pin === undefined) throw new Error('An https:// central API needs a pinned key (tlsPin)');
  const base = buildConnector({
    // The pin below replaces the CA check: a pinned self-signed certificate must pass, and a
    // CA-signed certificate with another key must not.
    rejectUnauthorized: false,
    maxCachedSessions: 0,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
  });
  const agent = new Agent({
    connect(connectOptions, callback) {
      if (connectOptions.protocol !== expectedProtocol) {
        callback(new Error(`Refused: the central API is ${origin}, not ${connectOptions.protocol}//`), null);
        return;
      }
      base(connectOptions, (error, socket) => {
        if (error !== null) {
          callback(error, null);
          return;
        }
        if (pin === undefined) {
          callback(null, socket);
          return;
        }
        const presented = (socket as TLSSocket).getPeerX509Certificate?.();
        const presentedPin = presented === undefined ? undefined : spkiPinOf(presented);
        if (presentedPin !== pin) {
          socket.destroy();
          callback(new TlsPinMismatch(connectOptions.host ?? connectOptions.hostname, pin, presentedPin), null);
          return;
        }
        callback(null, socket);
      });
    },
  });

  const pinnedFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    if (input instanceof Request) throw new TypeError('The central transport takes a URL, not a Request');
    const url = String(input);
    // Signed for the enrolled server only: any other origin is refused before a connection.
    if (new URL(url).origin !== origin) throw new TypeError(`Refused: ${new URL(url).origin} is not the enrolled central API ${origin}`);
    const body = init?.body ?? undefined;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) throw new TypeError('The central transport sends text or bytes');
    const response = await undiciFetch(url, {
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers)),
      ...(body === undefined || body === null ? {} : { body }),
      ...(init?.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
      // Requests are signed for one exact URL: a redirect is an error, not a second request.
      redirect: 'error',
      dispatcher: agent,
    });
    // The undici package's Response is its own class, not the global one, with the same interface.
    return response;
  };
  return {
    fetch: pinnedFetch,
    // Destroy, not close: a request still waiting on a server that never answers must not hold up a stop.
    close: () => agent.destroy(),
  };
}
