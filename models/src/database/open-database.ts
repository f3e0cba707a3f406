/**
 * Opens a churnlens DuckDB file and brings its schema up to date. Every process (CLI, server, tests)
 * opens databases through here so that migrations run exactly once per open and always in order.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parseByteSize } from '../byte-size.ts';
import { syncFactCurrencies } from './derived-tables.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.ts';

/** The schema version that made cancellation_facts a table (see ./derived-tables.ts). */
const FACT_TABLES_VERSION = 5;

export interface ChurnlensDatabase {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  path: string;
  close(): void;
}

/** Raised when another process holds the file's write lock; carries a sentence fit for users. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly path: string,
    advice = 'stop it, or send the work to that server with --server URL',
  ) {
    super(
      `The database ${path} is in use by another churnlens process (probably \`churnlens serve\`); ${advice}.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

/** Raised when a path cannot be a churnlens database; carries a sentence fit for users. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot use ${path} as the database: ${reason}.`);
    this.name = 'DatabaseOpenError';
  }
}

const DATA_FILE_HINT = 'to load a data file, pass it to `churnlens ingest`; --db names the database file';

/** The reason DuckDB could not open `path`, in words, for the errors a mistyped --db causes. */
export function openProblem(error: unknown): string | undefined {
  const message = String(error);
  if (/not a valid DuckDB database file/i.test(message))
    return `the file exists but is not a DuckDB database (${DATA_FILE_HINT})`;
  if (/Is a directory/i.test(message)) return 'it is a folder; --db names a database file';
  if (/Read-only file system/i.test(message))
    return 'it is on a read-only file system, and churnlens writes to its database (schema upgrades, ingests, relabels)';
  if (/Permission denied/i.test(message))
    return 'this user may not read and write it (permission denied): run churnlens as the user that owns the file and its folder, or change their permissions';
  return undefined;
}

function makeFolderOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot be made (${message})`;
    throw new DatabaseOpenError(path, `its folder ${dirname(path)} ${reason}`);
  }
}

/**
 * Whether the main database is kept in a file. DuckDB opens an existing CSV, Parquet or JSON file given as
 * the database as an in-memory database over that file: everything written to it would be lost at exit.
 */
async function keptInFile(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT path IS NOT NULL AS kept FROM duckdb_databases() WHERE database_name = current_database()`,
  );
  return reader.getRowObjectsJson()[0]?.kept === true;
}

/** DuckDB memory sizes as `SET memory_limit` takes them: "1GB", "512MB", "1.5GiB". */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export function isMemorySize(value: string): boolean {
  return MEMORY_SIZE.test(value);
}

/** Refuses anything but a memory size: the size goes into a SET statement, which takes no parameters. */
function assertMemorySize(value: string): void {
  if (!isMemorySize(value))
    throw new Error(`memory limit must be a size such as 1GB or 512MB, got "${value}"`);
}

export interface OpenDatabaseOptions {
  /**
   * DuckDB's memory limit for this process (default: DuckDB's, 80% of RAM). Work beyond it spills to a
   * temp directory next to the database file, and DuckDB hands memory it frees back promptly
   * (RETURN_FREED_MEMORY).
   */
  memoryLimit?: string;
  /**
   * Told of each migration just before it is applied to a database that already had a schema (never for a
   * new file), so that a command can say why opening takes a while: some migrations recount every fact (the
   * 10M-cancellation database took 39 s to move to schema 19).
   */
  onUpgrade?: (migration: Migration) => void;
}

/** One line saying that opening `path` upgrades it, and why it may take a while. */
export function upgradeNotice(path: string, migration: Migration): string {
  return `upgrading ${path} to schema ${migration.version} (${migration.description}); a large database takes a while`;
}

/**
 * A memory limit caps what DuckDB holds, but its allocator also keeps memory it freed for reuse, up to
 * 128 MiB after each task and 512 MiB after a bulk free: a 5M-row ingest at `--memory-limit 512MB` peaked at
 * 1,592 MiB resident, 1,006 MiB with these settings (and at 1GB, 2,480 against 1,509 MiB; 2026-12-05, one
 * run each). Without a limit they changed neither the peak nor, measurably, the time of a 1M-row ingest.
 */
const RETURN_FREED_MEMORY = [
  `SET allocator_flush_threshold = '8MB'`,
  `SET allocator_bulk_deallocation_flush_threshold = '32MB'`,
  `SET allocator_background_threads = true`,
];

/**
 * Caps the memory of the DuckDB instance `connection` belongs to (a size such as 512MB or 1100MiB), and has
 * it hand freed memory back promptly (RETURN_FREED_MEMORY).
 */
export async function limitMemory(connection: DuckDBConnection, size: string): Promise<void> {
  assertMemorySize(size);
  // In bytes: DuckDB reads "512MB" as 488 MiB, while `serve --max-upload-size 512MB` is 512 MiB (byte-size.ts).
  await connection.run(`SET memory_limit = '${parseByteSize(size)}B'`);
  for (const setting of RETURN_FREED_MEMORY) await connection.run(setting);
}

export async function openDatabase(
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
  options: OpenDatabaseOptions = {},
): Promise<ChurnlensDatabase> {
  // Before the file is created: a bad limit must not leave a new database behind.
  if (options.memoryLimit !== undefined) assertMemorySize(options.memoryLimit);
  const inMemory = path === ':memory:';
  if (!inMemory) makeFolderOf(path);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    if (/lock/i.test(String(error))) throw new DatabaseLockedError(path);
    const problem = openProblem(error);
    throw problem ? new DatabaseOpenError(path, problem) : error;
  }
  const connection = await instance.connect();
  if (!inMemory && !(await keptInFile(connection))) {
    connection.closeSync();
    instance.closeSync();
    throw new DatabaseOpenError(
      path,
      `DuckDB reads this file as data, so nothing written to it would be kept (${DATA_FILE_HINT})`,
    );
  }
  if (options.memoryLimit !== undefined) await limitMemory(connection, options.memoryLimit);
  await migrate(connection, migrations, options.onUpgrade);
  const version = await schemaVersion(connection);
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  if (version > known) {
    // Before anything is written: this code does not keep the tables of a newer schema consistent.
    connection.closeSync();
    instance.closeSync();
    throw new DatabaseOpenError(
      path,
      `its schema is version ${version}, written by a newer churnlens than this one (which knows up to version ${known}); upgrade churnlens to use it`,
    );
  }
  if (version >= FACT_TABLES_VERSION) await inTransaction(connection, syncFactCurrencies);
  return {
    instance,
    connection,
    path,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export async function schemaVersion(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT coalesce(max(version), 0)::INTEGER AS version FROM schema_migrations`,
  );
  return Number(reader.getRowObjectsJson()[0]?.version ?? 0);
}

/**
 * Applies every migration newer than the file's version, each in its own transaction; `onUpgrade` hears of
 * each one first when the file had a schema already.
 */
export async function migrate(
  connection: DuckDBConnection,
  migrations: readonly Migration[] = MIGRATIONS,
  onUpgrade?: (migration: Migration) => void,
): Promise<number[]> {
  await connection.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)`,
  );
  const current = await schemaVersion(connection);
  const pending = migrations.filter((migration) => migration.version > current);
  for (const migration of pending) {
    if (current > 0) onUpgrade?.(migration);
    try {
      await inTransaction(connection, async () => {
        await connection.run(migration.sql);
        await connection.run(
          `INSERT INTO schema_migrations (version, description) VALUES ($version, $description)`,
          { version: migration.version, description: migration.description },
        );
        await migration.populate?.(connection);
      });
    } catch (error) {
      throw new Error(`migration ${migration.version} (${migration.description}) failed: ${String(error)}`);
    }
  }
  return pending.map((migration) => migration.version);
}

/** Runs `work` in one transaction: all of it lands, or none. */
export async function inTransaction<T>(
  connection: DuckDBConnection,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work(connection);
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // A COMMIT that failed has rolled back already; its error is the one to report.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export { LATEST_SCHEMA_VERSION };
