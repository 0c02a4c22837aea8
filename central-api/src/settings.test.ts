import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { originAllowed } from './http/cors';
import { describeDatabase, readSettings, REPO_ROOT, type Settings } from './settings';

const ok = (env: NodeJS.ProcessEnv): Settings => {
  const result = readSettings(env);
  if (!result.ok) throw new Error(result.message);
  return result.settings;
};
const refusal = (env: NodeJS.ProcessEnv): string => {
  const result = readSettings(env);
  if (result.ok) throw new Error('accepted');
  return result.message;
};

describe('settings from the environment', () => {
  it('defaults to PGlite under XDG_DATA_HOME, port 5820 on 127.0.0.1, the repo kiosk-config', () => {
    const settings = ok({ XDG_DATA_HOME: '/srv/data', DATABASE_URL: '' });
    expect(settings).toMatchObject({
      port: 5820,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: '/srv/data/tuntun-central' },
      adminToken: undefined,
      catalogueDir: path.join(REPO_ROOT, 'kiosk-config'),
      logLevel: 'info',
      corsOrigins: undefined,
      rateLimits: {},
      trustProxy: undefined,
    });
    expect(ok({ HOME: '/home/it' }).database).toMatchObject({ kind: 'pglite', dataDir: expect.stringMatching(/\.local\/share\/tuntun-central$/u) });
  });

  it('takes PostgreSQL, the data dir, port, token, limits and origins when given', () => {
    const settings = ok({
      DATABASE_URL: 'postgres://tuntun:secret@db:5432/tuntun',
      PORT: '0',
      HOST: '0.0.0.0',
      CENTRAL_ADMIN_TOKEN: 'a-long-enough-admin-token',
      RATE_LIMIT_PER_DEVICE: '50',
      RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS: '20',
      RATE_LIMIT_AUTH_FAILURES_PER_DEVICE: '5',
      CORS_ORIGINS: 'app://tuntun, http://10.0.0.5:*',
    });
    expect(settings).toMatchObject({ port: 0, host: '0.0.0.0', adminToken: 'a-long-enough-admin-token' });
    expect(settings.rateLimits).toEqual({ perDevice: 50, authFailuresPerAddress: 20, authFailuresPerDevice: 5 });
    expect(describeDatabase(settings.database)).toBe('PostgreSQL at postgres://tuntun:***@db:5432/tuntun');
    const origins = settings.corsOrigins ?? [];
    expect(['app://tuntun', 'http://10.0.0.5:8080', 'http://10.0.0.5'].map((o) => originAllowed(o, origins))).toEqual([true, true, true]);
    expect(['http://10.0.0.50:8080', 'http://127.0.0.1:5173'].map((o) => originAllowed(o, origins))).toEqual([false, false]);
  });

  it('refuses bad values in one sentence naming the variable', () => {
    expect(refusal({ PORT: 'eighty' })).toBe('PORT must be a whole number from 0 to 65535, not "eighty"');
    expect(refusal({ PORT: '70000' })).toMatch(/^PORT must be/u);
    expect(refusal({ DATABASE_URL: 'mysql://x' })).toMatch(/^DATABASE_URL must be a PostgreSQL URL/u);
    expect(refusal({ CENTRAL_ADMIN_TOKEN: 'short' })).toMatch(/^CENTRAL_ADMIN_TOKEN must be at least 16/u);
    expect(refusal({ LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL must be one of/u);
    expect(refusal({ RATE_LIMIT_PER_ADDRESS: '0' })).toMatch(/^RATE_LIMIT_PER_ADDRESS must be/u);
    expect(refusal({ RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS: '0' })).toBe('RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS must be a whole number from 1 to 1000000, not "0"');
    expect(refusal({ RATE_LIMIT_AUTH_FAILURES_PER_DEVICE: 'ten' })).toMatch(/^RATE_LIMIT_AUTH_FAILURES_PER_DEVICE must be/u);
    expect(refusal({ CORS_ORIGINS: 'not an origin' })).toMatch(/^CORS_ORIGINS: "not an origin"/u);
  });

  it('trusts X-Forwarded-For only from the proxy addresses and ranges it is given', () => {
    expect(ok({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(ok({ TRUST_PROXY: '  ' }).trustProxy).toBeUndefined();
    for (const entry of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', '10.0.0.0/x', 'false']) {
      expect(refusal({ TRUST_PROXY: entry }), entry).toBe(
        `TRUST_PROXY: "${entry}" is not an IP address or CIDR range like 127.0.0.1 or 10.0.0.0/8 (leave TRUST_PROXY unset when no proxy is in front)`,
      );
    }
  });

  it('refuses a TRUST_PROXY that would let any client forge its address, saying why', () => {
    expect(refusal({ TRUST_PROXY: 'true' })).toBe(
      'TRUST_PROXY may not be "true": that trusts X-Forwarded-For from every client, so any client could forge its address and escape the per-address rate limit; list the proxy addresses instead, e.g. TRUST_PROXY=127.0.0.1,10.0.0.0/8',
    );
    expect(refusal({ TRUST_PROXY: '127.0.0.1,0.0.0.0/0' })).toMatch(/^TRUST_PROXY may not be the range "0\.0\.0\.0\/0": that trusts X-Forwarded-For from every client/u);
    expect(refusal({ TRUST_PROXY: '::/0' })).toMatch(/^TRUST_PROXY may not be the range "::\/0"/u);
    expect(refusal({ TRUST_PROXY: '1' })).toMatch(/^TRUST_PROXY takes the proxy addresses, not a hop count \("1"\): Fastify ignores hop counts/u);
  });
});
