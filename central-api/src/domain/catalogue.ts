import type { Catalogue, SignedCatalogue } from '../../../core/contract/central-api';
import { canonicalJson, contentHash } from '../../../core/contract/request-signing';
import type { Queryable } from '../db/database';
import type { OfficeServices } from './catalogue-source';
import type { ServerKey } from './server-key';

/**
 * A catalogue's version is the hash of its content (office and services, not the issue time), so
 * it changes exactly when the content does and doubles as the ETag.
 */
export function catalogueVersion(office: OfficeServices): string {
  return contentHash({ officeCode: office.officeCode, services: office.services });
}

export function etagOf(version: string): string {
  return `"${version}"`;
}

/** True when an If-None-Match header names this version (quoted, weak or bare; lists; `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, version: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim().replace(/^W\//u, '');
    return trimmed === '*' || trimmed === etagOf(version) || trimmed === version;
  });
}

/**
 * When this version was first issued. Stable while the content is; when it changes, the new issue
 * time is later than the old one even if the server clock went back, because kiosks refuse a
 * catalogue older than the one they have as a replay.
 */
export async function issuedAtFor(db: Queryable, officeCode: string, version: string, now: Date): Promise<Date> {
  const [row] = await db.query<{ issued_at: Date }>(
    `INSERT INTO catalogue_versions AS current (office_code, version, issued_at) VALUES ($1, $2, $3)
     ON CONFLICT (office_code) DO UPDATE
       SET version = EXCLUDED.version, issued_at = GREATEST(EXCLUDED.issued_at, current.issued_at + interval '1 millisecond')
       WHERE current.version <> EXCLUDED.version
     RETURNING issued_at`,
    [officeCode, version, now],
  );
  if (row !== undefined) return row.issued_at;
  const [existing] = await db.query<{ issued_at: Date }>('SELECT issued_at FROM catalogue_versions WHERE office_code = $1', [officeCode]);
  if (existing === undefined) throw new Error(`No catalogue version for ${officeCode}`);
  return existing.issued_at;
}

export function signCatalogue(office: OfficeServices, version: string, issuedAt: Date, key: ServerKey): SignedCatalogue {
  const catalogue: Catalogue = { officeCode: office.officeCode, version, issuedAt: issuedAt.toISOString(), services: office.services };
  return { catalogue, signature: key.sign(canonicalJson(catalogue)) };
}
