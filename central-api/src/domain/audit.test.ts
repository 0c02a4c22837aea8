import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, AuditBatchResponse, AuditHeadResponse, type AuditEntry } from '../../../core/contract/central-api';
import { auditEntryHash } from '../../../core/contract/request-signing';
import { describeEachBackend } from '../testing/backends';
import { auditChain, startHarness, type Harness, type TestDevice } from '../testing/harness';

describeEachBackend('audit chain', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => h.close());

  const send = (kiosk: TestDevice, entries: AuditEntry[]) => kiosk.request('POST', '/v1/audit/batch', { entries });
  const accepted = async (kiosk: TestDevice, entries: AuditEntry[]) => {
    const response = await send(kiosk, entries);
    expect(response.statusCode, response.body).toBe(200);
    return AuditBatchResponse.parse(response.json()).acceptedThrough;
  };
  const refused = async (kiosk: TestDevice, entries: AuditEntry[]) => {
    const response = await send(kiosk, entries);
    return { status: response.statusCode, error: ApiError.parse(response.json()).error };
  };
  const stored = async (kiosk: TestDevice) => (await h.db.query('SELECT seq FROM audit_entries WHERE device_id = $1', [kiosk.id])).length;

  it('appends a valid chain batch by batch, and takes resends in stride', async () => {
    const kiosk = await h.enrol();
    const chain = auditChain(1, 8);
    expect(await accepted(kiosk, chain.slice(0, 5))).toBe(5);
    expect(await accepted(kiosk, chain.slice(5))).toBe(8);
    expect(await accepted(kiosk, chain.slice(3))).toBe(8);
    expect(await accepted(kiosk, chain.slice(0, 2))).toBe(8);
    expect(await stored(kiosk)).toBe(8);
  });

  it('refuses a link that does not name the previous hash, and stores none of its batch', async () => {
    const kiosk = await h.enrol();
    const chain = auditChain(1, 3);
    expect(await accepted(kiosk, chain)).toBe(3);
    const good = auditChain(4, 6, chain[2]?.hash);
    const forged = auditChain(6, 6, 'a'.repeat(64));
    const result = await refused(kiosk, [good[0] as AuditEntry, good[1] as AuditEntry, forged[0] as AuditEntry]);
    expect(result.status).toBe(409);
    expect(result.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('does not link') });
    expect(await stored(kiosk)).toBe(3);
    expect(await accepted(kiosk, good)).toBe(6);
  });

  it('refuses an entry whose content was changed after hashing', async () => {
    const kiosk = await h.enrol();
    const [entry] = auditChain(1, 1);
    const result = await refused(kiosk, [{ ...(entry as AuditEntry), reason: 'edited later' }]);
    expect(result).toMatchObject({ status: 400, error: { code: 'bad_request', message: expect.stringContaining('hash does not match') } });
    expect(await stored(kiosk)).toBe(0);
  });

  it('refuses a gap and a different entry at a seq the server holds', async () => {
    const kiosk = await h.enrol();
    const chain = auditChain(1, 4);
    expect(await accepted(kiosk, chain.slice(0, 2))).toBe(2);
    const gap = await refused(kiosk, [chain[3] as AuditEntry]);
    expect(gap).toMatchObject({ status: 409, error: { message: expect.stringContaining('does not follow entry 2') } });

    const rewritten = { ...(chain[1] as AuditEntry), action: 'officer.left' };
    const rehashed = { ...rewritten, hash: auditEntryHash(rewritten) };
    const history = await refused(kiosk, [rehashed]);
    expect(history).toMatchObject({ status: 409, error: { message: expect.stringContaining('differs from the one the server holds') } });
    expect(await stored(kiosk)).toBe(2);
  });

  it('keeps each device chain apart', async () => {
    const a = await h.enrol();
    const b = await h.enrol();
    expect(await accepted(a, auditChain(1, 2))).toBe(2);
    expect(await accepted(b, auditChain(1, 1))).toBe(1);
  });

  it('tells a device the last entry it holds, so a kiosk that lost its log can link on', async () => {
    const kiosk = await h.enrol();
    const head = async () => {
      const response = await kiosk.request('GET', '/v1/audit/head');
      expect(response.statusCode, response.body).toBe(200);
      return AuditHeadResponse.parse(response.json());
    };
    expect(await head()).toEqual({ through: 0, hash: null });
    const chain = auditChain(1, 3);
    expect(await accepted(kiosk, chain)).toBe(3);
    expect(await head()).toEqual({ through: 3, hash: chain[2]?.hash });
    // Another device's chain is not this one's head.
    expect(await accepted(await h.enrol(), auditChain(1, 5))).toBe(5);
    expect((await head()).through).toBe(3);
  });

  it('validates entries with the contract', async () => {
    const kiosk = await h.enrol();
    const [entry] = auditChain(1, 1);
    const result = await refused(kiosk, [{ ...(entry as AuditEntry), actor: 'officer:' } as unknown as AuditEntry]);
    expect(result.status).toBe(400);
    expect(result.error.issues?.[0]?.path).toBe('body.entries.0.actor');
  });
});
