import { z } from 'zod';

/**
 * What IT staff copy from the central API to the kiosk: the one-time enrolment token and, after a
 * dot, the fingerprint of the server's TLS key. One line without spaces, so it survives a
 * terminal's double-click selection and a chat message:
 *
 *   enrol_3q2…Wc.mX9…fA        (token "enrol_3q2…Wc", pin "mX9…fA")
 *
 * The kiosk checks the certificate the server presents against the pin before it sends the token,
 * so a one-time token typed into a kiosk pointed at an impostor reaches no one. Only the token part
 * travels to the server (EnrolRequest.token); the server keeps its hash.
 */

/**
 * SHA-256 of the server certificate's SubjectPublicKeyInfo (DER), base64url without padding: the
 * HPKP "pin-sha256", in the URL-safe alphabet so that it is one word on any command line.
 */
export const TlsPin = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/u)
  .describe("SHA-256 of the server certificate's public key (SPKI), base64url: 43 characters");
export type TlsPin = z.infer<typeof TlsPin>;

/** Base64url never contains a dot, so the last one splits the token from the pin unambiguously. */
export const ENROLMENT_CODE_SEPARATOR = '.';

export function enrolmentCodeOf(token: string, pin: string | undefined): string {
  return pin === undefined ? token : `${token}${ENROLMENT_CODE_SEPARATOR}${pin}`;
}

export type EnrolmentCode = { token: string; pin: string | undefined };

/**
 * Splits what IT pasted. A code without a dot is a bare token (a server that does not know its TLS
 * key: only good for loopback or `--insecure-lan`). Undefined when the part after the dot is not a
 * pin, so a mistyped code is refused before anything is sent.
 */
export function parseEnrolmentCode(text: string): EnrolmentCode | undefined {
  const at = text.lastIndexOf(ENROLMENT_CODE_SEPARATOR);
  if (at === -1) return { token: text, pin: undefined };
  const pin = text.slice(at + 1);
  if (!TlsPin.safeParse(pin).success) return undefined;
  return { token: text.slice(0, at), pin };
}

/**
 * A pin as people bring it: base64 from the usual openssl one-liner (44 characters, `+/=`) or
 * base64url (43). Undefined for anything else, hex included (it names a different encoding of the
 * same hash, and guessing between them is how a wrong pin gets through review).
 */
export function normalizeTlsPin(text: string): TlsPin | undefined {
  const url = text.trim().replace(/=$/u, '').replace(/\+/gu, '-').replace(/\//gu, '_');
  return TlsPin.safeParse(url).success ? url : undefined;
}

/** The pin in standard base64 with padding, the form Chromium's --ignore-certificate-errors-spki-list takes. */
export function tlsPinAsBase64(pin: TlsPin): string {
  return `${pin.replace(/-/gu, '+').replace(/_/gu, '/')}=`;
}
