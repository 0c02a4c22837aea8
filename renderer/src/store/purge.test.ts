import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Submission } from '../../../core/flow/submission';
import { checkTrackingCode } from '../../../core/id';
import { saveSubmission } from '../flow/save-submission';
import type { KioskStore } from './kiosk-store';
import { createTestStore } from './memory-host.fixture';
import { purgeReceived } from './purge';
import { markReceived } from './reconcile';
import { readCurrentState } from './state';

const submission: Submission = {
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-01T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: '3603031708900001', author: 'resident', at: '2026-11-01T03:01:00.000Z' }],
};

const opened: KioskStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.db.close();
});

describe('purgeReceived', () => {
  it('deletes the personal data of submissions received more than N days ago, keeping what status needs', async () => {
    const { store, host } = await createTestStore();
    opened.push(store);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const saved = await saveSubmission(store, submission, new Date('2026-11-01T04:00:00Z'));
      if (!saved.ok) throw new Error('save failed');
      ids.push(saved.value.id);
    }
    const [old = '', oldProcessed = '', recent = '', unsent = ''] = ids;
    await markReceived(store.db, host, [
      { id: old, state: 'received', at: '2026-11-02T00:00:00.000Z' },
      { id: oldProcessed, state: 'received', at: '2026-11-02T00:00:00.000Z' },
      { id: recent, state: 'received', at: '2026-11-08T00:00:00.000Z' },
    ]);
    await markReceived(store.db, host, [{ id: oldProcessed, state: 'processed', at: '2026-11-03T00:00:00.000Z' }]);

    const now = new Date('2026-11-10T00:00:00Z'); // 8 days after the old ones, 2 after the recent one
    expect(await purgeReceived(store.db, now, 7)).toBe(2);
    for (const id of [old, oldProcessed]) {
      const row = await store.db.submissions.get(id);
      expect(row).toMatchObject({ id, purgedAt: '2026-11-10T00:00:00.000Z', receivedAt: '2026-11-02T00:00:00.000Z' });
      expect(await store.db.payloads.get(id), 'the sealed payload is gone').toBeUndefined();
      expect(checkTrackingCode(row?.trackingCode ?? '').ok).toBe(true);
    }
    expect((await store.db.submissions.get(oldProcessed))?.state).toBe('processed');
    expect(await store.db.payloads.get(recent)).toBeDefined();
    expect(await store.db.payloads.get(unsent), 'never purge what the office does not have').toBeDefined();

    expect(await purgeReceived(store.db, now, 7), 'a second run purges nothing more').toBe(0);
    expect(await store.db.receipts.toArray(), 'what the receipt still waits for').toMatchObject([{ at: '2026-11-08T00:00:00.000Z', ids: [recent] }]);
    expect(await purgeReceived(store.db, new Date('2026-11-16T00:00:00Z'), 7)).toBe(1);
    expect(await store.db.submissions.get(recent), 'folded in: the row says received from now on').toMatchObject({ state: 'received', receivedAt: '2026-11-08T00:00:00.000Z' });
    expect(await store.db.receipts.count()).toBe(0);
    expect(await readCurrentState(store.db, { id: unsent })).toBe('saved');
  });
});
