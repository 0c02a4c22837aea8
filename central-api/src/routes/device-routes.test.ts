import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, HealthResponse, HeartbeatResponse, HelpResponse, Officer, OfficersResponse } from '../../../core/contract/central-api';
import { verifyPin } from '../domain/officers';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, type Harness, type TestDevice } from '../testing/harness';

describeEachBackend('health, heartbeat, help and officers', (backend) => {
  let h: Harness;
  let kiosk: TestDevice;
  beforeAll(async () => {
    h = await startHarness(backend);
    kiosk = await h.enrol();
  });
  afterAll(async () => h.close());

  it('answers health without authentication, naming the database', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/health' });
    expect(HealthResponse.parse(response.json())).toEqual({ status: 'ok', version: 'dev', database: backend.name, serverTime: h.clock.now().toISOString() });
  });

  it('keeps the latest heartbeat on the device', async () => {
    const report = {
      appVersion: '0.2.0',
      queueDepth: 12,
      oldestPendingAt: '2026-03-02T07:00:00.000+07:00',
      lastSyncAt: null,
      freeDiskBytes: 5_000_000_000,
      devices: [
        { role: 'printer', status: 'ok' },
        { role: 'scanner', status: 'simulated' },
      ],
    };
    const response = await kiosk.request('POST', '/v1/heartbeat', report);
    expect(HeartbeatResponse.parse(response.json()).serverTime).toBe(h.clock.now().toISOString());
    await kiosk.request('POST', '/v1/heartbeat', { ...report, queueDepth: 3 });
    const [row] = await h.db.query<{ last_heartbeat: unknown; app_version: string }>('SELECT last_heartbeat, app_version FROM devices WHERE id = $1', [kiosk.id]);
    expect(row).toEqual({ last_heartbeat: { ...report, queueDepth: 3 }, app_version: '0.2.0' });
  });

  it('refuses a heartbeat that does not match the contract', async () => {
    const response = await kiosk.request('POST', '/v1/heartbeat', { appVersion: '0.2.0', queueDepth: -1 });
    expect(response.statusCode).toBe(400);
    expect(ApiError.parse(response.json()).error.issues?.map((i) => i.path)).toContain('body.queueDepth');
  });

  it('records a help request once, however often it is sent', async () => {
    const help = { id: randomUUID(), at: '2026-03-02T08:10:00.000+07:00', screen: 'flow:sktm:nik', serviceId: 'sktm' };
    const first = await kiosk.request('POST', '/v1/help', help);
    expect([first.statusCode, HelpResponse.parse(first.json()).outcome]).toEqual([201, 'stored']);
    const again = await kiosk.request('POST', '/v1/help', help);
    expect([again.statusCode, HelpResponse.parse(again.json()).outcome]).toEqual([200, 'duplicate']);
    expect(await h.db.query('SELECT 1 FROM help_requests WHERE id = $1', [help.id])).toHaveLength(1);
  });

  it('lists the office officers with PIN hashes that check out, never the PIN', async () => {
    const added = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'budi', name: 'Budi Santoso', pin: '123456' });
    expect(added.statusCode, added.body).toBe(201);
    expect(Officer.parse(added.json())).toMatchObject({ id: 'budi', name: 'Budi Santoso', active: true });
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'sari', name: 'Sari', pin: '654321' });
    // Replacing Budi's PIN keeps one Budi.
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'budi', name: 'Budi Santoso', pin: '111222' });

    const response = await kiosk.request('GET', '/v1/officers');
    const { officers } = OfficersResponse.parse(response.json());
    expect(officers.map((o) => o.id)).toEqual(['budi', 'sari']);
    expect(response.body).not.toContain('111222');
    const budi = officers[0];
    expect(budi?.pinHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/u);
    expect(await verifyPin('111222', budi?.pinHash ?? '')).toBe(true);
    expect(await verifyPin('123456', budi?.pinHash ?? '')).toBe(false);
  });

  it('keeps a deactivated officer in the kiosk list with active false, until they are added again', async () => {
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'dewi', name: 'Dewi', pin: '246810' });
    const listed = async () => OfficersResponse.parse((await kiosk.request('GET', '/v1/officers')).json()).officers.find((o) => o.id === 'dewi');

    const deactivated = await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/dewi/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(Officer.parse(deactivated.json())).toMatchObject({ id: 'dewi', name: 'Dewi', active: false });
    const dewi = await listed();
    // Still listed, hash and all: a kiosk that cached her learns to refuse her PIN.
    expect(dewi).toMatchObject({ active: false });
    expect(await verifyPin('246810', dewi?.pinHash ?? '')).toBe(true);
    // Deactivating again changes nothing and says so the same way.
    expect((await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/dewi/deactivate`)).json()).toMatchObject({ active: false });

    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'dewi', name: 'Dewi', pin: '135790' });
    expect(await listed()).toMatchObject({ active: true });
  });

  it('refuses to deactivate an officer the office does not have, or without the admin token', async () => {
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'eko', name: 'Eko', pin: '112233' });
    for (const url of [`/v1/admin/offices/${OFFICE}/officers/nobody/deactivate`, '/v1/admin/offices/36.03.04/officers/eko/deactivate']) {
      const response = await h.admin('POST', url);
      expect([response.statusCode, ApiError.parse(response.json()).error.code], url).toEqual([404, 'not_found']);
    }
    const badOffice = await h.admin('POST', '/v1/admin/offices/tigaraksa/officers/eko/deactivate');
    expect([badOffice.statusCode, ApiError.parse(badOffice.json()).error.issues?.[0]?.path]).toEqual([400, 'params.officeCode']);
    const anonymous = await h.app.inject({ method: 'POST', url: `/v1/admin/offices/${OFFICE}/officers/eko/deactivate` });
    expect([anonymous.statusCode, ApiError.parse(anonymous.json()).error.code]).toEqual([401, 'unauthorized']);
    const get = await h.app.inject({ method: 'GET', url: `/v1/admin/offices/${OFFICE}/officers/eko/deactivate` });
    expect([get.statusCode, get.headers.allow]).toEqual([405, 'POST']);
    expect(OfficersResponse.parse((await kiosk.request('GET', '/v1/officers')).json()).officers.find((o) => o.id === 'eko')).toMatchObject({ active: true });
  });

  it('refuses an officer with a PIN that is not six digits', async () => {
    const response = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'x', name: 'X', pin: '12345' });
    expect(response.statusCode).toBe(400);
    expect(ApiError.parse(response.json()).error.issues?.[0]?.path).toBe('body.pin');
  });
});
