import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminOfficer, ApiError, HealthResponse, HeartbeatResponse, HelpResponse, OfficersResponse } from '../../../core/contract/central-api';
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
        { role: 'receiptPrinter', driver: 'escpos', simulated: false, state: 'error', reason: 'paper_out', since: '2026-03-02T07:58:00.000+07:00' },
        { role: 'documentPrinter', driver: 'simulator', simulated: true, state: 'ready', reason: null, since: '2026-03-02T07:00:00.000+07:00' },
        { role: 'scanner', driver: null, simulated: false, state: 'absent', reason: null, since: '2026-03-02T07:00:00.000+07:00' },
      ],
    };
    const response = await kiosk.request('POST', '/v1/heartbeat', report);
    expect(HeartbeatResponse.parse(response.json()).serverTime).toBe(h.clock.now().toISOString());
    await kiosk.request('POST', '/v1/heartbeat', { ...report, queueDepth: 3 });
    const [row] = await h.db.query<{ last_heartbeat: unknown; app_version: string }>('SELECT last_heartbeat, app_version FROM devices WHERE id = $1', [kiosk.id]);
    expect(row).toEqual({ last_heartbeat: { ...report, queueDepth: 3 }, app_version: '0.2.0' });
    // Which kiosks of an office have a printer out of paper: a query IT can run on the stored state.
    const out = await h.db.query<{ id: string }>(
      `SELECT id FROM devices, jsonb_array_elements(last_heartbeat->'devices') AS d WHERE d->>'role' = 'receiptPrinter' AND d->>'state' = 'error' AND d->>'reason' = 'paper_out'`,
    );
    expect(out.map((r) => r.id)).toEqual([kiosk.id]);
  });

  it('refuses a device state no version knows, and takes a role or reason it does not know yet', async () => {
    const report = { appVersion: '0.2.0', queueDepth: 0, oldestPendingAt: null, lastSyncAt: null, freeDiskBytes: null };
    const since = '2026-03-02T07:00:00.000+07:00';
    const unknownState = await kiosk.request('POST', '/v1/heartbeat', { ...report, devices: [{ role: 'receiptPrinter', driver: 'escpos', simulated: false, state: 'on fire', reason: null, since }] });
    expect(unknownState.statusCode).toBe(400);
    const newer = await kiosk.request('POST', '/v1/heartbeat', { ...report, devices: [{ role: 'fingerprintReader', driver: 'vendorBridge', simulated: false, state: 'warning', reason: 'sensor_dirty', since }] });
    expect(newer.statusCode).toBe(200);
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

  it('lists the office officers without any PIN verifier: nothing a stolen kiosk could brute-force offline', async () => {
    const added = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'budi', name: 'Budi Santoso', pin: '730591' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ id: 'budi', name: 'Budi Santoso', active: true });
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'sari', name: 'Sari', pin: '307158' });
    // Replacing Budi's PIN keeps one Budi.
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'budi', name: 'Budi Santoso', pin: '915372' });

    const response = await kiosk.request('GET', '/v1/officers');
    expect(response.statusCode).toBe(200);
    const { officers } = response.json<{ officers: { id: string }[] }>();
    expect(officers.map((o) => o.id)).toEqual(['budi', 'sari']);
    const stored = await h.db.query<{ pin_hash: string }>('SELECT pin_hash FROM officers WHERE office_code = $1', [OFFICE]);
    expect(stored).toHaveLength(2);
    for (const { pin_hash: hash } of stored) {
      // Neither the hash nor its salt nor its digest: any of them would let a thief test PINs.
      for (const part of hash.split('$').filter((p) => p.length >= 16)) expect(response.body).not.toContain(part);
    }
    expect(response.body).not.toMatch(/915372|pinHash|scrypt/u);
  });

  it('keeps a deactivated officer in the kiosk list with active false and no offline verifier, until they are added again', async () => {
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'dewi', name: 'Dewi', pin: '824639', badge: true });
    const listed = async () => OfficersResponse.parse((await kiosk.request('GET', '/v1/officers')).json()).officers.find((o) => o.id === 'dewi');
    expect((await listed())?.offline).toBeDefined();

    const deactivated = await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/dewi/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(AdminOfficer.parse(deactivated.json())).toMatchObject({ id: 'dewi', name: 'Dewi', active: false, hasBadge: true });
    // Still listed, so a kiosk that cached her learns to refuse her; her verifier is gone.
    expect(await listed()).toEqual({ id: 'dewi', name: 'Dewi', role: 'officer', active: false, locked: false });
    // Deactivating again changes nothing and says so the same way.
    expect((await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/dewi/deactivate`)).json()).toMatchObject({ active: false });

    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'dewi', name: 'Dewi', pin: '593827' });
    expect(await listed()).toEqual({ id: 'dewi', name: 'Dewi', role: 'officer', active: true, locked: false });
  });

  it('refuses to deactivate an officer the office does not have, or without the admin token', async () => {
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'eko', name: 'Eko', pin: '681953' });
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

  it('refuses an officer with a PIN of fewer than six digits', async () => {
    const response = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'x', name: 'X', pin: '58271' });
    expect(response.statusCode).toBe(400);
    expect(ApiError.parse(response.json()).error.issues?.[0]).toEqual({ path: 'body.pin', message: 'A PIN is 6 to 12 digits' });
  });
});
