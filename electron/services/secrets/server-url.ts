import { isIP } from 'node:net';

/**
 * Which central-API URLs a kiosk may use, and how each is protected. The device secret, the
 * catalogue key and residents' submissions travel over this connection, so plain http:// is only
 * for the kiosk's own machine (loopback never leaves it) or, asked for by name, a closed test LAN.
 */
export type Transport =
  /** TLS, with the server's key pinned by the enrolment token. */
  | 'https'
  /** Plain http to this machine: 127.0.0.0/8, ::1 or localhost. */
  | 'loopback'
  /** Plain http across a network, because IT enrolled with --insecure-lan. Never for production. */
  | 'insecure-lan';

export type ServerUrl = { url: string; hostname: string; transport: Transport };

export const INSECURE_LAN_WARNING =
  'INSECURE: this kiosk talks to the central API over plain http:// across the network (--insecure-lan). ' +
  'The device secret, the catalogue key and residents\u2019 submissions travel unencrypted: use it on a closed test LAN only, and re-enrol with https:// for production.';

/** 127.0.0.0/8, ::1 (and IPv4-mapped 127.x), localhost and *.localhost (RFC 6761: always this machine). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  switch (isIP(host)) {
    case 4:
      return host.startsWith('127.');
    case 6:
      return host === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/u.test(host);
    default:
      return false;
  }
}

/**
 * The base URL the kiosk stores and signs against: no credentials, query or fragment, no trailing
 * slash. A base path is kept (`https://example.go.id/tuntun`), since a reverse proxy may serve the
 * API under one. Plain http:// to anything but loopback is refused here, before any connection,
 * unless `insecureLan` says IT asked for it.
 */
export function checkServerUrl(text: string, options: { insecureLan: boolean }): { ok: true; value: ServerUrl } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL; expected something like https://10.0.0.5:5820` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `The server URL must start with https:// (or http:// on this machine only), not ${url.protocol}//` };
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'The server URL must not carry a user name or password' };
  if (url.search !== '' || url.hash !== '') return { ok: false, message: 'The server URL must not have a query (?…) or fragment (#…)' };
  const base = `${url.origin}${url.pathname.replace(/\/+$/u, '')}`;
  const hostname = url.hostname.replace(/^\[|\]$/gu, '');
  if (url.protocol === 'https:') {
    if (options.insecureLan) return { ok: false, message: '--insecure-lan is only for a plain http:// server on a closed test LAN; an https:// server needs no such flag' };
    return { ok: true, value: { url: base, hostname, transport: 'https' } };
  }
  if (isLoopbackHost(url.hostname)) return { ok: true, value: { url: base, hostname, transport: 'loopback' } };
  if (options.insecureLan) return { ok: true, value: { url: base, hostname, transport: 'insecure-lan' } };
  return {
    ok: false,
    message:
      `Plain http:// to ${url.host} would send the device secret and residents\u2019 submissions unencrypted across the network: ` +
      `use https://${url.host}${url.pathname.replace(/\/+$/u, '')} (the enrolment token carries the server's key fingerprint), ` +
      'or, on a closed test LAN only, add --insecure-lan',
  };
}
