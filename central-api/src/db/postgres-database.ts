import pg from 'pg';
import { DatabaseUnavailableError, type Database, type Queryable, type Row } from './database';

/**
 * PostgreSQL through a `pg` Pool. A transaction holds one pooled connection from BEGIN to
 * COMMIT; plain queries take any free one.
 */
export type PostgresOptions = { connectionString: string; maxConnections?: number; onIdleError?: (error: Error) => void };

export function openPostgresDatabase(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Fail a request in seconds when the server is gone, instead of queueing it forever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (restart, network) emits here; without a listener
  // Node treats it as an unhandled error and the whole API process dies.
  pool.on('error', (error) => options.onIdleError?.(error));
  let ended = false;

  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    if (ended) throw new DatabaseUnavailableError(new Error('The connection pool is closed'));
    try {
      return await work();
    } catch (error) {
      throw isConnectionError(error) ? new DatabaseUnavailableError(error) : error;
    }
  };
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await client.query<T>(sql, [...params])).rows,
    exec: async (sql: string) => {
      await client.query(sql);
    },
  });
  const direct = on(pool);

  const once = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: unknown = undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(on(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself is gone: do not hand it back to the pool.
        broken = rollbackError;
      }
      throw error;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  };

  return {
    kind: 'postgresql',
    query: (sql, params) => wrap(() => direct.query(sql, params)),
    exec: (sql) => wrap(() => direct.exec(sql)),
    transaction: (fn) =>
      wrap(async () => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await once(fn);
          } catch (error) {
            // A deadlock victim or serialization failure did nothing; running it again is safe.
            if (attempt >= MAX_ATTEMPTS || !RETRYABLE_SQLSTATES.has((error as { code?: string }).code ?? '')) throw error;
          }
        }
      }),
    close: async () => {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

const MAX_ATTEMPTS = 3;
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** SQLSTATE classes and socket errors that mean "the server is not there", not "the SQL is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGES = [/connection terminated/iu, /timeout exceeded when trying to connect/iu, /cannot use a pool after calling end/iu, /client has encountered a connection error/iu, /connection is closed/iu];

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code))) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}
