import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildDerivedTables } from './derived-tables.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.ts';
import { DatabaseOpenError, openDatabase, openProblem, schemaVersion } from './open-database.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'churnlens-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function tableNames(path: string): Promise<string[]> {
  const db = await openDatabase(path);
  try {
    const reader = await db.connection.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`,
    );
    return reader.getRowObjectsJson().map((row) => String(row.table_name));
  } finally {
    db.close();
  }
}

/** A database at the schema before `version` holding the rows `rowsSql` inserts and their derived tables. */
async function writtenBefore(version: number, rowsSql: string): Promise<string> {
  const path = join(dir, `before-${version}.duckdb`);
  const old = await openDatabase(
    path,
    MIGRATIONS.filter((migration) => migration.version < version),
  );
  await old.connection.run(rowsSql);
  await rebuildDerivedTables(old.connection);
  old.close();
  return path;
}

describe('openDatabase', () => {
  it('refuses a data file given as the database, with a sentence, and leaves the file as it was', async () => {
    const csv = join(dir, 'cancellations.csv');
    writeFileSync(csv, 'id,reason_text\nc1,too expensive\n');
    // DuckDB would open an existing CSV file as an in-memory database: nothing written would be kept.
    await expect(openDatabase(csv)).rejects.toThrow(
      `Cannot use ${csv} as the database: DuckDB reads this file as data, so nothing written to it would be kept (to load a data file, pass it to \`churnlens ingest\`; --db names the database file).`,
    );
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database');
    await expect(openDatabase(text)).rejects.toThrow(
      `Cannot use ${text} as the database: the file exists but is not a DuckDB database`,
    );
    expect(readFileSync(csv, 'utf8')).toBe('id,reason_text\nc1,too expensive\n');
    expect(readFileSync(text, 'utf8')).toBe('not a database');
  });

  it('says when the database path is a folder, or its folder is a file', async () => {
    await expect(openDatabase(dir)).rejects.toThrow(
      `Cannot use ${dir} as the database: it is a folder; --db names a database file.`,
    );
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    await expect(openDatabase(join(file, 'churn.duckdb'))).rejects.toBeInstanceOf(DatabaseOpenError);
    await expect(openDatabase(join(file, 'churn.duckdb'))).rejects.toThrow(
      `its folder ${file} is a file, not a folder.`,
    );
  });

  it('refuses a database of a newer schema than it knows, and leaves it as it was', async () => {
    const path = join(dir, 'newer.duckdb');
    const future = await openDatabase(path);
    await future.connection.run(
      `INSERT INTO schema_migrations (version, description) VALUES (${LATEST_SCHEMA_VERSION + 1}, 'from a newer churnlens')`,
    );
    future.close();

    await expect(openDatabase(path)).rejects.toThrow(
      `Cannot use ${path} as the database: its schema is version ${LATEST_SCHEMA_VERSION + 1}, written by a newer churnlens than this one (which knows up to version ${LATEST_SCHEMA_VERSION}); upgrade churnlens to use it.`,
    );
    const older = await openDatabase(path, [
      ...MIGRATIONS,
      { version: LATEST_SCHEMA_VERSION + 1, description: 'next', sql: 'SELECT 1' },
    ]);
    const reader = await older.connection.runAndReadAll(
      `SELECT max(version) AS version FROM schema_migrations`,
    );
    older.close();
    expect(reader.getRowObjectsJson()[0]).toEqual({ version: LATEST_SCHEMA_VERSION + 1 });
  });

  // Root opens any file, so the errors are the ones DuckDB gave an unprivileged user and a read-only mount.
  it('words a database it may not write, or one on a read-only file system', () => {
    expect(openProblem(new Error('IO Error: Cannot open file "/srv/churn.duckdb": Permission denied'))).toBe(
      'this user may not read and write it (permission denied): run churnlens as the user that owns the file and its folder, or change their permissions',
    );
    expect(
      openProblem(new Error('IO Error: Cannot open file "/mnt/ro/churn.duckdb": Read-only file system')),
    ).toBe(
      'it is on a read-only file system, and churnlens writes to its database (schema upgrades, ingests, relabels)',
    );
  });

  const memorySettings = async (db: Awaited<ReturnType<typeof openDatabase>>) => {
    const reader = await db.connection.runAndReadAll(
      `SELECT current_setting('memory_limit') AS memory_limit,
         current_setting('allocator_flush_threshold') AS flush_after_task,
         current_setting('allocator_bulk_deallocation_flush_threshold') AS flush_after_bulk_free`,
    );
    db.close();
    return reader.getRowObjectsJson()[0];
  };

  it('sets the memory limit it is given, has freed memory handed back then, and refuses a limit that is not a size', async () => {
    const limited = await memorySettings(
      await openDatabase(join(dir, 'limited.duckdb'), undefined, { memoryLimit: '512MB' }),
    );
    // 512MB is 512 MiB, as everywhere in churnlens (DuckDB on its own reads it as 488.2 MiB).
    expect(limited).toEqual({
      memory_limit: '512.0 MiB',
      flush_after_task: '7.6 MiB',
      flush_after_bulk_free: '30.5 MiB',
    });
    const unlimited = await memorySettings(await openDatabase(join(dir, 'unlimited.duckdb')));
    expect(unlimited).toMatchObject({ flush_after_task: '128.0 MiB', flush_after_bulk_free: '512.0 MiB' });
    await expect(openDatabase(join(dir, 'x.duckdb'), undefined, { memoryLimit: "1GB'; --" })).rejects.toThrow(
      'memory limit must be a size such as 1GB or 512MB',
    );
  });

  it('creates every table and records the latest schema version on a new file', async () => {
    const path = join(dir, 'new.duckdb');
    const tables = await tableNames(path);
    expect(tables).toEqual(
      expect.arrayContaining([
        'cancellations',
        'customers',
        'fx_rates',
        'ingest_runs',
        'offers',
        'reason_classifications',
        'rejected_rows',
        'schema_migrations',
        'survey_responses',
        'verbatims',
      ]),
    );
    const db = await openDatabase(path);
    expect(await schemaVersion(db.connection)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('changes nothing when a database is reopened, and tells of no upgrade for a new or current file', async () => {
    const path = join(dir, 'reopen.duckdb');
    const told: number[] = [];
    const onUpgrade = (migration: { version: number }) => told.push(migration.version);
    const first = await openDatabase(path, MIGRATIONS, { onUpgrade });
    await first.connection.run(`INSERT INTO customers VALUES ('c1', '2025-01-01', 'pro', 'US', 'smb')`);
    first.close();

    const second = await openDatabase(path, MIGRATIONS, { onUpgrade });
    expect(told).toEqual([]);
    const reader = await second.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM schema_migrations) AS migrations, (SELECT count(*) FROM fx_rates) AS rates`,
    );
    second.close();
    expect(reader.getRowObjectsJson()[0]).toEqual({
      customers: '1',
      migrations: String(MIGRATIONS.length),
      rates: expect.any(String),
    });
  });

  it('migrates a database created at an older schema version forward, keeping its rows', async () => {
    const path = join(dir, 'old.duckdb');
    const old = await openDatabase(path, MIGRATIONS.slice(0, 1));
    expect(await schemaVersion(old.connection)).toBe(1);
    await old.connection.run(
      `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence, secondary_reason, language, needs_review, source)
       VALUES ('h1', 'm1', 'unused', 0.9, 0, ['never'], NULL, 'en', false, 'model')`,
    );
    old.close();

    const told: number[] = [];
    const upgraded = await openDatabase(path, MIGRATIONS, {
      onUpgrade: (migration) => told.push(migration.version),
    });
    expect(told).toEqual(MIGRATIONS.slice(1).map((migration) => migration.version));
    expect(await schemaVersion(upgraded.connection)).toBe(LATEST_SCHEMA_VERSION);
    const reader = await upgraded.connection.runAndReadAll(`SELECT reason FROM effective_classifications`);
    upgraded.close();
    expect(reader.getRowObjectsJson()).toEqual([{ reason: 'unused' }]);
  });

  /**
   * A database at the schema before `version` whose one verbatim was indexed with every word of it as a
   * phrase, opened with the current code: the phrases the migration's reindex gives it.
   */
  async function phrasesAfterReindex(version: number, text: string, words: string[]): Promise<unknown> {
    const path = join(dir, `phrases-${version}.duckdb`);
    const old = await openDatabase(
      path,
      MIGRATIONS.filter((migration) => migration.version < version),
    );
    const ids = listValue(words.map((_, index) => index + 1));
    await old.connection.run(`INSERT INTO verbatims (text_hash, text) VALUES ('h1', $text)`, { text });
    await old.connection.run(`INSERT INTO theme_phrases SELECT unnest($ids), unnest($words)`, {
      ids,
      words: listValue(words),
    });
    // From schema 22 on, each index row carries its verbatim's text_id.
    const textId = version > 22 ? ', (SELECT text_id FROM verbatims) AS text_id' : '';
    await old.connection.run(
      `INSERT INTO verbatim_index BY NAME
       SELECT 'h1' AS text_hash, lower($text) AS search_text, $ids AS phrase_ids${textId}`,
      { text, ids },
    );
    old.close();
    const db = await openDatabase(path);
    try {
      const reader = await db.connection.runAndReadAll(
        `SELECT list(p.phrase ORDER BY p.phrase) AS phrases
         FROM (SELECT unnest(phrase_ids) AS id FROM verbatim_index WHERE text_hash = 'h1') i
         JOIN theme_phrases p USING (id)`,
      );
      return reader.getRowObjectsJson()[0]?.phrases;
    } finally {
      db.close();
    }
  }

  it('reindexes stored verbatims when filler words join the theme stopwords (migration 20)', async () => {
    // The index as schema 19 wrote it, with "came" and "team" as phrases of their own.
    const phrases = await phrasesAfterReindex(20, 'The support team: everything came too late', [
      'came',
      'team',
      'support',
      'late',
    ]);
    expect(phrases).toEqual(['late', 'support']);
  });

  it("reindexes stored verbatims when other languages' function words join the theme stopwords (migration 21)", async () => {
    const phrases = await phrasesAfterReindex(21, 'la plus mauvaise application', [
      'la',
      'plus',
      'mauvaise',
      'application',
    ]);
    expect(phrases).toEqual(['application', 'mauvaise', 'mauvaise application']);
  });

  it('reindexes stored verbatims when non-answers and courtesies join the theme stopwords (migration 23)', async () => {
    // The index as schema 22 wrote it, with the non-answer and the courtesy as phrases of their own.
    const phrases = await phrasesAfterReindex(
      23,
      'Nothing really, my gym closed. Just to let you know asap',
      ['nothing', 'gym', 'gym closed', 'let you know', 'asap'],
    );
    expect(phrases).toEqual(['closed', 'gym', 'gym closed']);
  });

  it("reindexes stored verbatims when a letter's salutation leaves the theme phrases (migration 27)", async () => {
    const phrases = await phrasesAfterReindex(27, 'Dear Support,\nThe price is too high', [
      'support',
      'price',
      'high',
    ]);
    expect(phrases).toEqual(['high', 'price']);
  });

  it('recounts a stored request without a pick or a verbatim under no_reason_given, its cells too (migration 28)', async () => {
    const path = await writtenBefore(
      28,
      `INSERT INTO customers VALUES ('cu', '2024-01-01', 'pro', 'US', 'smb');
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, reason_code, outcome) VALUES
         ('none', 'cu', 's1', '2024-06-01', 'email', 'pro', 10, 'USD', 150, NULL, 'cancelled'),
         ('picked', 'cu', 's2', '2024-06-02', 'email', 'pro', 10, 'USD', 151, 'unused', 'cancelled')`,
    );
    const db = await openDatabase(path);
    try {
      const facts = await db.connection.runAndReadAll(
        `SELECT id, reason, reason_origin FROM cancellation_facts ORDER BY id`,
      );
      expect(facts.getRowObjectsJson()).toEqual([
        { id: 'none', reason: 'no_reason_given', reason_origin: 'default' },
        { id: 'picked', reason: 'unused', reason_origin: 'reason_code' },
      ]);
      const cells = await db.connection.runAndReadAll(
        `SELECT reason, sum(requests)::INTEGER AS requests FROM cancellation_month_totals GROUP BY ALL ORDER BY ALL`,
      );
      expect(cells.getRowObjectsJson()).toEqual([
        { reason: 'no_reason_given', requests: 1 },
        { reason: 'unused', requests: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('recounts a stored request whose typed answer names no reason under no_reason_given, its offers, cells and theme documents too (migration 29)', async () => {
    const path = await writtenBefore(
      29,
      `INSERT INTO customers VALUES ('cu', '2024-01-01', 'pro', 'US', 'smb');
       INSERT INTO verbatims (text_hash, text) VALUES ('h-na', 'n/a'), ('h-moving', 'Moving abroad');
       INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
         secondary_reason, language, needs_review, source) VALUES
         ('h-na', 'm1', 'other', 0.2, 0, [], NULL, 'en', false, 'model'),
         ('h-moving', 'm1', 'other', 0.3, 0, [], NULL, 'en', false, 'model');
       INSERT INTO cancellations (id, customer_id, subscription_id, requested_at, channel, plan, mrr, currency,
         tenure_days, reason_code, reason_text, outcome, text_hash) VALUES
         ('na', 'cu', 's1', '2024-06-01', 'email', 'pro', 10, 'USD', 150, NULL, 'n/a', 'cancelled', 'h-na'),
         ('moving', 'cu', 's2', '2024-06-02', 'email', 'pro', 10, 'USD', 151, NULL, 'Moving abroad', 'cancelled', 'h-moving');
       INSERT INTO offers (id, cancellation_id, offer_type, presented_at, accepted)
         VALUES ('o1', 'na', 'discount', '2024-06-01', false);`,
    );

    const db = await openDatabase(path);
    try {
      const facts = await db.connection.runAndReadAll(
        `SELECT f.id, f.reason, o.reason AS offer_reason, d.reason AS document_reason, d.unexplained
         FROM cancellation_facts f LEFT JOIN offer_facts o ON o.cancellation_id = f.id
           LEFT JOIN verbatim_documents d ON d.cancellation_id = f.id
         ORDER BY f.id`,
      );
      // "n/a" names no reason: no longer one for the themes' candidate reasons to explain.
      expect(facts.getRowObjectsJson()).toEqual([
        { id: 'moving', reason: 'other', offer_reason: null, document_reason: 'other', unexplained: true },
        {
          id: 'na',
          reason: 'no_reason_given',
          offer_reason: 'no_reason_given',
          document_reason: 'no_reason_given',
          unexplained: false,
        },
      ]);
      const cells = await db.connection.runAndReadAll(
        `SELECT 'requests' AS cells, reason, sum(requests)::INTEGER AS count FROM cancellation_month_totals GROUP BY ALL
         UNION ALL
         SELECT 'offers', reason, sum(offers)::INTEGER FROM offer_month_totals GROUP BY ALL
         ORDER BY ALL`,
      );
      expect(cells.getRowObjectsJson()).toEqual([
        { cells: 'offers', reason: 'no_reason_given', count: 1 },
        { cells: 'requests', reason: 'no_reason_given', count: 1 },
        { cells: 'requests', reason: 'other', count: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('drops the key indexes of the bulk tables keeping their rows, NOT NULL columns and defaults', async () => {
    const path = join(dir, 'keyed.duckdb');
    const keyed = await openDatabase(
      path,
      MIGRATIONS.filter((migration) => migration.version < 11),
    );
    await keyed.connection.run(
      `INSERT INTO customers VALUES ('cu', '2024-01-01', 'pro', 'US', 'smb');
       INSERT INTO verbatims (text_hash, text) VALUES ('h1', 'Too pricey');`,
    );
    keyed.close();

    const db = await openDatabase(path);
    try {
      const constraints = await db.connection.runAndReadAll(
        `SELECT table_name, constraint_type FROM duckdb_constraints()
         WHERE table_name IN ('customers', 'cancellations', 'offers', 'survey_responses', 'verbatims', 'reason_classifications')
           AND constraint_type NOT IN ('NOT NULL') ORDER BY ALL`,
      );
      expect(constraints.getRowObjectsJson()).toEqual([]);
      const rows = await db.connection.runAndReadAll(
        `SELECT (SELECT count(*) FROM customers)::INTEGER AS customers,
           (SELECT first_seen_at IS NOT NULL FROM verbatims WHERE text_hash = 'h1') AS stamped`,
      );
      expect(rows.getRowObjectsJson()).toEqual([{ customers: 1, stamped: true }]);
      await expect(
        db.connection.run(`INSERT INTO customers VALUES (NULL, '2024-01-01', 'pro', 'US', 'smb')`),
      ).rejects.toThrow(/NOT NULL/);
    } finally {
      db.close();
    }
  });
});
