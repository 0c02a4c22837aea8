import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspOrigin, SECURITY_HEADERS } from './security-headers';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('content security policy', () => {
  it('lets an unenrolled kiosk fetch its own origin only', () => {
    expect(directive(contentSecurityPolicy(), 'connect-src')).toBe("connect-src 'self'");
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(contentSecurityPolicy());
  });

  it('adds the enrolled central API to connect-src and changes nothing else', () => {
    const plain = contentSecurityPolicy().split('; ');
    const enrolled = contentSecurityPolicy({ connectOrigins: ['http://10.0.0.5:5820'] }).split('; ');
    expect(directive(enrolled.join('; '), 'connect-src')).toBe("connect-src 'self' http://10.0.0.5:5820");
    expect(enrolled.filter((d) => !d.startsWith('connect-src'))).toEqual(plain.filter((d) => !d.startsWith('connect-src')));
  });

  it('drops anything that is not a bare http(s) origin, so the policy cannot be widened', () => {
    for (const bad of ["http://x; script-src 'unsafe-inline'", 'http://10.0.0.5:5820/v1', '*', 'ws://10.0.0.5', 'https:', 'http://a b']) {
      expect(cspOrigin(bad)).toBeUndefined();
      expect(directive(contentSecurityPolicy({ connectOrigins: [bad] }), 'connect-src')).toBe("connect-src 'self'");
    }
    expect(cspOrigin('https://api.tangerangkab.go.id')).toBe('https://api.tangerangkab.go.id');
  });
});
