/**
 * The server's hold on its database: one DuckDB instance per process (DuckDB allows a single writing
 * process per file), a small pool of reader connections and one writer connection. DuckDB's MVCC gives
 * each reader a consistent snapshot, so dashboards keep answering while an ingest writes.
 */

import { type ChurnlensDatabase, openDatabase } from '@churnlens/models/database/open-database';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';

export type SqlParams = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_READERS = 4;

/** A read was interrupted because it ran longer than the configured limit. */
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`the query ran longer than ${timeoutMs / 1000} s and was stopped; narrow the filters and retry`);
  }
}

/**
 * Runs `work` on `connection`, interrupting the connection once it has run `timeoutMs`: the error the
 * interrupted statement fails with becomes a QueryTimeoutError.
 */
export async function withQueryTimeout<T>(
  connection: DuckDBConnection,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, timeoutMs);
  try {
    return await work();
  } catch (error) {
    if (timedOut) throw new QueryTimeoutError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export interface ApiDatabaseOptions {
  /** Reads running longer than this are interrupted and fail with QueryTimeoutError. */
  queryTimeoutMs?: number;
  maxReaders?: number;
  /**
   * Told once when DuckDB has invalidated the database after a fatal error (a checkpoint the disk refused):
   * from then on every statement fails until the file is opened again, by a new process.
   */
  onInvalidated?: (error: unknown) => void;
}

/** Whether `error` is DuckDB saying the instance is invalidated and answers nothing until reopened. */
export function isDatabaseInvalidated(error: unknown): boolean {
  return /database has been invalidated/i.test(String(error));
}

export interface ApiDatabase {
  readonly path: string;
  /** The DuckDB instance, for work that opens its own connections (an ingest run started by an upload). */
  readonly instance: DuckDBInstance;
  /** Runs one parameterized read and returns its rows as JSON-ready objects (BIGINT and DECIMAL as strings). */
  query<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs several reads on one pooled connection, under the query timeout as a whole. */
  read<T>(work: (connection: DuckDBConnection) => Promise<T>, options?: ReadOptions): Promise<T>;
  /** Runs work on the single writer connection; writes are serialized in call order. */
  write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Moves on whenever a write settles: answers computed under an older generation may be out of date. */
  readonly generation: number;
  close(): Promise<void>;
}

export interface ReadOptions {
  /**
   * Whether every statement sees one snapshot (the default: the read is one transaction). Without it each
   * statement sees the data committed when it starts. Scratch tables a read creates inside its transaction
   * have no statistics, so DuckDB may plan joins on them badly (/api/themes at 10M cancellations: 2.3 s inside
   * a transaction, 1.6 s without). A read may do without the snapshot when a write committed between two of
   * its statements cannot make its answer wrong.
   */
  snapshot?: boolean;
}

export async function openApiDatabase(path: string, options: ApiDatabaseOptions = {}): Promise<ApiDatabase> {
  return createApiDatabase(await openDatabase(path), options);
}

/** Wraps an already opened database (its migration connection becomes the writer). */
export function createApiDatabase(
  database: ChurnlensDatabase,
  options: ApiDatabaseOptions = {},
): ApiDatabase {
  const timeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const readers = new ConnectionPool(database, options.maxReaders ?? DEFAULT_MAX_READERS);
  let writeQueue: Promise<unknown> = Promise.resolve();
  let generation = 0;
  let invalidated = false;

  function watchForInvalidation(error: unknown): void {
    if (invalidated || !isDatabaseInvalidated(error)) return;
    invalidated = true;
    options.onInvalidated?.(error);
  }

  /**
   * Whether the last write left the database usable. An ingest reports a file that failed rather than
   * throwing, so the fatal error of its checkpoint would otherwise surface only at the next read.
   */
  async function checkAfterWrite(): Promise<void> {
    await database.connection.run('SELECT 1').catch(watchForInvalidation);
  }

  async function read<T>(
    work: (connection: DuckDBConnection) => Promise<T>,
    { snapshot = true }: ReadOptions = {},
  ): Promise<T> {
    const connection = await readers.acquire();
    try {
      return await withQueryTimeout(connection, timeoutMs, async () => {
        // One transaction per read unless it does without the snapshot (ReadOptions): every statement of an
        // answer sees the same data, so an ingest that commits between two of them cannot mix before and after.
        if (snapshot) await connection.run('BEGIN TRANSACTION');
        return await work(connection);
      });
    } catch (error) {
      watchForInvalidation(error);
      throw error;
    } finally {
      if (snapshot) await connection.run('ROLLBACK').catch(() => undefined);
      readers.release(connection);
    }
  }

  return {
    path: database.path,
    instance: database.instance,
    read,
    async query<T extends Row = Row>(sql: string, params: SqlParams = {}) {
      return read(async (connection) => {
        const reader = await connection.runAndReadAll(sql, params);
        return reader.getRowObjectsJson() as T[];
      });
    },
    write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
      // Also on failure: a failed write may have committed part of its work (an ingest of several files).
      const result = writeQueue
        .then(() => work(database.connection))
        .finally(async () => {
          generation += 1;
          await checkAfterWrite();
        });
      writeQueue = result.catch(() => undefined);
      return result;
    },
    get generation() {
      return generation;
    },
    async close() {
      await writeQueue;
      await readers.drain();
      database.close();
    },
  };
}

/** Hands out at most `size` reader connections; callers beyond that wait for one to be released. */
class ConnectionPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private created = 0;
  private busy = 0;
  private onIdle: (() => void) | undefined;

  constructor(
    private readonly database: ChurnlensDatabase,
    private readonly size: number,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    this.busy += 1;
    const connection = this.idle.pop();
    if (connection) return connection;
    if (this.created < this.size) {
      this.created += 1;
      return this.database.instance.connect();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(connection: DuckDBConnection): void {
    this.busy -= 1;
    const next = this.waiting.shift();
    if (next) {
      next(connection);
      return;
    }
    this.idle.push(connection);
    if (this.busy === 0) this.onIdle?.();
  }

  /** Waits for running reads to finish, then closes every reader connection. */
  async drain(): Promise<void> {
    if (this.busy > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
    for (const connection of this.idle.splice(0)) connection.closeSync();
  }
}
