import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../../core/contract/central-api';
import { canonicalJson, sha256Hex } from '../../../core/contract/request-signing';
import { toBase64Url } from '../store/seal';
import { checkSignedCatalogue } from './catalogue-signature';

// WebCrypto Ed25519, as in the kiosk's Chromium (137+) and Electron 45.
async function signer() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const sign = async (value: unknown) => toBase64Url(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(canonicalJson(value)))));
  return { publicKey: toBase64Url(raw), sign };
}

const catalogue = (issuedAt: string, extra: Record<string, unknown> = {}) => {
  const content = { officeCode: '36.03.03', issuedAt, services: [], ...extra };
  return { ...content, version: sha256Hex(canonicalJson(content)) };
};
const expectFor = (serverPublicKey: string | null, inUse: Catalogue | null = null) => ({ serverPublicKey, officeCode: '36.03.03', inUse });

describe('checking a signed catalogue', () => {
  it('accepts a catalogue signed by the server key, whatever the key order on the wire', async () => {
    const { publicKey, sign } = await signer();
    const value = catalogue('2026-03-01T00:00:00.000Z');
    const reordered = JSON.parse(JSON.stringify({ version: value.version, services: [], issuedAt: value.issuedAt, officeCode: value.officeCode })) as unknown;
    const result = await checkSignedCatalogue({ catalogue: reordered, signature: await sign(value) }, expectFor(publicKey));
    expect(result).toMatchObject({ ok: true, catalogue: { version: value.version } });
  });

  it('checks the signature over what was sent, before parsing drops fields it does not know', async () => {
    const { publicKey, sign } = await signer();
    const value = catalogue('2026-03-01T00:00:00.000Z', { futureField: { x: 1 } });
    expect((await checkSignedCatalogue({ catalogue: value, signature: await sign(value) }, expectFor(publicKey))).ok).toBe(true);
  });

  it('refuses a tampered catalogue, another key, or a signature that is not one', async () => {
    const { publicKey, sign } = await signer();
    const other = await signer();
    const value = catalogue('2026-03-01T00:00:00.000Z');
    const signature = await sign(value);
    const tampered = { ...value, issuedAt: '2026-03-02T00:00:00.000Z' };
    expect(await checkSignedCatalogue({ catalogue: tampered, signature }, expectFor(publicKey))).toMatchObject({ ok: false, problem: 'signature' });
    expect(await checkSignedCatalogue({ catalogue: value, signature }, expectFor(other.publicKey))).toMatchObject({ ok: false, problem: 'signature' });
    expect(await checkSignedCatalogue({ catalogue: value, signature: '!!!' }, expectFor(publicKey))).toMatchObject({ ok: false, problem: 'signature' });
  });

  it('refuses garbage, a missing key, another office, and an older catalogue', async () => {
    const { publicKey, sign } = await signer();
    const value = catalogue('2026-03-01T00:00:00.000Z');
    const signature = await sign(value);
    expect(await checkSignedCatalogue('<html>', expectFor(publicKey))).toMatchObject({ ok: false, problem: 'garbage' });
    expect(await checkSignedCatalogue({ catalogue: value, signature }, expectFor(null))).toMatchObject({ ok: false, problem: 'no_key' });
    expect(await checkSignedCatalogue({ catalogue: value, signature }, expectFor('short'))).toMatchObject({ ok: false, problem: 'no_key' });
    const elsewhere = { ...catalogue('2026-03-01T00:00:00.000Z'), officeCode: '36.03.04' };
    expect(await checkSignedCatalogue({ catalogue: elsewhere, signature: await sign(elsewhere) }, expectFor(publicKey))).toMatchObject({ ok: false, problem: 'office' });
    const newer = catalogue('2026-04-01T00:00:00.000Z') as Catalogue;
    expect(await checkSignedCatalogue({ catalogue: value, signature }, expectFor(publicKey, newer))).toMatchObject({ ok: false, problem: 'older' });
    const notACatalogue = { officeCode: '36.03.03', issuedAt: 'yesterday' };
    expect(await checkSignedCatalogue({ catalogue: notACatalogue, signature: await sign(notACatalogue) }, expectFor(publicKey))).toMatchObject({ ok: false, problem: 'garbage' });
  });
});
