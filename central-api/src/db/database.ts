/**
 * The one storage port of the central API. Two adapters implement it (PGlite embedded, PostgreSQL
 * through a `pg` Pool) and run the same SQL, so the whole suite runs on both.
 *
 * Rows come back as plain objects; each caller casts to the row type its own SQL selects.
 * bigint columns are selected as `::text` and timestamps come back as `Date` on both adapters.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgresql';
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. On
   * PostgreSQL a deadlock victim is run again, so `fn` must do nothing outside the transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached (stopped, connection refused, closed). The HTTP layer answers
 * 503 `unavailable` for this, and only for this: any other database error is a bug.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Transaction-scoped advisory lock keys: the first argument says what the second one counts. */
export const LOCK_SPACE = {
  migrations: 7_245_001,
  /** Per device: its submission events are written in commit order, so a cursor never skips one. */
  deviceEvents: 7_245_002,
  /** Per device: its audit chain is extended by one writer at a time. */
  deviceAudit: 7_245_003,
  /** Per submission id: its other versions are counted against the cap by one writer at a time. */
  submissionVersions: 7_245_004,
  /** Per office: kiosk numbers are handed out at enrolment by one writer at a time. */
  officeKioskNumbers: 7_245_005,
} as const;
