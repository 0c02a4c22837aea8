import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { checkTrackingCode } from '../../../core/id';
import type { Submission } from '../../../core/flow/submission';
import { openKioskDb } from '../db/db';
import { saveSubmission } from './save-submission';

const submission: Submission = {
  serviceId: 'sktm',
  serviceVersion: 1,
  locale: 'id',
  officeCode: '36.03.03',
  startedAt: '2026-11-22T03:00:00.000Z',
  answers: [{ stepId: 'nik', value: '3603031708900001', author: 'resident', at: '2026-11-22T03:01:00.000Z' }],
};

describe('saveSubmission', () => {
  it('stores the submission with a time-ordered id and a checkable tracking code', async () => {
    const db = openKioskDb(`test-${Math.random()}`);
    const first = await saveSubmission(db, submission, new Date('2026-11-22T03:02:00Z'));
    const second = await saveSubmission(db, submission, new Date('2026-11-22T03:03:00Z'));
    if (!first.ok || !second.ok) throw new Error('save failed');
    expect(first.value.id < second.value.id, 'UUIDv7 ids sort by creation').toBe(true);
    expect(checkTrackingCode(first.value.trackingCode).ok).toBe(true);
    expect(await db.submissions.get(first.value.id)).toMatchObject({ state: 'saved', serviceId: 'sktm', payload: submission });
    db.close();
  });

  it('answers with an error Result, not a throw, when the store refuses the write', async () => {
    const db = openKioskDb(`test-${Math.random()}`);
    await db.open();
    db.close();
    const result = await saveSubmission(db, submission, new Date());
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
