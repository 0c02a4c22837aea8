import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../core/contract/request-signing';
import type { Submission } from '../../../core/flow/submission';
import { createMemoryHost } from '../store/memory-host.fixture';
import { reconcile } from '../store/reconcile';
import { readPayload } from '../store/kiosk-store';
import { importStoreKey, seal, unseal } from '../store/seal';
import { sealLegacy } from '../store/seal-legacy';
import { LEGACY_PLAINTEXT_KEY, openKioskDb } from './db';
import { openV1Db, type V1Submission } from './versions/v1';
import { openV2Db } from './versions/v2';
import { openV3Db } from './versions/v3';
import { openV4Db } from './versions/v4';
import { purgeReceived } from '../store/purge';
import { readCurrentState } from '../store/state';

/**
 * Migration tests: each released version of the store has a frozen copy in versions/ and a test
 * here that creates a database as that release left it, with rows, and opens it with today's
 * openKioskDb. Every future version adds its frozen copy and its test the same way.
 */
const NIK = '3603031708900001';
const payload = (stepValue: string): Submission => ({
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-10-01T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: stepValue, author: 'resident', at: '2026-10-01T03:01:00.000Z' }],
});
const v1Rows: V1Submission[] = [
  { id: '0199a1b2-0000-7000-8000-000000000001', trackingCode: 'AAAA', serviceId: 'sktm', serviceVersion: 1, state: 'saved', createdAt: '2026-10-01T03:02:00.000Z', payload: payload(NIK) },
  { id: '0199a1b2-0000-7000-8000-000000000002', trackingCode: 'BBBB', serviceId: 'sktm', serviceVersion: 1, state: 'saved', createdAt: '2026-10-01T03:05:00.000Z', payload: payload('3603031708900002') },
  { id: '0199a1b2-0000-7000-8000-000000000003', trackingCode: 'CCCC', serviceId: 'sktm', serviceVersion: 1, state: 'received', createdAt: '2026-10-01T03:09:00.000Z', payload: payload('3603031708900003') },
];

async function createV1(name: string) {
  const v1 = openV1Db(name);
  await v1.table('provinces').put({ code: '36', name: 'Banten' });
  await v1.table('districtVillages').put({ districtCode: '36.03.03', villages: [{ code: '36.03.03.2002', name: 'Desa Satu' }] });
  await v1.table('areaMeta').put({ key: 'areas', version: 'v1', loadedAt: '2026-09-01T00:00:00.000Z', villages: 1, districtGroups: 1 });
  await v1.table('submissions').bulkAdd(v1Rows);
  v1.close();
}

describe('kiosk store migrations', () => {
  it('v1 → v2: areas untouched, submissions hashed and queued in the upgrade, sealed by sealLegacy', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    await createV1(name);
    const db = openKioskDb(name);
    await db.open();
    expect(db.verno).toBe(5);

    // Area data is carried over as it was.
    expect(await db.provinces.get('36')).toEqual({ code: '36', name: 'Banten' });
    expect((await db.districtVillages.get('36.03.03'))?.villages).toEqual([{ code: '36.03.03.2002', name: 'Desa Satu' }]);
    expect(await db.areaMeta.get('areas')).toMatchObject({ version: 'v1', villages: 1 });

    // Straight after the upgrade: plaintext parked, hash computed, unsent ones in the outbox.
    const upgraded = await db.submissions.get(v1Rows[0]?.id ?? '');
    expect(upgraded).toMatchObject({ legacyPayload: payload(NIK), contentHash: contentHash(payload(NIK)), trackingCode: 'AAAA' });
    expect(upgraded && 'sealed' in upgraded, 'v4 keeps no payload in the row').toBe(false);
    expect(await db.payloads.count(), 'nothing sealed yet').toBe(0);
    expect(upgraded?.purgedAt, 'a parked row is not a purged one').toBeUndefined();
    expect(upgraded && 'payload' in upgraded).toBe(false);
    expect((await db.outbox.toCollection().primaryKeys()).sort()).toEqual([v1Rows[0]?.id, v1Rows[1]?.id]);
    expect(await db.syncMeta.get(LEGACY_PLAINTEXT_KEY)).toBeDefined();

    const host = createMemoryHost();
    const key = await importStoreKey(host.key);
    expect(await sealLegacy(db, key)).toBe(3);
    const rows = await db.submissions.toArray();
    expect(JSON.stringify(rows)).not.toContain(NIK);
    for (const row of rows) {
      const original = v1Rows.find((r) => r.id === row.id);
      expect(row.legacyPayload).toBeUndefined();
      const sealed = await db.payloads.get(row.id);
      if (sealed === undefined) throw new Error('not sealed');
      expect(await unseal(key, sealed.sealed)).toEqual(original?.payload);
      expect(row.state).toBe(original?.state);
    }
    expect(await db.syncMeta.get(LEGACY_PLAINTEXT_KEY)).toBeUndefined();
    expect(await sealLegacy(db, key), 'nothing left to seal at the next start').toBe(0);

    // The unsent v1 submissions reach the host journal at the first reconcile.
    expect(await reconcile({ db, key, bridge: host })).toMatchObject({ ok: true, value: { rejournaled: 2 } });
    expect([...host.journal.keys()].sort()).toEqual([v1Rows[0]?.id, v1Rows[1]?.id]);
    db.close();
  });

  it('v1 → v2: a page killed before sealLegacy finishes leaves it to the next start, and reconcile can journal parked rows', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    await createV1(name);
    const first = openKioskDb(name);
    await first.open();
    first.close(); // killed before sealLegacy ran

    const host = createMemoryHost();
    const key = await importStoreKey(host.key);
    const db = openKioskDb(name);
    // Even unsealed, the parked plaintext can be journaled (reconcile reads legacyPayload).
    expect(await reconcile({ db, key, bridge: host })).toMatchObject({ ok: true, value: { rejournaled: 2, failed: 0 } });
    expect(await sealLegacy(db, key)).toBe(3);
    expect(JSON.stringify(await db.submissions.toArray())).not.toContain(NIK);
    db.close();
  });

  it('v2 → v3 (→ v4): every v2 table and row carried over, an empty help table added', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v2 = openV2Db(name);
    const sealed = { iv: 'aXY', data: 'ZGF0YQ' };
    const row = { id: v1Rows[0]?.id, trackingCode: 'AAA-AAA-AAAA', serviceId: 'sktm', serviceVersion: 1, state: 'saved', createdAt: '2026-11-01T03:00:00.000Z', contentHash: 'a'.repeat(64), sealed };
    await v2.table('submissions').add(row);
    await v2.table('outbox').add({ id: row.id, enqueuedAt: row.createdAt, attempts: 2, nextAttemptAt: 5 });
    await v2.table('audit').add({ seq: 1, at: row.createdAt, actor: 'system', action: 'test.entry', prevHash: '0'.repeat(64), hash: 'b'.repeat(64) });
    await v2.table('syncMeta').put({ key: 'sync.cursor', value: '42' });
    await v2.table('catalogue').put({ key: 'current', version: 'v', etag: '"v"', signed: {}, verifiedAt: row.createdAt });
    v2.close();

    const db = openKioskDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.submissions.get(row.id ?? '')).toEqual({ ...row, sealed: undefined });
    expect(await db.payloads.get(row.id ?? '')).toEqual({ id: row.id, sealed });
    expect(await db.outbox.get(row.id ?? '')).toMatchObject({ attempts: 2, nextAttemptAt: 5 });
    expect(await db.audit.get(1)).toMatchObject({ action: 'test.entry' });
    expect(await db.syncMeta.get('sync.cursor')).toEqual({ key: 'sync.cursor', value: '42' });
    expect(await db.catalogue.get('current')).toMatchObject({ version: 'v' });
    expect(await db.help.count()).toBe(0);
    db.close();
  });

  it('v3 → v4: each sealed payload moves to payloads, byte for byte; purged rows get none; the rest untouched', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v3 = openV3Db(name);
    const host = createMemoryHost();
    const key = await importStoreKey(host.key);
    const base = { serviceId: 'sktm', serviceVersion: 1, createdAt: '2026-11-20T03:00:00.000Z', contentHash: 'c'.repeat(64) };
    const saved = { ...base, id: '0199a1b2-0000-7000-8000-00000000000a', trackingCode: 'AAA-AAA-AAAA', state: 'saved', sealed: await seal(key, payload(NIK)) };
    const received = { ...base, id: '0199a1b2-0000-7000-8000-00000000000b', trackingCode: 'BBB-BBB-BBBB', state: 'received', receivedAt: '2026-11-21T00:00:00.000Z', sealed: await seal(key, payload('3603031708900002')) };
    const purged = { ...base, id: '0199a1b2-0000-7000-8000-00000000000c', trackingCode: 'CCC-CCC-CCCC', state: 'processed', receivedAt: '2026-11-01T00:00:00.000Z', purgedAt: '2026-11-09T00:00:00.000Z', sealed: null };
    await v3.table('submissions').bulkAdd([saved, received, purged]);
    await v3.table('outbox').add({ id: saved.id, enqueuedAt: saved.createdAt, attempts: 0, nextAttemptAt: 0 });
    await v3.table('help').add({ id: 'h1', at: saved.createdAt, screen: 'home' });
    v3.close();

    const db = openKioskDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    for (const { sealed, ...row } of [saved, received, purged]) {
      expect(await db.submissions.get(row.id)).toEqual(row);
      expect(await db.payloads.get(row.id)).toEqual(sealed === null ? undefined : { id: row.id, sealed });
    }
    expect(await db.outbox.count()).toBe(1);
    expect(await db.help.get('h1')).toMatchObject({ screen: 'home' });

    // Read back as the kiosk does: the moved payload still unseals, the purged row says so.
    const [savedRow, purgedRow] = await db.submissions.bulkGet([saved.id, purged.id]);
    if (savedRow === undefined || purgedRow === undefined) throw new Error('rows lost');
    expect(await readPayload(key, savedRow, await db.payloads.get(saved.id))).toEqual({ ok: true, value: payload(NIK) });
    expect(await readPayload(key, purgedRow, undefined)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // The unsent one reaches the journal at the first reconcile, from its moved payload.
    expect(await reconcile({ db, key, bridge: host })).toMatchObject({ ok: true, value: { rejournaled: 1, failed: 0 } });
    expect([...host.journal.keys()]).toEqual([saved.id]);
    db.close();
  });

  it('v4 → v5: rows carried over as they are (received ones still say so), an empty receipts table added', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const v4 = openV4Db(name);
    const host = createMemoryHost();
    const key = await importStoreKey(host.key);
    const base = { serviceId: 'sktm', serviceVersion: 1, createdAt: '2026-11-20T03:00:00.000Z', contentHash: 'c'.repeat(64) };
    const saved = { ...base, id: '0199a1b2-0000-7000-8000-00000000000a', trackingCode: 'AAA-AAA-AAAA', state: 'saved' };
    const received = { ...base, id: '0199a1b2-0000-7000-8000-00000000000b', trackingCode: 'BBB-BBB-BBBB', state: 'received', receivedAt: '2026-11-21T00:00:00.000Z' };
    await v4.table('submissions').bulkAdd([saved, received]);
    await v4.table('payloads').bulkAdd([
      { id: saved.id, sealed: await seal(key, payload(NIK)) },
      { id: received.id, sealed: await seal(key, payload('3603031708900002')) },
    ]);
    await v4.table('outbox').add({ id: saved.id, enqueuedAt: saved.createdAt, attempts: 1, nextAttemptAt: 0 });
    v4.close();

    const db = openKioskDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await db.submissions.bulkGet([saved.id, received.id])).toEqual([saved, received]);
    expect(await db.receipts.count()).toBe(0);
    expect(await readCurrentState(db, { id: saved.id })).toBe('saved');
    expect(await readCurrentState(db, { trackingCode: received.trackingCode })).toBe('received');
    // A v4 row that says received is purged on its own receivedAt, as before.
    expect(await purgeReceived(db, new Date('2026-11-29T00:00:00.000Z'), 7)).toBe(1);
    expect(await db.payloads.get(received.id)).toBeUndefined();
    expect(await db.payloads.get(saved.id)).toBeDefined();
    db.close();
  });
});
