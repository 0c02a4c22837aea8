import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminSubmission, ApiError, ChangesResponse, MAX_BATCH_ITEMS, UploadBatchResponse, type UploadItem } from '../../../core/contract/central-api';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, submission, uploadItem, type Harness, type TestDevice } from '../testing/harness';
import { upsertOfficer } from './officers';
import { MAX_KEPT_VERSIONS } from './submission-versions';

describeEachBackend('submissions', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
    for (const [id, name] of [['budi', 'Budi'], ['sari', 'Sari']]) {
      const added = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id, name, pin: '730591' });
      expect(added.statusCode, added.body).toBe(201);
    }
  });
  afterAll(async () => h.close());

  const upload = async (device: TestDevice, items: unknown[]) => {
    const response = await device.request('POST', '/v1/submissions/batch', { items });
    expect(response.statusCode, response.body).toBe(200);
    return UploadBatchResponse.parse(response.json()).results;
  };
  const changes = async (device: TestDevice, query: string) => {
    const response = await device.request('GET', `/v1/submissions/changes${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return ChangesResponse.parse(response.json());
  };
  const adminView = async (id: string) => {
    const response = await h.admin('GET', `/v1/admin/submissions/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return AdminSubmission.parse(response.json());
  };
  const rowsFor = async (id: string) => (await h.db.query('SELECT id FROM submissions WHERE id = $1', [id])).length;

  it('answers each item of a batch on its own: stored, duplicate, conflict, invalid', async () => {
    const kiosk = await h.enrol();
    const first = uploadItem();
    const [stored] = await upload(kiosk, [first]);
    expect(stored).toMatchObject({ id: first.id, outcome: 'stored', status: 201, receivedAt: h.clock.now().toISOString() });

    h.clock.advance(5_000);
    const changed = uploadItem(submission({ locale: 'en' }), first.id);
    const wrongHash: UploadItem = { ...uploadItem(), contentHash: 'f'.repeat(64) };
    const unreadable = { id: 'not-a-uuid', trackingCode: 'nope' };
    const fresh = uploadItem();
    const results = await upload(kiosk, [first, changed, wrongHash, unreadable, fresh]);
    expect(results.map((r) => [r.outcome, r.status])).toEqual([
      ['duplicate', 200],
      ['conflict', 422],
      ['invalid', 400],
      ['invalid', 400],
      ['stored', 201],
    ]);
    // A duplicate reports when the server first held it, not now.
    expect(results[0]?.receivedAt).toBe(stored?.receivedAt);
    expect(results[2]).toMatchObject({ id: wrongHash.id, message: expect.stringContaining('contentHash does not match') });
    expect(results[3]).toMatchObject({ id: 'not-a-uuid', message: expect.stringContaining('Does not match the contract') });
    expect(await rowsFor(wrongHash.id)).toBe(0);
  });

  it('keeps every other version of a conflicting id for an officer, each once', async () => {
    const kiosk = await h.enrol();
    const original = uploadItem();
    await upload(kiosk, [original]);
    const v2 = uploadItem(submission({ serviceVersion: 2 }), original.id);
    const v3 = uploadItem(submission({ serviceVersion: 3 }), original.id);
    await upload(kiosk, [v2, v3, v2]);
    await upload(kiosk, [v2]);

    const view = await adminView(original.id);
    expect(view.contentHash).toBe(original.contentHash);
    expect(view.submission).toEqual(original.submission);
    expect(view.conflicts.map((c) => c.contentHash).sort()).toEqual([v2.contentHash, v3.contentHash].sort());
    expect(view.conflicts.find((c) => c.contentHash === v3.contentHash)?.submission).toEqual(v3.submission);
  });

  it('treats an id another kiosk already used as a conflict, and tells only the owner about changes', async () => {
    const owner = await h.enrol();
    const intruder = await h.enrol();
    const item = uploadItem();
    await upload(owner, [item]);
    const [same] = await upload(intruder, [item]);
    expect(same).toMatchObject({ outcome: 'conflict', status: 422, message: expect.stringContaining('Another kiosk') });
    const [other] = await upload(intruder, [uploadItem(submission({ locale: 'en' }), item.id)]);
    expect(other?.outcome).toBe('conflict');
    expect((await changes(intruder, '?since=0')).changes).toEqual([]);
    expect((await changes(owner, '?since=0')).changes.map((c) => c.id)).toEqual([item.id]);
  });

  it('stores exactly one of 50 concurrent uploads of one id', async () => {
    const kiosk = await h.enrol();
    const item = uploadItem();
    const answers = await Promise.all(Array.from({ length: 50 }, () => upload(kiosk, [item])));
    const outcomes = answers.map(([result]) => result?.outcome);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
    expect(await rowsFor(item.id)).toBe(1);
    expect(await h.db.query('SELECT 1 FROM submission_events WHERE submission_id = $1', [item.id])).toHaveLength(1);
  });

  it('stores exactly one row when five kiosks race 50 uploads of one id', async () => {
    // Different devices do not share the per-device event lock, so here the inserts really do
    // run at the same time on PostgreSQL and only the ON CONFLICT clause keeps them apart.
    const kiosks = await Promise.all(Array.from({ length: 5 }, () => h.enrol()));
    const item = uploadItem();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => upload(kiosks[i % 5] as TestDevice, [item])));
    const outcomes = answers.map(([result]) => result?.outcome);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(9);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(40);
    expect(await rowsFor(item.id)).toBe(1);
  });

  it(`stores one, keeps ${MAX_KEPT_VERSIONS} as conflicts and refuses the rest when 50 kiosks race different contents under one id`, async () => {
    // Five kiosks: their uploads do not share the per-device lock, so on PostgreSQL only the cap's
    // own lock keeps the count exact.
    const kiosks = await Promise.all(Array.from({ length: 5 }, () => h.enrol()));
    const id = randomUUID();
    const items = Array.from({ length: 50 }, (_, i) => uploadItem(submission({ serviceVersion: i + 1 }), id));
    const answers = await Promise.all(items.map((item, i) => upload(kiosks[i % 5] as TestDevice, [item])));
    const outcomes = answers.map(([result]) => result?.outcome);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(MAX_KEPT_VERSIONS);
    expect(outcomes.filter((o) => o === 'invalid')).toHaveLength(49 - MAX_KEPT_VERSIONS);
    expect((await adminView(id)).conflicts).toHaveLength(MAX_KEPT_VERSIONS);
  });

  it(`keeps at most ${MAX_KEPT_VERSIONS} other versions of one id, and answers the excess invalid without storing it`, async () => {
    const kiosk = await h.enrol();
    const original = uploadItem();
    await upload(kiosk, [original]);
    // 101 versions of one id from one kiosk: the original, then a full batch of others.
    const others = Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => uploadItem(submission({ serviceVersion: i + 2 }), original.id));
    const results = await upload(kiosk, others);
    expect(results.slice(0, MAX_KEPT_VERSIONS).map((r) => [r.outcome, r.status])).toEqual(Array.from({ length: MAX_KEPT_VERSIONS }, () => ['conflict', 422]));
    const refused = results.slice(MAX_KEPT_VERSIONS);
    expect(refused).toHaveLength(MAX_BATCH_ITEMS - MAX_KEPT_VERSIONS);
    for (const result of refused) {
      expect(result).toEqual({
        id: original.id,
        outcome: 'invalid',
        status: 400,
        message: `The server already keeps ${MAX_KEPT_VERSIONS} other versions of this submission for an officer; this one was not stored`,
      });
    }
    const kept = (await adminView(original.id)).conflicts.map((c) => c.contentHash).sort();
    expect(kept).toEqual(others.slice(0, MAX_KEPT_VERSIONS).map((item) => item.contentHash).sort());
    expect(await h.db.query('SELECT 1 FROM submission_conflicts WHERE submission_id = $1', [original.id])).toHaveLength(MAX_KEPT_VERSIONS);

    // A kept version sent again is still answered as kept; a new one is refused like the rest.
    const again = await upload(kiosk, [others[0], uploadItem(submission({ serviceVersion: 999 }), original.id), original]);
    expect(again.map((r) => r.outcome)).toEqual(['conflict', 'invalid', 'duplicate']);
  });

  it(`refuses an empty batch and one over ${MAX_BATCH_ITEMS} items`, async () => {
    const kiosk = await h.enrol();
    for (const items of [[], Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => uploadItem())]) {
      const response = await kiosk.request('POST', '/v1/submissions/batch', { items });
      expect(response.statusCode).toBe(400);
      expect(ApiError.parse(response.json()).error.issues?.[0]?.path).toBe('body.items');
    }
  });

  it('pages status changes by cursor, in order, with `more`', async () => {
    const kiosk = await h.enrol();
    const items = Array.from({ length: 5 }, () => uploadItem());
    await upload(kiosk, items);
    const pages: string[][] = [];
    let since = '0';
    let more = true;
    while (more) {
      const page = await changes(kiosk, `?since=${since}&limit=2`);
      pages.push(page.changes.map((c) => c.id));
      expect(page.changes.every((c) => c.state === 'received')).toBe(true);
      expect(page.changes.map((c) => BigInt(c.cursor)).every((cursor) => cursor > BigInt(since))).toBe(true);
      since = page.cursor;
      more = page.more;
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat())).toEqual(new Set(items.map((i) => i.id)));

    const caughtUp = await changes(kiosk, `?since=${since}`);
    expect(caughtUp).toEqual({ changes: [], cursor: since, more: false });
    expect((await changes(kiosk, `?since=${'9'.repeat(19)}`)).changes).toEqual([]);
  });

  it('validates the changes query', async () => {
    const kiosk = await h.enrol();
    for (const query of ['?since=-1', '?limit=0', '?limit=501', '?since=1&since=2', '?cursor=1']) {
      const response = await kiosk.request('GET', `/v1/submissions/changes${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(ApiError.parse(response.json()).error.code).toBe('bad_request');
    }
  });

  it('moves a received submission to processed once, with the note reaching the kiosk', async () => {
    const kiosk = await h.enrol();
    const item = uploadItem();
    await upload(kiosk, [item]);
    const { cursor } = await changes(kiosk, '?since=0');

    h.clock.advance(60_000);
    const moved = await h.admin('POST', `/v1/admin/submissions/${item.id}/transition`, { to: 'processed', officerId: 'budi', note: 'Surat siap diambil di loket 2' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(AdminSubmission.parse(moved.json())).toMatchObject({ state: 'processed', note: 'Surat siap diambil di loket 2' });

    const next = await changes(kiosk, `?since=${cursor}`);
    expect(next.changes).toEqual([
      { cursor: expect.any(String), id: item.id, trackingCode: item.trackingCode, state: 'processed', note: 'Surat siap diambil di loket 2', changedAt: h.clock.now().toISOString() },
    ]);

    const again = await h.admin('POST', `/v1/admin/submissions/${item.id}/transition`, { to: 'rejected', officerId: 'budi', note: 'Terlambat' });
    expect(again.statusCode).toBe(409);
    expect(ApiError.parse(again.json()).error.code).toBe('conflict');
    expect((await adminView(item.id)).state).toBe('processed');
  });

  it('rejects with a note, and refuses unknown ids and bad transitions', async () => {
    const kiosk = await h.enrol();
    const item = uploadItem();
    await upload(kiosk, [item]);
    const rejected = await h.admin('POST', `/v1/admin/submissions/${item.id}/transition`, { to: 'rejected', officerId: 'sari', note: 'KK tidak terbaca' });
    expect(AdminSubmission.parse(rejected.json()).state).toBe('rejected');

    expect((await h.admin('POST', `/v1/admin/submissions/${randomUUID()}/transition`, { to: 'processed', officerId: 'sari', note: 'x' })).statusCode).toBe(404);
    expect((await h.admin('GET', `/v1/admin/submissions/${randomUUID()}`)).statusCode).toBe(404);
    expect((await h.admin('GET', '/v1/admin/submissions/not-a-uuid')).statusCode).toBe(400);
    const back = await h.admin('POST', `/v1/admin/submissions/${item.id}/transition`, { to: 'received', officerId: 'sari', note: 'undo' });
    expect(back.statusCode).toBe(400);
    expect(ApiError.parse(back.json()).error.issues?.[0]?.path).toBe('body.to');
  });

  it('lets only an active officer of the submission office move it, and changes nothing otherwise', async () => {
    const kiosk = await h.enrol();
    const item = uploadItem();
    await upload(kiosk, [item]);
    // The repo catalogue has one office; a neighbour office's officer goes straight into the
    // database, as on a server shared by two kecamatan.
    await upsertOfficer(h.db, { officeCode: '36.03.04', id: 'tono', name: 'Tono', pin: '730591' }, h.clock.now());
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'rudi', name: 'Rudi', pin: '730591' });
    const deactivated = await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/rudi/deactivate`);
    expect(deactivated.statusCode, deactivated.body).toBe(200);

    const transition = (officerId: string) => h.admin('POST', `/v1/admin/submissions/${item.id}/transition`, { to: 'processed', officerId, note: 'Surat siap' });
    for (const [officerId, reason] of [
      ['nobody', `Office ${OFFICE} has no officer nobody`],
      ['tono', `Office ${OFFICE} has no officer tono`],
      ['rudi', `Officer rudi of office ${OFFICE} is deactivated`],
    ] as const) {
      const refused = await transition(officerId);
      expect(refused.statusCode, officerId).toBe(400);
      const { error } = ApiError.parse(refused.json());
      expect(error.code).toBe('bad_request');
      expect(error.message).toContain(reason);
      expect(error.issues?.map((issue) => issue.path)).toEqual(['body.officerId']);
    }
    expect(await adminView(item.id)).toMatchObject({ state: 'received' });
    expect((await changes(kiosk, '?since=0')).changes.map((change) => change.state)).toEqual(['received']);

    const moved = await transition('budi');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(AdminSubmission.parse(moved.json())).toMatchObject({ state: 'processed', note: 'Surat siap' });
    expect(await h.db.query('SELECT officer_id FROM submissions WHERE id = $1', [item.id])).toEqual([{ officer_id: 'budi' }]);

    // Adding Rudi again makes him active, and able to act, once more.
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'rudi', name: 'Rudi', pin: '730591' });
    const other = uploadItem();
    await upload(kiosk, [other]);
    expect((await h.admin('POST', `/v1/admin/submissions/${other.id}/transition`, { to: 'rejected', officerId: 'rudi', note: 'KK tidak terbaca' })).statusCode).toBe(200);
  });
});
