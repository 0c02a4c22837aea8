import {
  UploadItem,
  type AdminSubmission,
  type ServerSubmissionState,
  type StatusChange,
  type UploadResult,
} from '../../../core/contract/central-api';
import { contentHash } from '../../../core/contract/request-signing';
import { LOCK_SPACE, type Database, type Queryable } from '../db/database';
import { ApiHttpError, issuesOf } from '../http/errors';
import { officerStanding } from './officers';
import { keepOtherVersions, tooManyVersions, versionKey, type OtherVersion } from './submission-versions';

/**
 * Submissions, idempotent by id and content hash (the ODK Central rule, with the IETF
 * Idempotency-Key status codes): new id → stored 201; same id and content → duplicate 200; same
 * id, other content (or another device) → conflict 422, that version kept for an officer;
 * unreadable item or wrong hash → invalid 400. A batch answers per item.
 *
 * Race safety comes from the database, not from this process: the insert is
 * `ON CONFLICT DO NOTHING`, so of any number of concurrent uploads of one id exactly one inserts
 * and the others find its row and compare hashes.
 */
export type Uploader = { id: string; officeCode: string };

type CheckedItem = { index: number; item: UploadItem; hash: string };

export async function uploadBatch(db: Database, device: Uploader, items: readonly unknown[], now: Date): Promise<UploadResult[]> {
  const results: (UploadResult | undefined)[] = new Array<UploadResult | undefined>(items.length);
  const valid: CheckedItem[] = [];
  items.forEach((raw, index) => {
    const checked = checkItem(raw, device.officeCode);
    if ('result' in checked) results[index] = checked.result;
    else valid.push({ index, ...checked });
  });
  if (valid.length > 0) {
    const stored = await db.transaction(async (tx) => {
      await lockDeviceEvents(tx, device.id);
      return storeAll(tx, device, valid, now);
    });
    for (const [index, result] of stored) results[index] = result;
  }
  return results.map((result, index) => result ?? invalid(idOf(items[index]), 'not processed'));
}

/**
 * A kiosk speaks for the office it was enrolled at: a submission naming another office is refused
 * here, before anything is stored, whatever else is right with it.
 */
function checkItem(raw: unknown, officeCode: string): { item: UploadItem; hash: string } | { result: UploadResult } {
  const parsed = UploadItem.safeParse(raw);
  if (!parsed.success) {
    const detail = issuesOf(parsed.error)
      .slice(0, 3)
      .map((issue) => `${issue.path || '(item)'}: ${issue.message}`)
      .join('; ');
    return { result: invalid(idOf(raw), `Does not match the contract: ${detail}`) };
  }
  const named = parsed.data.submission.officeCode;
  if (named !== officeCode) {
    return { result: invalid(parsed.data.id, `The submission names office ${named.slice(0, 40)} but this kiosk is enrolled at ${officeCode}; it was not stored`) };
  }
  const hash = contentHash(parsed.data.submission);
  if (hash !== parsed.data.contentHash) {
    return { result: invalid(parsed.data.id, `contentHash does not match the submission (the server computed ${hash})`) };
  }
  return { item: parsed.data, hash };
}

function idOf(raw: unknown): string {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 100) : '';
}

function invalid(id: string, message: string): UploadResult {
  return { id, outcome: 'invalid', status: 400, message: message.slice(0, 500) };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The whole batch in a handful of statements (a round trip per item made ingest slow): insert all
 * new ids at once, read back what was already there, keep the other versions. Rows go in id order
 * in every transaction, so two batches sharing ids wait for each other instead of deadlocking.
 */
async function storeAll(tx: Queryable, device: Uploader, items: readonly CheckedItem[], now: Date): Promise<[number, UploadResult][]> {
  const first = new Map<string, CheckedItem>();
  for (const entry of items) if (!first.has(entry.item.id)) first.set(entry.item.id, entry);
  const ids = [...first.keys()].sort(byId);
  const rows = ids.map((id) => {
    const { item, hash } = first.get(id) as CheckedItem;
    return { id, tracking_code: item.trackingCode, content_hash: hash, body: item.submission, saved_at: item.savedAt };
  });
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO submissions (id, device_id, office_code, tracking_code, content_hash, body, saved_at, state, received_at, updated_at)
     SELECT x.id, $2, $3, x.tracking_code, x.content_hash, x.body, x.saved_at, 'received', $4, $4
     FROM jsonb_to_recordset($1::jsonb) AS x (id text, tracking_code text, content_hash text, body jsonb, saved_at text)
     ORDER BY x.id
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [JSON.stringify(rows), device.id, device.officeCode, now],
  );
  const storedNow = new Set(inserted.map((row) => row.id));
  if (storedNow.size > 0) {
    await tx.query(
      `INSERT INTO submission_events (submission_id, device_id, state, changed_at)
       SELECT id, $2, 'received', $3 FROM unnest($1::text[]) AS id ORDER BY id`,
      [[...storedNow].sort(byId), device.id, now],
    );
  }

  const held = new Map(
    (
      await tx.query<{ id: string; device_id: string; office_code: string; content_hash: string; received_at: Date }>(
        'SELECT id, device_id, office_code, content_hash, received_at FROM submissions WHERE id = ANY($1::text[])',
        [ids],
      )
    ).map((row) => [row.id, row]),
  );

  const results: [number, UploadResult][] = [];
  const versions = new Map<string, OtherVersion>();
  /** Conflicts whose version must be kept: answered `conflict` if it is, refused if the cap says no. */
  const pending: { at: number; key: string }[] = [];
  for (const entry of items) {
    const { item, hash } = entry;
    const row = held.get(item.id);
    if (row === undefined) throw new Error('A submission vanished between insert and read');
    const receivedAt = row.received_at.toISOString();
    if (storedNow.has(item.id) && first.get(item.id) === entry) {
      results.push([entry.index, { id: item.id, outcome: 'stored', status: 201, receivedAt }]);
    } else if (row.office_code !== device.officeCode) {
      // Not even kept beside it: another office's record is not this kiosk's to add to.
      results.push([entry.index, invalid(item.id, 'This id belongs to a submission of another office; it was not stored')]);
    } else if (row.content_hash === hash && row.device_id === device.id) {
      results.push([entry.index, { id: item.id, outcome: 'duplicate', status: 200, receivedAt }]);
    } else {
      results.push([entry.index, conflict(item.id, row.device_id === device.id, receivedAt)]);
      if (row.content_hash !== hash) {
        const key = versionKey(item.id, hash);
        if (!versions.has(key)) versions.set(key, { submission_id: item.id, content_hash: hash, body: item.submission });
        pending.push({ at: results.length - 1, key });
      }
    }
  }
  if (versions.size > 0) {
    const keptAt = await keepOtherVersions(tx, device.id, [...versions.values()], now);
    for (const { at, key } of pending) {
      const answer = results[at] as [number, UploadResult];
      const kept = keptAt.get(key);
      answer[1] = kept === undefined ? tooManyVersions(answer[1].id) : { ...answer[1], receivedAt: kept };
    }
  }
  return results;
}

function conflict(id: string, sameDevice: boolean, receivedAt: string): UploadResult {
  return {
    id,
    outcome: 'conflict',
    status: 422,
    // The server holds this version durably (as the stored one, or beside it for an officer), so
    // the kiosk may count it as received.
    receivedAt,
    message: sameDevice
      ? 'Another version of this submission is already stored; both are kept for an officer'
      : 'Another kiosk already uploaded a submission with this id; kept for an officer',
  };
}

/**
 * Serialises event writers per device until commit, so event seqs of one device become visible
 * in order: a reader past seq N never later finds a smaller seq appear.
 */
async function lockDeviceEvents(tx: Queryable, deviceId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE.deviceEvents, deviceId]);
}

type NewEvent = { submissionId: string; deviceId: string; state: ServerSubmissionState; note: string | null; officerId: string | null; at: Date };

async function addEvent(tx: Queryable, event: NewEvent): Promise<void> {
  await tx.query('INSERT INTO submission_events (submission_id, device_id, state, note, officer_id, changed_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    event.submissionId,
    event.deviceId,
    event.state,
    event.note,
    event.officerId,
    event.at,
  ]);
}

const MAX_CURSOR = 9_223_372_036_854_775_807n;

export type ChangesPage = { changes: StatusChange[]; cursor: string; more: boolean };

export async function changesSince(db: Queryable, deviceId: string, since: string, limit: number): Promise<ChangesPage> {
  // The contract allows 19 digits, PostgreSQL's bigint stops at 2^63-1: past it nothing is newer.
  const after = BigInt(since) > MAX_CURSOR ? MAX_CURSOR : BigInt(since);
  const rows = await db.query<{ seq: string; submission_id: string; tracking_code: string; state: ServerSubmissionState; note: string | null; changed_at: Date }>(
    `SELECT e.seq::text AS seq, e.submission_id, s.tracking_code, e.state, e.note, e.changed_at
     FROM submission_events e JOIN submissions s ON s.id = e.submission_id
     WHERE e.device_id = $1 AND e.seq > $2::bigint ORDER BY e.seq LIMIT $3`,
    [deviceId, after.toString(), limit + 1],
  );
  const page = rows.slice(0, limit);
  const changes = page.map(
    (row): StatusChange => ({
      cursor: row.seq,
      id: row.submission_id,
      trackingCode: row.tracking_code,
      state: row.state,
      ...(row.note === null ? {} : { note: row.note }),
      changedAt: row.changed_at.toISOString(),
    }),
  );
  return { changes, cursor: page.at(-1)?.seq ?? since, more: rows.length > limit };
}

type SubmissionRow = {
  id: string;
  tracking_code: string;
  office_code: string;
  device_id: string;
  state: ServerSubmissionState;
  content_hash: string;
  body: AdminSubmission['submission'];
  received_at: Date;
  note: string | null;
};

export async function getSubmission(db: Queryable, id: string): Promise<AdminSubmission | null> {
  const [row] = await db.query<SubmissionRow>(
    'SELECT id, tracking_code, office_code, device_id, state, content_hash, body, received_at, note FROM submissions WHERE id = $1',
    [id],
  );
  if (row === undefined) return null;
  const conflicts = await db.query<{ content_hash: string; body: unknown; received_at: Date }>(
    'SELECT content_hash, body, received_at FROM submission_conflicts WHERE submission_id = $1 ORDER BY received_at, content_hash',
    [id],
  );
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    officeCode: row.office_code,
    deviceId: row.device_id,
    state: row.state,
    contentHash: row.content_hash,
    submission: row.body,
    receivedAt: row.received_at.toISOString(),
    ...(row.note === null ? {} : { note: row.note }),
    conflicts: conflicts.map((c) => ({ contentHash: c.content_hash, submission: c.body, receivedAt: c.received_at.toISOString() })),
  };
}

export type TransitionInput = { to: 'processed' | 'rejected'; officerId: string; note: string };

/**
 * received → processed | rejected, once; anything else is 409 and changes nothing. The officer
 * must be an active officer of the submission's office (400 otherwise): their id goes into the
 * record, and a deactivated officer must not be able to close a resident's case.
 */
export async function transitionSubmission(db: Database, id: string, input: TransitionInput, now: Date): Promise<AdminSubmission> {
  await db.transaction(async (tx) => {
    const [owner] = await tx.query<{ device_id: string; office_code: string }>('SELECT device_id, office_code FROM submissions WHERE id = $1', [id]);
    if (owner === undefined) throw new ApiHttpError(404, 'not_found', 'No submission with this id');
    await lockDeviceEvents(tx, owner.device_id);
    // NO KEY UPDATE: an upload adding a conflicting version (a foreign key to this row) is not
    // blocked by it.
    const [row] = await tx.query<{ state: ServerSubmissionState }>('SELECT state FROM submissions WHERE id = $1 FOR NO KEY UPDATE', [id]);
    if (row === undefined) throw new ApiHttpError(404, 'not_found', 'No submission with this id');
    if (row.state !== 'received') throw new ApiHttpError(409, 'conflict', `The submission is already ${row.state}; only a received submission can move`);
    await requireActiveOfficer(tx, owner.office_code, input.officerId);
    await tx.query('UPDATE submissions SET state = $2, note = $3, officer_id = $4, updated_at = $5 WHERE id = $1', [id, input.to, input.note, input.officerId, now]);
    await addEvent(tx, { submissionId: id, deviceId: owner.device_id, state: input.to, note: input.note, officerId: input.officerId, at: now });
  });
  const updated = await getSubmission(db, id);
  if (updated === null) throw new Error('A submission vanished after its transition');
  return updated;
}

/**
 * A 400 naming the field, so a back office can point at the officer picker rather than show a
 * generic failure. Checked after the state: for a submission that has already moved, "already
 * processed" is the answer that stays true whoever asks.
 */
async function requireActiveOfficer(tx: Queryable, officeCode: string, officerId: string): Promise<void> {
  const standing = await officerStanding(tx, officeCode, officerId);
  if (standing === 'active') return;
  const message =
    standing === 'inactive'
      ? `Officer ${officerId} of office ${officeCode} is deactivated; add them again to let them act`
      : `Office ${officeCode} has no officer ${officerId}; only an active officer of the submission's office can move it`;
  throw new ApiHttpError(400, 'bad_request', message, { issues: [{ path: 'body.officerId', message }] });
}
