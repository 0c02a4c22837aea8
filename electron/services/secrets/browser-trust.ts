import { tlsPinAsBase64 } from '../../../core/contract/enrolment-code';
import { spkiPinOf } from './central-transport';
import { readIdentitySync } from './identity-store';

/**
 * The renderer fetches the central API itself (catalogue, status changes, audit log, heartbeat,
 * help requests, and submissions the journal lacks), with Chromium's own TLS stack: the host's
 * pinned transport does not cover those requests. These tell each shell's Chromium about the pin
 * stored at enrolment, read from the identity file at the moment they are asked.
 */

/**
 * Web host: Chromium flags for the kiosk browser. `--ignore-certificate-errors-spki-list` makes
 * Chromium accept a certificate that fails its usual checks (self-signed, IP address) when the
 * chain holds the pinned key; certificates that pass those checks are accepted as usual, so a
 * CA-signed certificate for the server's name keeps working. Chromium honours the flag only with
 * `--user-data-dir`, and shows no "unsupported flag" bar in `--kiosk` mode. The pin is public (the
 * server sends the key to anyone who connects), so having it on the command line leaks nothing.
 * None when the kiosk is not enrolled over https.
 */
export function chromiumTrustArgs(deviceFile: string): string[] {
  const state = readIdentitySync(deviceFile);
  if (state.kind !== 'enrolled' || state.identity.tlsPin === undefined) return [];
  return [`--ignore-certificate-errors-spki-list=${tlsPinAsBase64(state.identity.tlsPin)}`];
}

/** Electron's `setCertificateVerifyProc` answers: accept, refuse, or Chromium's own verdict. */
export const CERTIFICATE_ACCEPT = 0;
export const CERTIFICATE_REFUSE = -2;
export const CERTIFICATE_AS_CHROMIUM_SAYS = -3;
export type CertificateVerdict = typeof CERTIFICATE_ACCEPT | typeof CERTIFICATE_REFUSE | typeof CERTIFICATE_AS_CHROMIUM_SAYS;

/**
 * Electron: for the enrolled server's host name, the certificate is accepted exactly when its key
 * is the pinned one, whatever a CA says (the same rule as the host's own requests); any other host
 * is left to Chromium. `certificatePem` is Electron's `request.certificate.data`.
 */
export function electronCertificateVerdict(deviceFile: string, hostname: string, certificatePem: string): CertificateVerdict {
  const state = readIdentitySync(deviceFile);
  if (state.kind !== 'enrolled') return CERTIFICATE_AS_CHROMIUM_SAYS;
  const { serverUrl, tlsPin } = state.identity;
  const serverHost = new URL(serverUrl).hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  if (hostname.replace(/^\[|\]$/gu, '').toLowerCase() !== serverHost) return CERTIFICATE_AS_CHROMIUM_SAYS;
  // Enrolled over plain http (loopback, a test LAN): no pin to hold a certificate to.
  if (tlsPin === undefined) return CERTIFICATE_AS_CHROMIUM_SAYS;
  try {
    return spkiPinOf(certificatePem) === tlsPin ? CERTIFICATE_ACCEPT : CERTIFICATE_REFUSE;
  } catch {
    // Not a certificate Node can read: nothing to match the pin against.
    return CERTIFICATE_REFUSE;
  }
}
