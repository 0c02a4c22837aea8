import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../core/contract/request-signing';
import type { Submission } from '../../../core/flow/submission';
import { createMemoryHost } from '../store/memory-host.fixture';
import { reconcile } from '../store/reconcile';
import { importStoreKey, unseal } from '../store/seal';
import { sealLegacy } from '../store/seal-legacy';
import { LEGACY_PLAINTEXT_KEY, openKioskDb } from './db';
import { openV1Db, type V1Submission } from './versions/v1';
import { openV2Db } from './versions/v2';

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
    expect(db.verno).toBe(3);

    // Area data is carried over as it was.
    expect(await db.provinces.get('36')).toEqual({ code: '36', name: 'Banten' });
    expect((await db.districtVillages.get('36.03.03'))?.villages).toEqual([{ code: '36.03.03.2002', name: 'Desa Satu' }]);
    expect(await db.areaMeta.get('areas')).toMatchObject({ version: 'v1', villages: 1 });

    // Straight after the upgrade: plaintext parked, hash computed, unsent ones in the outbox.
    const upgraded = await db.submissions.get(v1Rows[0]?.id ?? '');
    expect(upgraded).toMatchObject({ sealed: null, legacyPayload: payload(NIK), contentHash: contentHash(payload(NIK)), trackingCode: 'AAAA' });
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
      if (row.sealed === null) throw new Error('not sealed');
      expect(await unseal(key, row.sealed)).toEqual(original?.payload);
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

  it('v2 → v3: every v2 table and row carried over as it was, an empty help table added', async () => {
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
    expect(db.verno).toBe(3);
    expect(await db.submissions.get(row.id ?? '')).toEqual(row);
    expect(await db.outbox.get(row.id ?? '')).toMatchObject({ attempts: 2, nextAttemptAt: 5 });
    expect(await db.audit.get(1)).toMatchObject({ action: 'test.entry' });
    expect(await db.syncMeta.get('sync.cursor')).toEqual({ key: 'sync.cursor', value: '42' });
    expect(await db.catalogue.get('current')).toMatchObject({ version: 'v' });
    expect(await db.help.count()).toBe(0);
    db.close();
  });
});
