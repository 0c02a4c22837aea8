import { createHash } from 'node:crypto';
import { apiRoutes, UploadBatchResponse } from '../../../core/contract/central-api';
import type { JournalUploadInput, JournalUploadOutput } from '../../../core/contract/journal-upload';
import { ok, type Result } from '../../../core/contract/result';
import { centralReplyOf, describeNetworkError } from '../../../core/sync/http-outcome';
import { isTooLarge, uploadBodyOf } from '../../../core/sync/journal-upload';
import type { SignedRequest, SignRequest } from '../secrets/sign';
import type { Journal } from './journal';

/**
 * `journal.upload`: batches of journal entries to the central API, signed here, and the server's
 * answer back to the sync engine as it came (core/sync/journal-upload.ts says why the host sends
 * submissions). Never throws and never retries: what to do with any answer is the engine's call.
 *
 * Between one answer and the next request lay a round trip to the page's worker (the answer out,
 * the next upload in: 6-10 ms on a busy 2-core kiosk) and the building of the batch (decrypting
 * 50 entries, the request body, its hash: 2-10 ms). So each upload names the batch the engine
 * sends after it (`next`): that one is staged (built here while the current one is on the wire),
 * and once the current one is answered 200 with a readable answer, the staged one is sent at once;
 * the engine's upload of it then gets that answer. While the answers keep coming so, the batches
 * stream: an upload's `next` goes at once, beside it, so the server always has the next request
 * in hand when it finishes one (two on the wire at most; the server takes them in either order).
 * After any other answer nothing goes ahead until a staged batch is answered 200 again, so a
 * failure still ends the upload where the engine says, one request later at most. A batch sent
 * ahead that the engine never asks for (its round ended first: stopped, a failure, or IndexedDB
 * refusing its writes) was sent all the same; the server takes a resend as a duplicate, and the
 * status feed tells the kiosk. A staged batch whose entries changed since (appended again,
 * dropped) is built afresh.
 */
export type JournalUploadDeps = {
  /** The journal, or why it cannot be read. */
  journal(): Promise<Result<Pick<Journal, 'records' | 'revision'>>>;
  sign(request: SignRequest): Promise<Result<SignedRequest>>;
  fetch: typeof fetch;
};

export type JournalUploader = {
  upload(input: JournalUploadInput): Promise<Result<JournalUploadOutput>>;
};

/** A batch's request body, ready to sign. */
type Built = { revision: string; bytes: Buffer | null; bodySha256: string; missing: string[] };

export function createJournalUploader(deps: JournalUploadDeps): JournalUploader {
  /** The one batch staged ahead, by its ids: only the next upload can use it. */
  let staged: { key: string; ids: string[]; built: Promise<Result<Built>> } | undefined;

  async function build(ids: readonly string[]): Promise<Result<Built>> {
    const journal = await deps.journal();
    if (!journal.ok) return journal;
    const records = journal.value.records(ids);
    const { body, missing } = uploadBodyOf(ids, (id) => records.get(id));
    const bytes = body === null ? null : Buffer.from(body, 'utf8');
    const bodySha256 = bytes === null ? '' : createHash('sha256').update(bytes).digest('hex');
    return ok({ revision: journal.value.revision(ids), bytes, bodySha256, missing });
  }

  /** The staged batch if it is these ids and none of them changed since; else built now. */
  async function built(ids: readonly string[]): Promise<Result<Built>> {
    const ahead = staged;
    // A batch staged for another upload (the next one, its hint come early) stays staged.
    if (ahead?.key === ids.join(',')) {
      staged = undefined;
      const ready = await ahead.built.catch(() => null);
      const journal = await deps.journal();
      if (ready?.ok === true && journal.ok && journal.value.revision(ids) === ready.value.revision) return ready;
    }
    return build(ids);
  }

  /** Sends a batch: `staged`, when it was the engine's staged batch, which lets the next staged one go ahead. */
  async function send(ids: readonly string[], timeoutMs: number): Promise<Result<JournalUploadOutput>> {
    const prepared = await built(ids);
    if (!prepared.ok) return prepared;
    const { bytes, bodySha256, missing } = prepared.value;
    if (bytes === null) return ok({ missing, outcome: { kind: 'nothing_to_send' } });
    if (isTooLarge(bytes.length)) return ok({ missing, outcome: { kind: 'too_large', bytes: bytes.length } });
    const path = apiRoutes.uploadSubmissions.path;
    const signed = await deps.sign({ method: 'POST', path, bodySha256 });
    if (!signed.ok) return signed;
    try {
      const response = await deps.fetch(signed.value.url, {
        method: 'POST',
        headers: { ...signed.value.headers, accept: 'application/json', 'content-type': 'application/json' },
        body: bytes,
        signal: AbortSignal.timeout(timeoutMs),
        // Signed for one exact URL: a redirect is an error, not a second request.
        redirect: 'error',
      });
      const text = await response.text();
      return ok({ missing, outcome: centralReplyOf(response.status, text, (name) => response.headers.get(name)) });
    } catch (error) {
      return ok({ missing, outcome: { kind: 'network', detail: describeNetworkError(error) } });
    }
  }

  /** Batches sent ahead, by their ids, until the engine asks for them (at most a couple). */
  const ahead = new Map<string, Promise<Result<JournalUploadOutput>>>();
  /** The last answer was a staged batch's readable 200: the next batch need not wait for the one on the wire. */
  let streaming = false;
  /** Answers other than that so far: a 200 for a batch sent before the latest of them turns nothing back on. */
  let setbacks = 0;

  function dispatch(ids: readonly string[], timeoutMs: number, wasStaged: boolean): Promise<Result<JournalUploadOutput>> {
    const sent = send(ids, timeoutMs);
    const before = setbacks;
    const setback = () => {
      setbacks += 1;
      streaming = false;
    };
    // A throw (the journal unreadable) reaches the caller through `sent`; here it only stops the stream.
    void sent.then((result) => {
      const { outcome } = result.ok ? result.value : { outcome: undefined };
      const taken = wasStaged && outcome?.kind === 'answer' && outcome.status === 200 && UploadBatchResponse.safeParse(outcome.body).success;
      if (!taken) setback();
      else if (before === setbacks) {
        streaming = true;
        goAhead(timeoutMs);
      }
    }, setback);
    return sent;
  }

  /** The staged batch, sent now: the one before went through, and the engine said this one is next. */
  function goAhead(timeoutMs: number): void {
    const next = staged;
    if (next === undefined || ahead.has(next.key) || ahead.size >= 2) return;
    ahead.set(next.key, dispatch(next.ids, timeoutMs, true));
  }

  /** Builds the batch the engine sends next, while the current one is on the wire. */
  function stage(ids: readonly string[]): void {
    const next = build(ids);
    // Awaited only if that upload comes; a failed build then surfaces there (and is built again).
    next.catch(() => undefined);
    staged = { key: ids.join(','), ids: [...ids], built: next };
  }

  return {
    upload(input) {
      const key = input.ids.join(',');
      let sent = ahead.get(key);
      const inStream = sent !== undefined || staged?.key === key;
      if (sent !== undefined) ahead.delete(key);
      else {
        // Any other batch sent ahead was not asked for before this one: the engine's round moved on.
        ahead.clear();
        // Takes this batch's staged build (if it was staged) before the next one replaces it.
        sent = dispatch(input.ids, input.timeoutMs, inStream);
      }
      // The first batch of a round, or one sent alone: one at a time until a staged one is answered 200.
      if (!inStream) streaming = false;
      if (input.next !== undefined) {
        stage(input.next);
        if (streaming) goAhead(input.timeoutMs);
      }
      return sent;
    },
  };
}
