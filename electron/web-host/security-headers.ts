/**
 * Headers for every response of the web host. The CSP is the same one the Electron shell sets:
 * scripts only from our own origin, no eval, no inline script, no plugins, no <base> tricks.
 *
 * `connect-src` adds exactly one origin beyond our own: the central API the kiosk is enrolled
 * with, which the renderer calls with headers the host signed. Each response is built with the
 * origin read at that moment, so a kiosk enrolled while running syncs after a reload; an unenrolled
 * kiosk may fetch nothing but its own origin.
 */
export type CspOptions = { connectOrigins?: readonly string[] };

/**
 * Accepts only a serialised http(s) origin (`https://api.example.go.id`, `http://10.0.0.5:5820`):
 * anything with a path, a space or a `;` could widen or break the policy, so it is dropped.
 */
export function cspOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin === text ? text : undefined;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const extra = (options.connectOrigins ?? []).map(cspOrigin).filter((origin): origin is string => origin !== undefined);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...new Set(extra)].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self'",
  ].join('; ');
}

const OTHER_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};

export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy(options), ...OTHER_HEADERS };
}

/** The headers of a kiosk that is not enrolled: connect-src is our own origin only. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = securityHeaders();
