import { describe, expect, it } from 'vitest';
import { encodeJournalRecord } from '../contract/journal-record';
import { contentHash } from '../contract/request-signing';
import { uploadBodyOf } from './journal-upload';

const submission = { serviceId: 'surat-domisili', serviceVersion: 1, answers: { nama: 'Siti' } };
const row = (id: string) => ({
  id,
  trackingCode: `TT-${id.slice(0, 4)}`,
  serviceId: submission.serviceId,
  serviceVersion: submission.serviceVersion,
  createdAt: '2026-12-05T02:00:00.000Z',
  contentHash: contentHash(submission),
});
const good = '0190c3a0-0000-7000-8000-000000000001';
const other = '0190c3a0-0000-7000-8000-000000000002';
const garbled = '0190c3a0-0000-7000-8000-000000000003';
const absent = '0190c3a0-0000-7000-8000-000000000004';

describe('the upload body from journal records', () => {
  it('sends the readable records in order, once each, and lists what it could not send', () => {
    const records = new Map([
      [good, encodeJournalRecord(row(good), submission)],
      // Filed under one id but holding another's record: never sent under the wrong id.
      [other, encodeJournalRecord(row(good), submission)],
      [garbled, '{"v":1,'],
    ]);
    const { body, missing } = uploadBodyOf([good, other, garbled, absent, good], (id) => records.get(id));
    expect(missing).toEqual([other, garbled, absent]);
    expect(JSON.parse(body ?? 'null')).toEqual({
      items: [{ id: good, trackingCode: row(good).trackingCode, contentHash: row(good).contentHash, savedAt: row(good).createdAt, submission }],
    });
  });

  it('has no body when nothing can be sent', () => {
    expect(uploadBodyOf([absent], () => undefined)).toEqual({ body: null, missing: [absent] });
  });
});
