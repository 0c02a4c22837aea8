import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsPin } from '../../core/contract/enrolment-code';
import { PIN_RECIPE, type Settings } from './settings';

/**
 * The server's TLS as kiosks see it: the certificate and key it serves with (CENTRAL_TLS_CERT,
 * CENTRAL_TLS_KEY), and the key pin written into every enrolment token, from that certificate or,
 * behind a TLS proxy, from CENTRAL_TLS_FINGERPRINT. A kiosk enrols only with a server presenting
 * the pinned key, so a token typed into a kiosk pointed at an impostor is never sent.
 */
export type TlsSetup = {
  /** For Fastify's `https` option; undefined when a proxy (or nothing) does TLS. */
  https: { cert: Buffer; key: Buffer } | undefined;
  pin: TlsPin | undefined;
};

/** SHA-256 of the certificate's SubjectPublicKeyInfo, base64url: the kiosk computes the same (central-transport.ts). */
export function spkiPinOfCertificate(certificate: X509Certificate): TlsPin {
  return createHash('sha256').update(certificate.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

export function loadTls(settings: Pick<Settings, 'tls' | 'tlsFingerprint'>): { ok: true; value: TlsSetup } | { ok: false; message: string } {
  if (settings.tls === undefined) return { ok: true, value: { https: undefined, pin: settings.tlsFingerprint } };
  const { certFile, keyFile } = settings.tls;
  const read = (file: string, name: string): Buffer | string => {
    try {
      return readFileSync(file);
    } catch (error) {
      return `${name} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
  };
  const cert = read(certFile, 'CENTRAL_TLS_CERT');
  if (typeof cert === 'string') return { ok: false, message: cert };
  const key = read(keyFile, 'CENTRAL_TLS_KEY');
  if (typeof key === 'string') return { ok: false, message: key };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return { ok: false, message: `CENTRAL_TLS_CERT ${certFile} is not a PEM certificate (-----BEGIN CERTIFICATE-----)` };
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    return { ok: false, message: `CENTRAL_TLS_KEY ${keyFile} is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)` };
  }
  // Caught here, not at the first handshake: a mismatched pair would fail every kiosk's connection.
  if (!certificate.checkPrivateKey(privateKey)) return { ok: false, message: `CENTRAL_TLS_KEY ${keyFile} is not the private key of CENTRAL_TLS_CERT ${certFile}` };
  return { ok: true, value: { https: { cert, key }, pin: spkiPinOfCertificate(certificate) } };
}

/** Said where a token is issued without a pin, so IT learns why a kiosk will refuse it over https. */
export const NO_PIN_HINT =
  'This token carries no TLS key fingerprint: a kiosk can use it only over http:// on this machine or with --insecure-lan on a closed test LAN. ' +
  `For https, set CENTRAL_TLS_CERT and CENTRAL_TLS_KEY, or CENTRAL_TLS_FINGERPRINT behind a TLS proxy, or pass --tls-fingerprint (${PIN_RECIPE}).`;
