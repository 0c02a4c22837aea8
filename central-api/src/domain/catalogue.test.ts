import { createPublicKey, verify } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, OfficeConfig, SignedCatalogue } from '../../../core/contract/central-api';
import { canonicalJson } from '../../../core/contract/request-signing';
import { buildServer } from '../server';
import { describeEachBackend } from '../testing/backends';
import { REPO_CATALOGUE, startHarness, TestDevice, type Harness } from '../testing/harness';
import { directoryCatalogue } from './catalogue-source';

/** What a kiosk does with the key it got at enrolment (renderer/src/sync/catalogue-signature.ts). */
function signatureHolds(signed: { catalogue: unknown; signature: string }, serverPublicKey: string): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: serverPublicKey }, format: 'jwk' });
  return verify(null, Buffer.from(canonicalJson(signed.catalogue)), key, Buffer.from(signed.signature, 'base64url'));
}

describeEachBackend('catalogue', (backend) => {
  let h: Harness;
  let dir: string;
  let kiosk: TestDevice;
  beforeAll(async () => {
    // A copy of kiosk-config, so a test can edit a service file as IT would.
    dir = await mkdtemp(path.join(tmpdir(), 'tuntun-catalogue-'));
    await cp(path.join(REPO_CATALOGUE, 'offices'), path.join(dir, 'offices'), { recursive: true });
    await cp(path.join(REPO_CATALOGUE, 'services'), path.join(dir, 'services'), { recursive: true });
    h = await startHarness(backend, { catalogue: directoryCatalogue(dir) });
    kiosk = await h.enrol();
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fetchCatalogue = async (etag?: string) => kiosk.request('GET', '/v1/catalogue', undefined, etag === undefined ? {} : { headers: { 'if-none-match': etag } });
  const editService = async (id: string, edit: (json: Record<string, unknown>) => void) => {
    const file = path.join(dir, 'services', `${id}.json`);
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(json);
    await writeFile(file, JSON.stringify(json, null, 2));
  };

  it('serves the office services in office.json order, signed with the key given at enrolment', async () => {
    const response = await fetchCatalogue();
    expect(response.statusCode).toBe(200);
    const signed = SignedCatalogue.parse(response.json());
    const office = OfficeConfig.parse(JSON.parse(await readFile(path.join(dir, 'offices', 'tigaraksa', 'office.json'), 'utf8')));
    expect(signed.catalogue.officeCode).toBe(office.code);
    expect(signed.catalogue.services.map((s) => s.id)).toEqual(office.services);
    expect(response.body).not.toContain('$schema');
    expect(response.headers.etag).toBe(`"${signed.catalogue.version}"`);
    expect(signatureHolds(response.json(), kiosk.serverPublicKey)).toBe(true);

    const tampered = response.json<{ catalogue: { services: unknown[] }; signature: string }>();
    tampered.catalogue.services.pop();
    expect(signatureHolds(tampered, kiosk.serverPublicKey)).toBe(false);
  });

  it('answers 304 to a current ETag and keeps version and issuedAt while nothing changes', async () => {
    const first = SignedCatalogue.parse((await fetchCatalogue()).json());
    h.clock.advance(3_600_000);
    const second = SignedCatalogue.parse((await fetchCatalogue()).json());
    expect(second.catalogue.version).toBe(first.catalogue.version);
    expect(second.catalogue.issuedAt).toBe(first.catalogue.issuedAt);

    const etag = `"${first.catalogue.version}"`;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const notModified = await fetchCatalogue(header);
      expect(notModified.statusCode, header).toBe(304);
      expect(notModified.body).toBe('');
      expect(notModified.headers.etag).toBe(etag);
    }
    expect((await fetchCatalogue('"0000"')).statusCode).toBe(200);
  });

  it('gives a changed content a new version, issued later, and never goes back in time', async () => {
    const before = SignedCatalogue.parse((await fetchCatalogue()).json());
    h.clock.advance(60_000);
    const original = await readFile(path.join(dir, 'services', 'sktm.json'), 'utf8');
    await editService('sktm', (json) => {
      json.version = Number(json.version) + 1;
    });
    const changed = await fetchCatalogue(`"${before.catalogue.version}"`);
    expect(changed.statusCode).toBe(200);
    const after = SignedCatalogue.parse(changed.json());
    expect(after.catalogue.version).not.toBe(before.catalogue.version);
    expect(Date.parse(after.catalogue.issuedAt)).toBeGreaterThan(Date.parse(before.catalogue.issuedAt));
    expect(signatureHolds(after, kiosk.serverPublicKey)).toBe(true);

    // Back to the old content: the old version, but a newer issue time, since kiosks refuse older ones.
    await writeFile(path.join(dir, 'services', 'sktm.json'), original);
    h.clock.advance(60_000);
    const reverted = SignedCatalogue.parse((await fetchCatalogue()).json());
    expect(reverted.catalogue.version).toBe(before.catalogue.version);
    expect(Date.parse(reverted.catalogue.issuedAt)).toBeGreaterThan(Date.parse(after.catalogue.issuedAt));
  });

  it('leaves out a service whose file is broken, and reports it', async () => {
    const original = await readFile(path.join(dir, 'services', 'puskesmas.json'), 'utf8');
    await editService('puskesmas', (json) => {
      json.steps = [];
    });
    try {
      const signed = SignedCatalogue.parse((await fetchCatalogue()).json());
      expect(signed.catalogue.services.map((s) => s.id)).not.toContain('puskesmas');
      expect(signed.catalogue.services.length).toBeGreaterThan(5);
      expect(await directoryCatalogue(dir).problems()).toEqual([{ file: path.join('services', 'puskesmas.json'), message: expect.stringContaining('steps') }]);
    } finally {
      await writeFile(path.join(dir, 'services', 'puskesmas.json'), original);
    }
  });

  it('signs with the same key after a restart', async () => {
    const again = await buildServer({ db: h.db, catalogue: directoryCatalogue(dir), now: h.clock.now });
    try {
      const device = new TestDevice(again, { deviceId: kiosk.id, secret: kiosk.secret, officeCode: kiosk.officeCode, serverPublicKey: kiosk.serverPublicKey, serverTime: '' }, h.clock);
      const response = await device.request('GET', '/v1/catalogue');
      expect(signatureHolds(response.json(), kiosk.serverPublicKey)).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('answers 404 when the device office is no longer in the catalogue directory', async () => {
    await rm(path.join(dir, 'offices', 'tigaraksa', 'office.json'));
    const response = await fetchCatalogue();
    expect(response.statusCode).toBe(404);
    expect(ApiError.parse(response.json()).error.code).toBe('not_found');
  });
});
