import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminSubmission, ApiError, ChangesResponse, OfficersResponse, UploadBatchResponse } from '../../../core/contract/central-api';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, submission, uploadItem, type Harness, type TestDevice } from '../testing/harness';
import { upsertOfficer } from './officers';

/**
 * A kiosk speaks for the office it was enrolled at and for no other (DESIGN.md §4, issue 22 item
 * 7). Refusals of submissions are per item `invalid` (400): the kiosk's sync engine holds such an
 * item for an officer (kept on the kiosk, never retried) instead of counting it received.
 */
const NEIGHBOUR = '36.03.04';

describeEachBackend('office binding', (backend) => {
  let h: Harness;
  let home: TestDevice;
  let neighbour: TestDevice;
  beforeAll(async () => {
    h = await startHarness(backend);
    home = await h.enrol('Loket Tigaraksa');
    neighbour = await h.enrol('Loket Cikupa', NEIGHBOUR);
  });
  afterAll(async () => h.close());

  const upload = async (device: TestDevice, items: unknown[]) => {
    const response = await device.request('POST', '/v1/submissions/batch', { items });
    expect(response.statusCode, response.body).toBe(200);
    return UploadBatchResponse.parse(response.json()).results;
  };
  const stored = async (id: string) => ({
    rows: await h.db.query<{ office_code: string; device_id: string }>('SELECT office_code, device_id FROM submissions WHERE id = $1', [id]),
    versions: await h.db.query<{ device_id: string }>('SELECT device_id FROM submission_conflicts WHERE submission_id = $1', [id]),
  });

  it('refuses a submission whose body names another office, item by item, and stores nothing of it', async () => {
    const forged = uploadItem(submission({ officeCode: OFFICE }));
    const own = uploadItem(submission({ officeCode: NEIGHBOUR }));
    const results = await upload(neighbour, [forged, own]);
    expect(results.map((r) => [r.id, r.outcome, r.status])).toEqual([
      [forged.id, 'invalid', 400],
      [own.id, 'stored', 201],
    ]);
    expect(results[0]?.message).toBe(`The submission names office ${OFFICE} but this kiosk is enrolled at ${NEIGHBOUR}; it was not stored`);
    expect(await stored(forged.id)).toEqual({ rows: [], versions: [] });
    expect((await stored(own.id)).rows).toEqual([{ office_code: NEIGHBOUR, device_id: neighbour.id }]);

    // The other way round too, and a resend is refused again, never becomes a duplicate.
    const outward = uploadItem(submission({ officeCode: NEIGHBOUR }));
    for (let i = 0; i < 2; i += 1) expect((await upload(home, [outward]))[0]).toMatchObject({ outcome: 'invalid', status: 400 });
    expect(await stored(outward.id)).toEqual({ rows: [], versions: [] });
  });

  it("does not let another office's kiosk add a version to a submission, even with its own office in the body", async () => {
    const original = uploadItem();
    await upload(home, [original]);
    const intruding = uploadItem(submission({ officeCode: NEIGHBOUR }), original.id);
    const [answer] = await upload(neighbour, [intruding]);
    expect(answer).toMatchObject({ id: original.id, outcome: 'invalid', status: 400, message: 'This id belongs to a submission of another office; it was not stored' });
    expect(answer?.receivedAt).toBeUndefined();
    expect(await stored(original.id)).toEqual({ rows: [{ office_code: OFFICE, device_id: home.id }], versions: [] });
    const view = AdminSubmission.parse((await h.admin('GET', `/v1/admin/submissions/${original.id}`)).json());
    expect(view.conflicts).toEqual([]);
    // A kiosk of the same office still gets its version kept for an officer.
    const sibling = await h.enrol('Loket belakang');
    expect((await upload(sibling, [uploadItem(submission({ locale: 'en' }), original.id)]))[0]?.outcome).toBe('conflict');
    expect((await stored(original.id)).versions).toEqual([{ device_id: sibling.id }]);
  });

  it("answers 422 to a help request under another kiosk's id and leaves that request as it was", async () => {
    const help = { id: randomUUID(), at: '2026-03-02T08:10:00.000+07:00', screen: 'flow:sktm:nik' };
    expect((await home.request('POST', '/v1/help', help)).statusCode).toBe(201);
    const taken = await neighbour.request('POST', '/v1/help', { ...help, screen: 'home' });
    expect(taken.statusCode).toBe(422);
    expect(ApiError.parse(taken.json()).error).toMatchObject({ code: 'conflict', message: 'Another kiosk already sent a help request with this id' });
    expect(await h.db.query('SELECT device_id, office_code, screen FROM help_requests WHERE id = $1', [help.id])).toEqual([
      { device_id: home.id, office_code: OFFICE, screen: 'flow:sktm:nik' },
    ]);
  });

  it("shows a kiosk only its own office's officers and catalogue, and only its own status changes", async () => {
    await upsertOfficer(h.db, { officeCode: OFFICE, id: 'budi', name: 'Budi', pin: '730591' }, h.clock.now());
    await upsertOfficer(h.db, { officeCode: NEIGHBOUR, id: 'tono', name: 'Tono', pin: '730591' }, h.clock.now());
    const officers = async (device: TestDevice) => OfficersResponse.parse((await device.request('GET', '/v1/officers')).json()).officers.map((o) => o.id);
    expect(await officers(neighbour)).toEqual(['tono']);
    expect(await officers(home)).toEqual(['budi']);
    // The repo catalogue has no office 36.03.04: never another office's services instead.
    expect((await neighbour.request('GET', '/v1/catalogue')).statusCode).toBe(404);
    const changes = ChangesResponse.parse((await neighbour.request('GET', '/v1/submissions/changes?since=0')).json()).changes;
    const own = (await h.db.query<{ id: string }>('SELECT id FROM submissions WHERE device_id = $1', [neighbour.id])).map((row) => row.id);
    expect(changes.map((c) => c.id).sort()).toEqual(own.sort());
  });
});
