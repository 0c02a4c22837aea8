import { liveQuery } from 'dexie';
import type { OfficeConfig } from '../../../core/config/office-config';
import type { Bridge, DeviceIdentity } from '../../../core/contract/bridge';
import { heartbeatDevices } from '../../../core/contract/devices';
import { missingCase } from '../../../core/contract/result';
import {
  ApiError,
  apiRoutes,
  AuditBatchResponse,
  AuditHeadResponse,
  ChangesResponse,
  HeartbeatResponse,
  HelpResponse,
  MAX_BATCH_ITEMS,
  MAX_BODY_BYTES,
  UploadBatchResponse,
  type UploadItem,
  type UploadResult,
} from '../../../core/contract/central-api';
import { fullJitterDelay, ITEM_BACKOFF, roundBackoff } from '../../../core/sync/backoff';
import { classifyAnswer, skewFrom, type HttpVerdict } from '../../../core/sync/http-outcome';
import { HELD, isDue } from '../../../core/sync/outbox';
import { INITIAL_STATUS, type SyncError, type SyncErrorCode, type SyncPhase, type SyncStatus, withOverdue } from '../../../core/sync/status';
import type { AuditRecord, KioskDb, OutboxItem } from '../db/db';
import { appendAudit, AUDIT, rebaseOnto, toAuditEntry } from '../store/audit';
import { readPayload } from '../store/kiosk-store';
import { presentKeys, readMany } from '../store/read-many';
import { DROP_CHUNK, dropFromJournal, recordAnswers as storeRecordAnswers, type ServerAck } from '../store/reconcile';
import { callCentral, sendSigned, signCentral, type CentralAnswer, type CentralRequest, type SignedRequest } from './central-client';
import { checkSignedCatalogue } from './catalogue-signature';
import { addConflicts, catalogueInUse, META, readMeta, readStatus, writeMeta } from './sync-meta';

/**
 * The sync engine: moves what residents saved on the kiosk to the central API and brings back what
 * the office did with it. One round:
 *
 *   identity → pull status changes since the cursor → upload due outbox items in batches →
 *   refresh the signed catalogue → heartbeat → help requests → audit entries
 *
 * It holds no state of its own that matters: the outbox, the cursor and the backoff counters are in
 * IndexedDB, so a kiosk killed at any point resumes from there. Nothing is lost or sent twice in
 * effect: an item leaves the outbox only after the server said it holds it, and the server is
 * idempotent by id and content hash, so a re-upload after a crash comes back as `duplicate`.
 *
 * Runs in a Web Worker (sync.worker.ts) in the kiosk; every dependency is injected so tests run it
 * against fake-indexeddb and a real HTTP server.
 */
export type SyncSettings = Pick<OfficeConfig['sync'], 'batchSize' | 'intervalSeconds' | 'overdueAfterHours' | 'overduePending'>;

export type SyncEngineDeps = {
  db: KioskDb;
  /** The host's store key (AES-GCM), to unseal payloads for upload. */
  storeKey: CryptoKey;
  /** Only device.identity, secrets.sign, journal.drop, storage.status and log.report are used. */
  bridge: Bridge;
  fetch: typeof fetch;
  now: () => number;
  /** [0, 1): Math.random in the kiosk; fixed in tests to check the jitter bounds. */
  random: () => number;
  settings: SyncSettings;
  appVersion: string;
  publish: (status: SyncStatus) => void;
  /** Records the server's answers in IndexedDB (store/reconcile.ts); the engine then drops them from the host journal. */
  recordAnswers?: typeof storeRecordAnswers;
  requestTimeoutMs?: number;
};

export type RoundResult = {
  outcome: 'ok' | 'not_enrolled' | 'failed' | 'stopped';
  /** Why it failed; with `ok`, what failed aside (help requests or the audit log). */
  code?: SyncErrorCode;
  /** When the engine's own loop runs the next round. */
  nextInMs: number;
  /** Submissions the server now holds (stored, duplicate or conflict) after this round. */
  received: number;
};

export type SyncEngine = {
  /** One round now. Never throws; concurrent calls share the running round. */
  runRound(options?: { force?: boolean }): Promise<RoundResult>;
  /** Rounds on their own: every intervalSeconds when well, with backoff when not; and on new submissions. */
  start(): void;
  /** A round as soon as possible, skipping per-item waits ("Kirim sekarang", back online). */
  syncNow(): void;
  configure(settings: SyncSettings): void;
  /** Aborts the running request, waits for the round to wind down, and schedules nothing more. */
  stop(): Promise<void>;
  status(): SyncStatus;
};

/** Never retry faster than this, whatever the jitter drew: a tight loop helps nobody. */
export const MIN_WAIT_MS = 1_000;
/** A Retry-After longer than this is capped: the kiosk looks again within the hour. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Below this the clock is fine; above it officers see "Jam kiosk selisih …" before the server refuses (300 s). */
export const CLOCK_WARNING_SECONDS = 120;
const CHANGES_PAGE = 200;
/** Audit entries per request (the contract allows 500). */
export const AUDIT_BATCH = 200;
const MAX_CHANGE_PAGES = 100;
const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * A batch signed ahead is sent with that signature only this soon after signing; later it is
 * signed again. The server takes a timestamp within 300 s of its clock, and the batch before may
 * have taken long (one at a time after a refusal: up to one request timeout per item).
 */
export const SIGNED_AHEAD_MAX_AGE_MS = 60_000;
/** During an upload the status is read from IndexedDB this often; in between it counts answers. */
export const STATUS_READ_MS = 15_000;

/** How far one round's upload has read the outbox, in primary-key order. */
type Scan = { after: string | undefined };

/** An item on its way to the server: what the engine needs of it once the server has answered. */
type Outgoing = { id: string };

type Step = { ok: true } | { ok: false; code: SyncErrorCode; detail: string; afterMs?: number | null; skewSeconds?: number | null; stopped?: boolean };
const OK: Step = { ok: true };
const STOPPED: Step = { ok: false, code: 'internal', detail: 'stopped', stopped: true };

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db } = deps;
  const record = deps.recordAnswers ?? storeRecordAnswers;
  let settings = deps.settings;
  let phase: SyncPhase = 'syncing';
  let current: SyncStatus = { ...INITIAL_STATUS };
  const stopping = new AbortController();
  const central = { bridge: deps.bridge, fetch: deps.fetch, signal: stopping.signal, timeoutMs: deps.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS };
  const isoNow = () => new Date(deps.now()).toISOString();

  const log = (level: 'info' | 'warn' | 'error', event: string, detail: Record<string, string | number | boolean | null>) =>
    void deps.bridge.invoke('log.report', { level, event, detail });

  // ---------------------------------------------------------------------------------------------
  // Status

  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  const publishNow = async () => {
    clearTimeout(publishTimer);
    publishTimer = undefined;
    try {
      readAt = deps.now();
      current = await readStatus(db, phase, settings, readAt);
    } catch (error) {
      // IndexedDB unreadable for a moment: the phase still tells the truth.
      current = { ...current, phase };
      log('warn', 'sync.status_unreadable', { reason: errorName(error) });
    }
    deps.publish(current);
  };
  /**
   * Outbox changes come in bursts (a batch marks 50 rows): one status read a second is plenty, and
   * each one counts the outbox, which Chromium's IndexedDB does row by row (10,000 queued: 24 ms).
   */
  const publishSoon = () => {
    if (publishTimer === undefined) publishTimer = setTimeout(() => void publishNow(), 1000);
  };
  /**
   * While an upload runs, every answer lowers the pending count by the rows it marked received,
   * published at most once a second; IndexedDB is read again only every STATUS_READ_MS and when
   * the round ends. Reading it once a second cost more than any other status work: besides the
   * count, the oldest outbox row is found by a forward cursor, which in Chromium steps over every
   * row deleted before it (10,000 queued: 26 reads, 50-100 ms each, about 5% of the upload).
   */
  let progressTimer: ReturnType<typeof setTimeout> | undefined;
  const publishProgress = (receivedNow: number) => {
    current = withOverdue({ ...current, pending: Math.max(0, current.pending - receivedNow) }, settings, deps.now());
    if (deps.now() - readAt >= STATUS_READ_MS) {
      publishSoon();
      return;
    }
    if (stopping.signal.aborted) return;
    progressTimer ??= setTimeout(() => {
      progressTimer = undefined;
      if (publishTimer === undefined) deps.publish(current);
    }, 1000);
  };

  // ---------------------------------------------------------------------------------------------
  // Requests

  const call = (request: CentralRequest) => callCentral(central, request);

  /** 400, 413 and 422 can be one item's doing; 404, 405, 415 never are (wrong server or version). */
  const itemFault = (status: number) => status === 400 || status === 413 || status === 422;

  /** Turns a transport answer into a step failure, or null when the caller should read the body. */
  const failureOf = (answer: CentralAnswer, what: string): Step | null => {
    switch (answer.kind) {
      case 'stopped':
        return STOPPED;
      case 'host':
        return { ok: false, code: answer.code === 'not_enrolled' ? 'not_enrolled' : 'host', detail: `${what}: ${answer.detail}` };
      case 'network':
        return { ok: false, code: 'network', detail: `${what}: ${answer.detail}` };
      case 'answer': {
        const verdict = classifyAnswer(answer, deps.now());
        return verdictFailure(verdict, `${what}: HTTP ${answer.status}${apiErrorWords(answer.body)}`);
      }
      default:
        return missingCase(answer);
    }
  };

  const verdictFailure = (verdict: HttpVerdict, detail: string): Step | null => {
    switch (verdict.kind) {
      case 'ok':
        return null;
      case 'retry':
        return { ok: false, code: 'server', detail };
      case 'retry_later':
        return { ok: false, code: 'busy', detail, afterMs: verdict.afterMs };
      case 'permanent':
        return { ok: false, code: 'refused', detail };
      case 'clock_skew':
        return { ok: false, code: 'clock_skew', detail, skewSeconds: verdict.skewSeconds };
      case 'unauthorized':
        return { ok: false, code: 'unauthorized', detail };
      default:
        return missingCase(verdict);
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Outbox bookkeeping

  /**
   * Two kinds of failure, two treatments. When the moment is bad (no network, server busy or down,
   * garbage from a proxy) the items only count the attempt: the round's backoff decides when to try
   * again, and the moment the server answers again everything goes, not whenever each item's own
   * clock allows. When the item itself is the trouble (it fails alone while others pass, or the
   * server leaves it out of its answer) it waits with full jitter on its own attempts, so one bad
   * item cannot hold the queue behind it.
   */
  const noteAttempt = async (ids: readonly string[], reason: string) => {
    if (ids.length === 0) return;
    await db.outbox
      .where('id')
      .anyOf([...ids])
      .modify((item: OutboxItem) => {
        item.attempts += 1;
        item.lastError = reason.slice(0, 200);
      });
  };

  const backOffItems = async (ids: readonly string[], reason: string) => {
    if (ids.length === 0) return;
    const now = deps.now();
    await db.outbox
      .where('id')
      .anyOf([...ids])
      .modify((item: OutboxItem) => {
        if (item.nextAttemptAt >= HELD) return;
        item.nextAttemptAt = now + fullJitterDelay(item.attempts, ITEM_BACKOFF, deps.random);
        item.attempts += 1;
        item.lastError = reason.slice(0, 200);
      });
  };

  /**
   * Refused as invalid: kept (it is not on the server), never picked again, shown to officers. The
   * hold and its audit entry are one transaction: no item is held without the log saying so.
   */
  const holdItems = async (ids: readonly string[], reason: string) => {
    if (ids.length === 0) return;
    const at = new Date(deps.now());
    await db.transaction('rw', db.outbox, db.audit, async () => {
      await db.outbox
        .where('id')
        .anyOf([...ids])
        .modify((item: OutboxItem) => {
          item.attempts += 1;
          item.nextAttemptAt = HELD;
          item.lastError = `invalid: ${reason}`.slice(0, 200);
        });
      for (const id of ids) await appendAudit(db, { actor: 'system', action: AUDIT.submissionHeld, subject: id, reason: `invalid: ${reason}` }, at);
    });
    for (const id of ids) log('error', 'sync.item_held', { id, reason: reason.slice(0, 200) });
  };

  // ---------------------------------------------------------------------------------------------
  // Upload

  let received = 0;

  /**
   * Batches go one after the other, from the host's journal (core/sync/journal-upload.ts): the engine
   * picks the due ids and the host sends what it holds. The engine reads two batches ahead of the
   * answers: each upload names the batch after it (`next`), which the host builds while this one
   * is on the wire and sends as soon as this one is answered 200. An answer's writes are done while
   * the next batch is on the wire (writeBehind): the kiosk mostly waits for the server, and that
   * wait is the time to prepare.
   */
  const upload = async (force: boolean): Promise<Step> => {
    try {
      return await uploadBatches(force);
    } finally {
      // Every answer's writes are done before the round goes on (or fails): none runs into the next.
      await settleBehind();
    }
  };

  const uploadBatches = async (force: boolean): Promise<Step> => {
    const scan: Scan = { after: undefined };
    const prefetch = () => {
      const read = prepareBatch(force, scan);
      // Marked as handled now: a failed read surfaces where it is awaited, not as an unhandled
      // rejection while the current batch is still on the wire.
      read.catch(() => undefined);
      return read;
    };
    let current = await prefetch();
    let next = current === null ? null : prefetch();
    while (current !== null) {
      // Read while the batch before was on the wire: in the steady state it is there already.
      // Awaited before stopping too: a read may be backing off items, which must not run on.
      const following: Outgoing[] | null = await (next ?? null);
      if (stopping.signal.aborted) return STOPPED;
      // Reads stay one at a time: each goes on from where the one before stopped.
      next = following === null ? null : prefetch();
      let sent = false;
      try {
        const step = current.length === 0 ? OK : await send(current, following ?? []);
        if (!step.ok) return step;
        sent = true;
      } finally {
        // The round ends here (a failure, or a throw): let the read in progress finish first (it
        // may be backing off items) so that it cannot run on into the next round; what it read is
        // simply sent next round.
        if (!sent) await next?.catch(() => null);
      }
      current = following;
    }
    return OK;
  };

  /**
   * The next due items, and whether their rows are there (keys only: the host sends the content
   * from its journal), in one read-only transaction; null when none is left for this round. One
   * transaction, not one per read: each read transaction that touches the outbox waits for the
   * write transaction queued before it (the answer before's marks).
   */
  const prepareBatch = async (force: boolean, scan: Scan): Promise<Outgoing[] | null> => {
    const now = deps.now();
    const size = Math.max(1, Math.min(settings.batchSize, MAX_BATCH_ITEMS));
    const { due, present } = await db.transaction('r', db.outbox, db.submissions, async () => {
      const page = await readDue(scan, now, force, size);
      return { due: page, present: page.length === 0 ? new Set<string>() : await presentKeys(db.submissions, page.map((item) => item.id)) };
    });
    if (due.length === 0) return null;
    const items: Outgoing[] = [];
    const orphans: string[] = [];
    for (const { id } of due) {
      // The row is gone but the outbox entry is not: reconcile() restores it from the journal.
      if (present.has(id)) items.push({ id });
      else orphans.push(id);
    }
    await backOffItems(orphans, 'no local row');
    return items;
  };

  /**
   * The next `size` due outbox items, oldest first (primary-key order is UUIDv7 order), read a page
   * at a time from where the round's last read stopped, so no item is picked twice in one round
   * (one the server left out of its answer, or one already on its way). A page is one IndexedDB
   * request, where a filtered cursor makes one per row (2,000 queued, in Chromium: 27 ms a batch
   * against 48 ms). An item that becomes due behind the scan, or arrives with an older id, goes
   * next round.
   */
  const readDue = async (scan: Scan, now: number, force: boolean, size: number): Promise<OutboxItem[]> => {
    const due: OutboxItem[] = [];
    for (;;) {
      const { after } = scan;
      const page = await (after === undefined ? db.outbox.limit(size) : db.outbox.where(':id').above(after).limit(size)).toArray();
      for (const item of page) {
        scan.after = item.id;
        if (!isDue(item, now, force)) continue;
        due.push(item);
        if (due.length === size) return due;
      }
      if (page.length < size) return due;
    }
  };

  /**
   * One batch: from the host's journal, and what the journal lacks from IndexedDB (sendFromStore).
   * Too big for one request: in halves.
   */
  const send = async (items: readonly Outgoing[], after: readonly Outgoing[] = []): Promise<Step> => {
    const posted = await postFromJournal(items, after);
    switch (posted.kind) {
      case 'too_large':
        return items.length > 1 ? sendHalves(items, send) : holdTooLarge(items);
      case 'missing':
        return sendFromStore(items);
      case 'posted': {
        const step = await settle(posted.items, posted.answer);
        return step.ok && posted.missing.length > 0 ? sendFromStore(posted.missing) : step;
      }
      default:
        return missingCase(posted);
    }
  };

  const sendHalves = async <T extends Outgoing>(items: readonly T[], each: (part: readonly T[]) => Promise<Step>): Promise<Step> => {
    const half = Math.ceil(items.length / 2);
    const first = await each(items.slice(0, half));
    return first.ok ? each(items.slice(half)) : first;
  };

  /** A single submission bigger than any request may be: the server could never take it. */
  const holdTooLarge = async (items: readonly Outgoing[]): Promise<Step> => {
    await holdItems(
      items.map((item) => item.id),
      `larger than ${MAX_BODY_BYTES} bytes`,
    );
    return OK;
  };

  /**
   * Asks the host to send these items from its journal, and to build `after` (the batch the engine
   * sends next) meanwhile. `missing`: the journal lacks every one (or could not be read; not
   * enrolled aside), so the engine sends them itself.
   */
  const postFromJournal = async (
    items: readonly Outgoing[],
    after: readonly Outgoing[] = [],
  ): Promise<{ kind: 'posted'; items: readonly Outgoing[]; answer: CentralAnswer; missing: Outgoing[] } | { kind: 'missing' } | { kind: 'too_large' }> => {
    if (stopping.signal.aborted) return { kind: 'posted', items, answer: { kind: 'stopped' }, missing: [] };
    const result = await deps.bridge.invoke('journal.upload', {
      ids: items.map((item) => item.id),
      timeoutMs: central.timeoutMs,
      ...(after.length === 0 ? {} : { next: after.map((item) => item.id) }),
    });
    if (stopping.signal.aborted) return { kind: 'posted', items, answer: { kind: 'stopped' }, missing: [] };
    if (!result.ok) {
      if (result.error.code === 'not_enrolled') return { kind: 'posted', items, answer: { kind: 'host', code: 'not_enrolled', detail: result.error.message }, missing: [] };
      log('warn', 'sync.journal_upload_failed', { code: result.error.code, reason: result.error.message.slice(0, 200) });
      return { kind: 'missing' };
    }
    const { outcome } = result.value;
    if (outcome.kind === 'nothing_to_send') return { kind: 'missing' };
    if (outcome.kind === 'too_large') return { kind: 'too_large' };
    const missingIds = new Set(result.value.missing);
    return {
      kind: 'posted',
      items: items.filter((item) => !missingIds.has(item.id)),
      answer: outcome.kind === 'answer' ? outcome : { kind: 'network', detail: outcome.detail },
      missing: items.filter((item) => missingIds.has(item.id)),
    };
  };

  /**
   * Items the journal lacks, sent the way the host would, from IndexedDB: read, unsealed, signed
   * by the host, sent from here. Rare (a lost journal, a full disk when reconcile re-journals), so
   * one request per batch is read at a time, not ahead.
   */
  const sendFromStore = async (items: readonly Outgoing[]): Promise<Step> => {
    const uploads = await readUploads(items);
    if (uploads.length === 0) return OK;
    // Every unsent submission should be in the journal (reconcile re-journals at start): IT may want to know.
    log('warn', 'sync.sent_from_store', { count: uploads.length });
    return postUploads(uploads);
  };

  const postUploads = async (uploads: readonly UploadItem[]): Promise<Step> => {
    if (uploads.length > 1 && new TextEncoder().encode(JSON.stringify({ items: uploads })).length > MAX_BODY_BYTES) return sendHalves(uploads, postUploads);
    return settle(uploads, await call(uploadRequest(uploads)));
  };

  /** What IndexedDB holds of these items, unsealed; a missing row backs off, an unreadable one is held. */
  const readUploads = async (items: readonly Outgoing[]): Promise<UploadItem[]> => {
    const ids = items.map((item) => item.id);
    const [rows, sealed] = await db.transaction('r', db.submissions, db.payloads, async () => [await readMany(db.submissions, ids), await readMany(db.payloads, ids)] as const);
    // Unsealed side by side: WebCrypto works off the main thread, one at a time it mostly waits.
    const payloads = await Promise.all(rows.map((row, index) => (row === undefined ? Promise.resolve(null) : readPayload(deps.storeKey, row, sealed[index]))));
    const uploads: UploadItem[] = [];
    const orphans: string[] = [];
    const unreadable: string[] = [];
    for (const [index, id] of ids.entries()) {
      const row = rows[index];
      const payload = payloads[index];
      if (row === undefined || payload === undefined || payload === null) orphans.push(id);
      else if (!payload.ok) unreadable.push(id);
      else uploads.push({ id: row.id, trackingCode: row.trackingCode, contentHash: row.contentHash, savedAt: row.createdAt, submission: payload.value as UploadItem['submission'] });
    }
    await backOffItems(orphans, 'no local row');
    // Unreadable under today's key and not in the journal either: sending it cannot work.
    await holdItems(unreadable, 'cannot be unsealed on this kiosk');
    return uploads;
  };

  const uploadRequest = (items: readonly UploadItem[]): CentralRequest => ({ method: 'POST', path: apiRoutes.uploadSubmissions.path, body: { items } });

  /** What one upload's answer means for its items: written, sent one by one, or the round fails. */
  const settle = async (items: readonly Outgoing[], answer: CentralAnswer): Promise<Step> => {
    if (answer.kind === 'answer') {
      const verdict = classifyAnswer(answer, deps.now());
      if (verdict.kind === 'ok') return applyAnswer(items, answer);
      // The status pull just worked, so the server is up: a refused or failing batch may be one
      // item's doing. Find it by sending them one at a time.
      if (verdict.kind === 'permanent' && itemFault(verdict.status)) return isolate(items, answer.status);
      if (verdict.kind === 'retry') return isolate(items, answer.status);
    }
    return failWithItems(items, answer);
  };

  /**
   * An answer's writes run while the next batch is on the wire: in Chromium they cost about as long
   * as the request itself. Two queues, each one at a time so neither grows: the IndexedDB writes
   * (rows marked received; the audit cursor moved), and the host journal drops. Ids are dropped
   * once their rows are written, DROP_CHUNK at a time (each drop is a disk flush on the host) or
   * when the upload ends, beside the next answers' writes. A throw is kept and rethrown, at the
   * next answer or when the upload ends (settleBehind), and fails the round.
   */
  let behind: Promise<{ error: unknown } | null> = Promise.resolve(null);
  let dropping: Promise<{ error: unknown } | null> = Promise.resolve(null);
  const settled = (work: Promise<unknown>) =>
    work.then(
      () => null,
      (error: unknown) => ({ error }),
    );
  const writeBehind = async (work: () => Promise<void>) => {
    // A throw in the writes before (IndexedDB refusing) ends the upload here, not batches later.
    const threw = await behind;
    if (threw !== null) {
      behind = Promise.resolve(null);
      throw threw.error;
    }
    behind = settled(work());
  };
  /** Written received, still in the host journal: if the page dies first, reconcile() drops them at the next start. */
  let undropped: string[] = [];
  const dropBehind = (ids: readonly string[]) => {
    undropped.push(...ids);
    if (undropped.length >= DROP_CHUNK) flushDrops();
  };
  const flushDrops = () => {
    if (undropped.length === 0) return;
    const ids = undropped;
    undropped = [];
    dropping = dropping.then((before) => before ?? settled(dropJournal(ids)));
  };
  const settleBehind = async () => {
    // The writes first: the last of them may still queue a drop.
    const wrote = await behind;
    behind = Promise.resolve(null);
    flushDrops();
    const dropped = await dropping;
    dropping = Promise.resolve(null);
    const threw = wrote ?? dropped;
    if (threw !== null) throw threw.error;
  };

  /** Not fatal: the rows are marked, and reconcile() drops them at the next start. */
  const dropJournal = async (ids: readonly string[]) => {
    const dropped = await dropFromJournal(deps.bridge, ids);
    if (!dropped.ok) log('warn', 'sync.journal_drop_failed', { code: dropped.error.code, reason: dropped.error.message.slice(0, 200) });
  };

  const applyAnswer = async (items: readonly Outgoing[], answer: Extract<CentralAnswer, { kind: 'answer' }>): Promise<Step> => {
    const parsed = UploadBatchResponse.safeParse(answer.body);
    if (parsed.success) {
      await writeBehind(() => applyResults(items, parsed.data.results));
      return OK;
    }
    await noteAttempt(
      items.map((item) => item.id),
      'unreadable answer',
    );
    return garbage('upload', answer);
  };

  /** The request failed as a whole, not because of its items: they count the attempt, the round fails. */
  const failWithItems = async (items: readonly Outgoing[], answer: CentralAnswer): Promise<Step> => {
    const failure = failureOf(answer, 'upload') ?? { ok: false, code: 'internal', detail: 'upload: no verdict' };
    if (!failure.ok && failure.stopped !== true) {
      await noteAttempt(
        items.map((item) => item.id),
        failure.detail,
      );
    }
    return failure;
  };

  /** One item alone, from the journal or else from IndexedDB; null when it could not even be sent (held, backing off). */
  const postAlone = async (item: Outgoing): Promise<CentralAnswer | 'too_large' | null> => {
    const posted = await postFromJournal([item]);
    if (posted.kind === 'too_large') return 'too_large';
    if (posted.kind === 'posted' && posted.missing.length === 0) return posted.answer;
    const uploads = await readUploads([item]);
    return uploads.length === 0 ? null : call(uploadRequest(uploads));
  };

  /**
   * One item at a time, after its batch was refused (400, 413, 422) or failed (5xx). Refused alone:
   * held for an officer (invalid). Failing alone: backs off on its own. If no item gets through
   * alone either, the items are not at fault (kiosk and server disagree about the contract, or the
   * server's upload is broken): nothing is held and the round fails, so IT sees it.
   */
  const isolate = async (items: readonly Outgoing[], status: number): Promise<Step> => {
    const ids = items.map((item) => item.id);
    if (items.length === 1) {
      if (itemFault(status)) {
        await holdItems(ids, `HTTP ${status}`);
        return OK;
      }
      await backOffItems(ids, `HTTP ${status}`);
      return { ok: false, code: 'server', detail: `upload: HTTP ${status}` };
    }
    const refusedAlone: string[] = [];
    const failedAlone: string[] = [];
    for (const [index, item] of items.entries()) {
      const answer = await postAlone(item);
      if (answer === null) continue;
      if (answer === 'too_large') {
        refusedAlone.push(item.id);
        continue;
      }
      if (answer.kind === 'answer') {
        const verdict = classifyAnswer(answer, deps.now());
        if (verdict.kind === 'ok') {
          const step = await applyAnswer([item], answer);
          if (!step.ok) return step;
          continue;
        }
        if (verdict.kind === 'permanent' && itemFault(verdict.status)) {
          refusedAlone.push(item.id);
          continue;
        }
        if (verdict.kind === 'retry') {
          failedAlone.push(item.id);
          continue;
        }
      }
      // Anything else (offline, busy, clock, credentials) is about the moment, not the items.
      return failWithItems(items.slice(index), answer);
    }
    if (refusedAlone.length + failedAlone.length === items.length) {
      await noteAttempt(ids, `HTTP ${status}, also one by one`);
      return { ok: false, code: failedAlone.length > 0 ? 'server' : 'refused', detail: `upload: HTTP ${status} for every item, also one by one` };
    }
    await holdItems(refusedAlone, `HTTP ${status}`);
    await backOffItems(failedAlone, `HTTP ${status} when sent alone`);
    return OK;
  };

  const applyResults = async (items: readonly Outgoing[], results: readonly UploadResult[]): Promise<void> => {
    const byId = new Map(results.map((result) => [result.id, result]));
    const acks: ServerAck[] = [];
    const conflictIds: string[] = [];
    const invalid: { id: string; message: string }[] = [];
    const unanswered: string[] = [];
    const at = isoNow();
    for (const item of items) {
      const result = byId.get(item.id);
      if (result === undefined) {
        unanswered.push(item.id);
        continue;
      }
      switch (result.outcome) {
        case 'stored':
        case 'duplicate':
          acks.push({ id: item.id, state: 'received', at: result.receivedAt ?? at });
          break;
        case 'conflict':
          // Same id, other content: the office kept both versions for an officer to choose. The
          // kiosk's copy is on the server, so for the resident it is received.
          acks.push({ id: item.id, state: 'received', at: result.receivedAt ?? at });
          conflictIds.push(item.id);
          break;
        case 'invalid':
          invalid.push({ id: item.id, message: result.message ?? 'invalid' });
          break;
        default:
          missingCase(result.outcome);
      }
    }
    if (acks.length > 0) {
      const recorded = await record(db, acks);
      if (recorded.ok) {
        received += recorded.value.updated;
        publishProgress(recorded.value.updated);
        // A row missing from IndexedDB is dropped too: the server holds the submission durably.
        dropBehind(acks.map((ack) => ack.id));
      } else {
        // Not fatal: the rows are still in the outbox and the journal; re-sent later, answered `duplicate`.
        log('warn', 'sync.mark_failed', { code: recorded.error.code, reason: recorded.error.message.slice(0, 200) });
      }
    }
    if (conflictIds.length > 0) {
      // Officers know a submission by its tracking code; rare enough to read the rows for it here.
      const codes = (await readMany(db.submissions, conflictIds)).map((row, index) => row?.trackingCode ?? conflictIds[index] ?? '');
      await addConflicts(db, codes);
      for (const code of codes) log('warn', 'sync.conflict', { trackingCode: code });
    }
    for (const { id, message } of invalid) await holdItems([id], message);
    await backOffItems(unanswered, 'missing from the answer');
  };

  // ---------------------------------------------------------------------------------------------
  // Status changes from the office

  const pullChanges = async (): Promise<Step> => {
    let cursor = (await readMeta<string>(db, META.cursor)) ?? '0';
    for (let page = 0; page < MAX_CHANGE_PAGES; page += 1) {
      const answer = await call({ method: 'GET', path: `${apiRoutes.changes.path}?since=${cursor}&limit=${CHANGES_PAGE}` });
      const failure = failureOf(answer, 'changes');
      if (failure !== null) return failure;
      if (answer.kind !== 'answer') return STOPPED;
      const parsed = ChangesResponse.safeParse(answer.body);
      if (!parsed.success || !/^\d{1,19}$/u.test(parsed.data.cursor)) return garbage('changes', answer);
      const { changes, more } = parsed.data;
      if (changes.length > 0) {
        const acks = changes.map((change): ServerAck => ({ id: change.id, state: change.state, at: change.changedAt, note: change.note }));
        const recorded = await record(db, acks);
        const marked = recorded.ok
          ? await dropFromJournal(
              deps.bridge,
              acks.map((ack) => ack.id),
            )
          : recorded;
        // The cursor moves only after the page is applied: fetched again, it changes nothing.
        if (!marked.ok) return { ok: false, code: 'host', detail: `changes: ${marked.error.message}`.slice(0, 300) };
      }
      const next = parsed.data.cursor;
      // A cursor never goes back: a server answering with an older one would replay old pages forever.
      if (BigInt(next) <= BigInt(cursor)) return OK;
      await writeMeta(db, META.cursor, next);
      cursor = next;
      if (!more) return OK;
    }
    return OK;
  };

  // ---------------------------------------------------------------------------------------------
  // Catalogue

  const refreshCatalogue = async (identity: DeviceIdentity): Promise<Step> => {
    const inUse = await catalogueInUse(db);
    const answer = await call({
      method: 'GET',
      path: apiRoutes.catalogue.path,
      ...(inUse === null ? {} : { headers: { 'if-none-match': inUse.etag } }),
    });
    const failure = failureOf(answer, 'catalogue');
    if (failure !== null) return failure;
    if (answer.kind !== 'answer') return STOPPED;
    if (answer.status === 304) {
      // The server's current catalogue is the one in use: whatever was refused before is moot.
      if (inUse !== null) await setCatalogueProblem(null, '');
      return OK;
    }
    const check = await checkSignedCatalogue(answer.body, {
      serverPublicKey: identity.serverPublicKey,
      officeCode: identity.officeCode,
      inUse: inUse?.catalogue ?? null,
    });
    if (!check.ok) {
      await setCatalogueProblem(check.problem, check.detail);
      return check.problem === 'garbage' ? garbage('catalogue', answer) : OK;
    }
    const { catalogue } = check;
    const taken = inUse?.catalogue.version !== catalogue.version;
    // The catalogue and the audit entry saying it was taken are one transaction.
    await db.transaction('rw', db.catalogue, db.syncMeta, db.audit, async () => {
      await db.catalogue.put({
        key: 'current',
        version: catalogue.version,
        // Cross-origin, the ETag is readable only if the server exposes it; the version is what the
        // reference server puts in its ETag anyway.
        etag: answer.etag ?? `"${catalogue.version}"`,
        signed: answer.body,
        verifiedAt: isoNow(),
      });
      await writeMeta(db, META.catalogueProblem, null);
      if (taken) await appendAudit(db, { actor: 'system', action: AUDIT.catalogueApplied, subject: catalogue.version }, new Date(deps.now()));
    });
    if (taken) log('info', 'sync.catalogue_applied', { version: catalogue.version });
    return OK;
  };

  /** Recorded for officers; a new kind of refusal is also audited, in the same transaction. */
  const setCatalogueProblem = async (problem: SyncStatus['catalogue']['problem'], detail: string) => {
    const news = await db.transaction('rw', db.syncMeta, db.audit, async () => {
      const before = (await readMeta<string>(db, META.catalogueProblem)) ?? null;
      await writeMeta(db, META.catalogueProblem, problem);
      if (problem === null || problem === before) return false;
      await appendAudit(db, { actor: 'system', action: AUDIT.catalogueRefused, reason: `${problem}: ${detail}` }, new Date(deps.now()));
      return true;
    });
    if (news) log('error', 'sync.catalogue_refused', { problem, reason: detail.slice(0, 200) });
  };

  // ---------------------------------------------------------------------------------------------
  // Help requests and audit entries

  /** Oldest first; each row is deleted once the server holds it (a resend is answered duplicate). */
  const uploadHelp = async (): Promise<Step> => {
    for (const help of await db.help.orderBy('id').toArray()) {
      if (stopping.signal.aborted) return STOPPED;
      const answer = await call({ method: 'POST', path: apiRoutes.help.path, body: help });
      const failure = failureOf(answer, 'help');
      if (failure !== null && !failure.ok && failure.code === 'refused' && answer.kind === 'answer' && itemFault(answer.status)) {
        // This one request can never go (a screen name the server will not take): keeping it would
        // block every later one, and losing it loses no resident's data.
        log('warn', 'sync.help_refused', { id: help.id, reason: failure.detail.slice(0, 200) });
        await db.help.delete(help.id);
        continue;
      }
      if (failure !== null) return failure;
      if (answer.kind !== 'answer') return STOPPED;
      if (!HelpResponse.safeParse(answer.body).success) return garbage('help', answer);
      await db.help.delete(help.id);
    }
    return OK;
  };

  /**
   * Entries after the last one the server acknowledged, in order. A 409 means the chains disagree;
   * the kiosk asks for the server's head once and links on from it (relinkAudit), then tries again.
   * As with submissions, the next batch is read while one is on the wire, and a batch is marked
   * sent while the next one is (writeBehind). A kiosk stopped in between sends the unmarked ones
   * again next time, and the server takes a resend as it is.
   */
  const uploadAudit = async (): Promise<Step> => {
    let relinked = false;
    let sentThrough = (await readMeta<number>(db, META.auditSentThrough)) ?? 0;
    let next = prepareAudit(sentThrough);
    try {
      for (;;) {
        if (stopping.signal.aborted) return STOPPED;
        const batch = await next;
        const last = batch.entries.at(-1)?.seq;
        if (last === undefined) return OK;
        next = prepareAudit(last);
        const signed = batch.signed !== undefined && deps.now() - batch.signedAt <= SIGNED_AHEAD_MAX_AGE_MS ? batch.signed : undefined;
        const answer = signed === undefined ? await call(batch.request) : await sendSigned(central, signed);
        if (answer.kind === 'answer' && answer.status === 409 && !relinked) {
          relinked = true;
          // Relinking rewrites the entries after the server's head: nothing else may touch them.
          await next.catch(() => undefined);
          await settleBehind();
          const step = await relinkAudit(sentThrough);
          if (!step.ok) return step;
          sentThrough = (await readMeta<number>(db, META.auditSentThrough)) ?? 0;
          next = prepareAudit(sentThrough);
          continue;
        }
        const failure = failureOf(answer, 'audit');
        if (failure !== null) return failure;
        if (answer.kind !== 'answer') return STOPPED;
        const parsed = AuditBatchResponse.safeParse(answer.body);
        // The server stores a batch whole or not at all; holding less than was sent is not the contract.
        if (!parsed.success || parsed.data.acceptedThrough < last) return garbage('audit', answer);
        await writeBehind(() => markAuditSent(last));
        sentThrough = last;
      }
    } finally {
      // Neither the read ahead nor the marks run on into the next round.
      await next.catch(() => undefined);
      await settleBehind();
    }
  };

  /**
   * The entries after `seq`, and their request signed by the host, ahead. Without a signature (the
   * host said no) the request goes through call(), which reports why.
   */
  const prepareAudit = (seq: number): Promise<{ entries: AuditRecord[]; request: CentralRequest; signed?: SignedRequest; signedAt: number }> => {
    const read = (async () => {
      const entries = await db.audit.where('seq').above(seq).limit(AUDIT_BATCH).toArray();
      const request: CentralRequest = { method: 'POST', path: apiRoutes.uploadAudit.path, body: { entries: entries.map(toAuditEntry) } };
      if (entries.length === 0) return { entries, request, signedAt: 0 };
      const signedAt = deps.now();
      const signed = await signCentral(central, request);
      return signed.kind === 'signed' ? { entries, request, signed: signed.request, signedAt } : { entries, request, signedAt };
    })();
    // Handled here: a failed read surfaces where it is awaited, not as an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };

  /**
   * Entries up to `through` are on the server: only the cursor moves. The entries themselves are
   * not rewritten (marking each one cost a read and a write per entry, 20,000 IndexedDB requests
   * for 10,000 entries); purgeSentAudit goes by this cursor and by when each entry was written.
   */
  const markAuditSent = (through: number) => writeMeta(db, META.auditSentThrough, through);

  /**
   * The server's chain head decides. If the kiosk holds that same entry, its log simply continues
   * the server's (an answer was lost, or the server was restored from a backup): send from there.
   * Otherwise the kiosk's log was lost and started again (Chromium deletes a corrupt IndexedDB, and
   * with it the audit table): the entries the server does not hold are re-linked onto its head,
   * behind an entry that says so.
   */
  const relinkAudit = async (sentThrough: number): Promise<Step> => {
    const answer = await call({ method: 'GET', path: apiRoutes.auditHead.path });
    const failure = failureOf(answer, 'audit head');
    if (failure !== null) return failure;
    if (answer.kind !== 'answer') return STOPPED;
    const parsed = AuditHeadResponse.safeParse(answer.body);
    if (!parsed.success) return garbage('audit head', answer);
    const head = parsed.data;
    const at = isoNow();
    const relinked = await db.transaction('rw', db.audit, db.syncMeta, async () => {
      const held = head.through === 0 ? undefined : await db.audit.get(head.through);
      const first = await db.audit.orderBy('seq').first();
      if ((held !== undefined && held.hash === head.hash) || (head.through === 0 && first?.seq === 1)) {
        await writeMeta(db, META.auditSentThrough, head.through);
        return 0;
      }
      const from = Math.min(sentThrough, head.through);
      const unsent = await db.audit.where('seq').above(from).toArray();
      // Not holding the server's last entry at all: this kiosk's log was lost and started again.
      const cause = held === undefined && head.through > 0 ? 'kiosk log restarted' : 'kiosk and server logs differ';
      const rebased = rebaseOnto(head, unsent, at, cause);
      await db.audit.where('seq').above(from).delete();
      await db.audit.bulkAdd(rebased);
      await writeMeta(db, META.auditSentThrough, head.through);
      return unsent.length;
    });
    log(relinked > 0 ? 'warn' : 'info', 'sync.audit_relinked', { serverThrough: head.through, relinked });
    return OK;
  };

  // ---------------------------------------------------------------------------------------------
  // Heartbeat

  const heartbeat = async (): Promise<Step> => {
    const storage = await deps.bridge.invoke('storage.status', {});
    // The printers' states as the host sees them; none when it cannot say (IT still gets the rest).
    const devices = await deps.bridge.invoke('devices.status', {});
    const status = await readStatus(db, phase, settings, deps.now());
    const answer = await call({
      method: 'POST',
      path: apiRoutes.heartbeat.path,
      body: {
        appVersion: deps.appVersion.slice(0, 40),
        queueDepth: status.pending,
        oldestPendingAt: status.oldestPendingAt,
        lastSyncAt: status.lastSuccessAt,
        freeDiskBytes: storage.ok ? Math.max(0, Math.floor(storage.value.freeBytes)) : null,
        devices: devices.ok ? heartbeatDevices(devices.value.devices) : [],
      },
    });
    const failure = failureOf(answer, 'heartbeat');
    if (failure !== null) return failure;
    if (answer.kind !== 'answer') return STOPPED;
    const parsed = HeartbeatResponse.safeParse(answer.body);
    if (!parsed.success) return garbage('heartbeat', answer);
    // Warn before the server starts refusing (at 300 s): the clock drifts slowly, IT can act early.
    const skew = skewFrom(parsed.data.serverTime, deps.now());
    await writeMeta(db, META.clockSkewSeconds, skew !== null && Math.abs(skew) >= CLOCK_WARNING_SECONDS ? skew : null);
    return OK;
  };

  const garbage = (what: string, answer: CentralAnswer): Step => {
    const detail =
      answer.kind === 'answer' ? `${what}: HTTP ${answer.status}, ${answer.notJson ? 'not JSON' : 'not the contract'} (${answer.bytes} bytes)` : `${what}: no answer`;
    return { ok: false, code: 'garbage', detail };
  };

  // ---------------------------------------------------------------------------------------------
  // Rounds

  /**
   * Submissions, statuses, catalogue and heartbeat went through. `aside`: help requests or the
   * audit log did not; officers see it as the last error, and it is tried again next round.
   */
  const succeed = async (aside: Extract<Step, { ok: false }> | null): Promise<RoundResult> => {
    const before = (await readMeta<SyncError>(db, META.lastError)) ?? null;
    const error: SyncError | null = aside === null ? null : { code: aside.code, at: isoNow(), detail: aside.detail.slice(0, 300) };
    await db.transaction('rw', db.syncMeta, async () => {
      await writeMeta(db, META.lastSuccessAt, isoNow());
      await writeMeta(db, META.lastError, error);
      await writeMeta(db, META.roundFailures, 0);
    });
    if (error !== null && before?.code !== error.code) log('warn', 'sync.aside_failed', { code: error.code, reason: error.detail });
    if (error === null && before !== null) log('info', 'sync.recovered', { after: before.code });
    phase = 'idle';
    await publishNow();
    return { outcome: 'ok', ...(error === null ? {} : { code: error.code }), nextInMs: settings.intervalSeconds * 1000, received };
  };

  const fail = async (step: Extract<Step, { ok: false }>): Promise<RoundResult> => {
    const before = await readMeta<SyncError>(db, META.lastError);
    const failures = ((await readMeta<number>(db, META.roundFailures)) ?? 0) + 1;
    const error: SyncError = { code: step.code, at: isoNow(), detail: step.detail.slice(0, 300) };
    await db.transaction('rw', db.syncMeta, async () => {
      await writeMeta(db, META.lastError, error);
      await writeMeta(db, META.roundFailures, failures);
      if (step.code === 'clock_skew') await writeMeta(db, META.clockSkewSeconds, step.skewSeconds ?? null);
    });
    // Logged when the kind of trouble changes, not every round: an office offline for three days
    // would otherwise fill the log with the same line.
    if (before?.code !== step.code) {
      log(step.code === 'network' ? 'warn' : 'error', 'sync.failed', { code: step.code, reason: error.detail, skewSeconds: step.skewSeconds ?? null });
    }
    phase = step.code === 'network' ? 'offline' : step.code === 'not_enrolled' ? 'not_enrolled' : 'error';
    await publishNow();
    const jitter = fullJitterDelay(failures - 1, roundBackoff(settings.intervalSeconds), deps.random);
    const wait = step.afterMs === undefined || step.afterMs === null ? jitter : Math.min(step.afterMs, MAX_RETRY_AFTER_MS);
    return { outcome: 'failed', code: step.code, nextInMs: Math.max(MIN_WAIT_MS, wait), received };
  };

  const round = async (force: boolean): Promise<RoundResult> => {
    received = 0;
    phase = 'syncing';
    watch.mark(await outboxLastKey());
    await publishNow();
    const identity = await deps.bridge.invoke('device.identity', {});
    if (!identity.ok) return fail({ ok: false, code: 'host', detail: `device.identity: ${identity.error.message}` });
    if (!identity.value.enrolled || identity.value.serverUrl === null) {
      // Nothing to talk to: no request leaves the kiosk. Submissions keep queueing safely.
      await writeMeta(db, META.lastError, { code: 'not_enrolled', at: isoNow(), detail: 'device not enrolled' } satisfies SyncError);
      phase = 'not_enrolled';
      await publishNow();
      return { outcome: 'not_enrolled', nextInMs: settings.intervalSeconds * 1000, received };
    }
    // Changes first: what the office already holds is learnt before anything is sent again, and a
    // pull that works shows the server is up, so an upload failing after it is the items' doing.
    for (const step of [pullChanges, () => upload(force), () => refreshCatalogue(identity.value), heartbeat]) {
      const result = await step();
      if (!result.ok) return result.stopped === true ? { outcome: 'stopped', nextInMs: 0, received } : fail(result);
    }
    // Help and audit last and apart: each is tried every round, but one the server keeps refusing
    // neither fails the round nor stretches its backoff, which would slow the submissions too.
    let aside: Extract<Step, { ok: false }> | null = null;
    for (const step of [uploadHelp, uploadAudit]) {
      const result = await step();
      if (result.ok) continue;
      if (result.stopped === true) return { outcome: 'stopped', nextInMs: 0, received };
      aside ??= result;
    }
    return succeed(aside);
  };

  let running: Promise<RoundResult> | null = null;
  const runRound = (options: { force?: boolean } = {}): Promise<RoundResult> => {
    if (running === null) watch.off();
    running ??= round(options.force ?? false)
      .catch(async (error: unknown): Promise<RoundResult> => {
        if (stopping.signal.aborted) return { outcome: 'stopped', nextInMs: 0, received };
        // A bug or IndexedDB trouble: recorded and retried with backoff, never an unhandled rejection.
        try {
          return await fail({ ok: false, code: 'internal', detail: `${errorName(error)}: ${error instanceof Error ? error.message : ''}` });
        } catch {
          phase = 'error';
          deps.publish({ ...current, phase });
          return { outcome: 'failed', code: 'internal', nextInMs: roundBackoff(settings.intervalSeconds).capMs, received };
        }
      })
      .finally(() => {
        running = null;
        if (started && !stopping.signal.aborted) watch.on();
      });
    return running;
  };

  // ---------------------------------------------------------------------------------------------
  // The loop

  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let again: { force: boolean } | null = null;
  /** When the last round failed (performance.now()); -Infinity after a good one. */
  let failedAt = Number.NEGATIVE_INFINITY;
  let pendingForce = false;

  const tick = async (force: boolean) => {
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    pendingForce = false;
    const result = await runRound({ force });
    if (stopping.signal.aborted) return;
    failedAt = result.outcome === 'failed' ? performance.now() : Number.NEGATIVE_INFINITY;
    if (again !== null) {
      const next = again;
      again = null;
      soon(next.force);
      return;
    }
    timer = setTimeout(() => void tick(false), result.nextInMs);
  };

  /**
   * A round now, unless the last one failed less than MIN_WAIT_MS ago: then once that has passed.
   * New outbox rows skip the backoff (a resident's submission is tried at once), but a burst of
   * them while offline (reconcile restoring thousands from the journal) is one attempt a second,
   * not one failing request per row.
   */
  const soon = (force: boolean) => {
    const wait = failedAt + MIN_WAIT_MS - performance.now();
    if (wait <= 0) {
      void tick(force);
      return;
    }
    pendingForce ||= force;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(pendingForce), wait);
  };

  const trigger = (force: boolean) => {
    if (!started || stopping.signal.aborted) return;
    if (running !== null) {
      again = { force: force || (again?.force ?? false) };
      return;
    }
    soon(force);
  };

  /**
   * A new outbox row (a resident just pressed Kirim, in the page or after reconcile) starts a round
   * at once; other changes only refresh the status. Dexie's liveQuery sees writes from the page
   * too (it broadcasts them between the page and its workers). Off while a round runs: every
   * answer's writes would run the query again (10,000 queued: 200 more transactions). Each round
   * notes the outbox's last key as it starts (`mark`), so a row that comes meanwhile, and that the
   * round's upload has already passed, starts a round once the watch is back on.
   */
  /** The newest outbox row's id (UUIDv7: the newest submission queued). */
  const outboxLastKey = async () => (await db.outbox.toCollection().lastKey()) as string | undefined;
  const outboxWatch = () => {
    let primed = false;
    let lastKey: string | undefined;
    let subscription: { unsubscribe(): void } | undefined;
    return {
      on() {
        subscription ??= liveQuery(outboxLastKey).subscribe({
          next: (last) => {
            const isNew = primed && last !== undefined && (lastKey === undefined || last > lastKey);
            primed = true;
            lastKey = last;
            if (isNew) trigger(false);
            else if (running === null) publishSoon();
          },
          error: (error: unknown) => log('warn', 'sync.watch_failed', { reason: errorName(error) }),
        });
      },
      off() {
        subscription?.unsubscribe();
        subscription = undefined;
      },
      mark(key: string | undefined) {
        primed = true;
        lastKey = key;
      },
    };
  };
  const watch = outboxWatch();

  return {
    runRound,
    start() {
      if (started || stopping.signal.aborted) return;
      started = true;
      watch.on();
      void tick(false);
    },
    syncNow: () => trigger(true),
    configure(next) {
      settings = next;
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      clearTimeout(publishTimer);
      clearTimeout(progressTimer);
      watch.off();
      if (running !== null) await running;
    },
    status: () => current,
  };
}

/** The server's own error code and words (never personal data, per the contract), for the log. */
function apiErrorWords(body: unknown): string {
  const parsed = ApiError.safeParse(body);
  return parsed.success ? ` ${parsed.data.error.code}: ${parsed.data.error.message.slice(0, 160)}` : '';
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
