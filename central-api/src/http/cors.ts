/**
 * Which browser origins may call the API. The kiosk renderer fetches from `app://tuntun` under
 * Electron, or from the web host on http://127.0.0.1:<port> / http://localhost:<port>; nothing
 * else by default. Requests without an Origin (the kiosk host, curl) are not affected by CORS.
 */
export type OriginRule = string | RegExp;

export const DEFAULT_CORS_ORIGINS: readonly OriginRule[] = ['app://tuntun', /^http:\/\/127\.0\.0\.1(:\d{1,5})?$/u, /^http:\/\/localhost(:\d{1,5})?$/u];

export function originAllowed(origin: string | undefined, rules: readonly OriginRule[]): boolean {
  if (origin === undefined) return false;
  return rules.some((rule) => (typeof rule === 'string' ? rule === origin : rule.test(origin)));
}
