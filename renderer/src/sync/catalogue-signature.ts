import { SignedCatalogue, type Catalogue } from '../../../core/contract/central-api';
import { canonicalJson } from '../../../core/contract/request-signing';
import type { CatalogueProblem } from '../../../core/sync/status';
import { fromBase64Url } from '../store/seal';

export type CatalogueCheck = { ok: true; catalogue: Catalogue } | { ok: false; problem: CatalogueProblem; detail: string };

/**
 * Checks a catalogue the server sent before anything of it is used: the Ed25519 signature over
 * canonicalJson(catalogue) with the server key the kiosk got at enrolment, then the contract.
 *
 * The signature is checked over the catalogue exactly as received, before zod parses it: parsing
 * drops unknown fields and fills defaults, and the signature covers what the server signed, not
 * what this version of the kiosk understands of it.
 */
export async function checkSignedCatalogue(
  body: unknown,
  expect: { serverPublicKey: string | null; officeCode: string | null; inUse: Catalogue | null },
): Promise<CatalogueCheck> {
  if (!isRecord(body) || !isRecord(body.catalogue) || typeof body.signature !== 'string') {
    return { ok: false, problem: 'garbage', detail: 'not a signed catalogue' };
  }
  if (expect.serverPublicKey === null || expect.serverPublicKey === '') return { ok: false, problem: 'no_key', detail: 'no server public key from enrolment' };

  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', fromBase64Url(expect.serverPublicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    return { ok: false, problem: 'no_key', detail: `server public key unusable (${errorName(error)})` };
  }
  let valid: boolean;
  try {
    const signed = new TextEncoder().encode(canonicalJson(body.catalogue));
    valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(body.signature), signed);
  } catch (error) {
    // A signature that is not base64url, or a catalogue JSON cannot express: as bad as a wrong one.
    return { ok: false, problem: 'signature', detail: `signature unreadable (${errorName(error)})` };
  }
  if (!valid) return { ok: false, problem: 'signature', detail: 'signature does not match the catalogue' };

  const parsed = SignedCatalogue.safeParse(body);
  if (!parsed.success) return { ok: false, problem: 'garbage', detail: `signed, but not a catalogue this kiosk can read: ${firstIssue(parsed.error.issues)}` };
  const { catalogue } = parsed.data;
  if (expect.officeCode !== null && catalogue.officeCode !== expect.officeCode) {
    return { ok: false, problem: 'office', detail: `catalogue for office ${catalogue.officeCode}, kiosk is in ${expect.officeCode}` };
  }
  // A validly signed but older catalogue is a replay (or a server restored from a backup): the
  // kiosk keeps the newer one it has.
  if (expect.inUse !== null && Date.parse(catalogue.issuedAt) < Date.parse(expect.inUse.issuedAt)) {
    return { ok: false, problem: 'older', detail: `issued ${catalogue.issuedAt}, in use since ${expect.inUse.issuedAt}` };
  }
  return { ok: true, catalogue };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue === undefined ? 'unknown' : `${issue.path.map(String).join('.')}: ${issue.message}`.slice(0, 200);
}
