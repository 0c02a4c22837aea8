import type { SessionState } from '../../../core/flow/engine';
import type { KioskDb } from '../db/db';
import { seal } from './seal';

/**
 * The answers of the session in progress, sealed in `drafts`, so an officer-assisted recovery has
 * something to work from. Never read back into a resident's screen: a restart ends the session, and
 * main.tsx deletes every draft at start so nobody finds another person's answers. Wiped on reset,
 * idle timeout and after a successful submit (wipe-session.ts, FlowRunner).
 */
export type DraftWriter = {
  /** Remembers the latest state; written at most once per delay, never blocking the tap. */
  write(state: SessionState): void;
  /** Stops writing and deletes this session's draft. Never rejects. */
  discard(): Promise<void>;
};

export const DRAFT_DELAY_MS = 1000;

export function createDraftWriter(
  store: { db: KioskDb; key: CryptoKey },
  options: { sessionId: string; delayMs?: number; onError: (reason: string) => void },
): DraftWriter {
  const { db, key } = store;
  const { sessionId, delayMs = DRAFT_DELAY_MS, onError } = options;
  let latest: SessionState | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  // Writes run one after another, so an older state can never land after a newer one.
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    const state = latest;
    latest = undefined;
    if (state === undefined || closed) return;
    try {
      const sealed = await seal(key, draftSnapshot(state));
      // Checked again after the await: a discard() meanwhile must not be undone by this write.
      if (closed) return;
      await db.drafts.put({ sessionId, serviceId: state.definition.id, updatedAt: new Date().toISOString(), sealed });
    } catch (error) {
      onError(error instanceof Error ? error.name : 'Error');
    }
  };

  return {
    write(state) {
      if (closed) return;
      latest = state;
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        writing = writing.then(flush);
      }, delayMs);
    },
    async discard() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      latest = undefined;
      await writing;
      try {
        await db.drafts.delete(sessionId);
      } catch (error) {
        onError(error instanceof Error ? error.name : 'Error');
      }
    },
  };
}

/** Everything but the service definition, which is config, not the resident's. */
export function draftSnapshot(state: SessionState): Omit<SessionState, 'definition'> & { serviceId: string; serviceVersion: number } {
  const { definition, ...rest } = state;
  return { serviceId: definition.id, serviceVersion: definition.version, ...rest };
}

/** Deletes every draft: at start, and whenever a session ends. */
export async function wipeDrafts(db: KioskDb): Promise<void> {
  await db.drafts.clear();
}
