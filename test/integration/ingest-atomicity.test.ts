/**
 * Atomic per file: a process killed with SIGKILL in the middle of a file leaves the database exactly as it
 * was before that file (files it finished stay), and rerunning the ingest completes the file.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { openDatabase } from '@churnlens/models/database/open-database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  type TempDatabase,
  tempDatabase,
} from '../support/ingest-fixtures.ts';

const CHILD = join(import.meta.dirname, '..', 'support', 'ingest-child.ts');
const ROWS = 5_000;

/** Starts the child and SIGKILLs it as soon as it prints `trigger`; resolves with everything it printed. */
function runAndKill(args: string[], trigger: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, STALL_IN_CLASSIFIER: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(trigger)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(output) : reject(new Error(`child was not killed: ${output}`)),
    );
  });
}

describe('ingest atomicity', () => {
  let temp: TempDatabase;
  beforeEach(async () => {
    temp = await tempDatabase();
    temp.db.close();
  });
  afterEach(() => temp.cleanup());

  it('leaves no partial rows when killed mid-file, and a rerun completes the file', async () => {
    const databasePath = join(temp.dir, 'test.duckdb');
    const customers = temp.file('customers.csv', 'id,signed_up_at,plan,country\ncus_1,2023-01-01,pro,DE\n');
    const rows = Array.from({ length: ROWS }, (_, index) =>
      cancellationRow(`c${index}`, { reason_text: `"Too expensive, reason ${index % 50}"` }),
    );
    const cancellations = temp.file('cancellations.csv', cancellationsCsv(rows));

    const output = await runAndKill([databasePath, customers, cancellations], 'classifying');
    expect(output).toContain(`done ${customers}`);
    expect(output).not.toContain(`done ${cancellations}`);

    const db = await openDatabase(databasePath);
    temp.db = db;
    const counts = async () =>
      (
        await db.connection.runAndReadAll(
          `SELECT (SELECT count(*) FROM customers)::INTEGER AS customers,
             (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
             (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
             (SELECT count(*) FROM ingest_runs WHERE file = $file)::INTEGER AS runs`,
          { file: cancellations },
        )
      ).getRowObjectsJson()[0];
    expect(await counts()).toEqual({ customers: 1, cancellations: 0, verbatims: 0, runs: 0 });

    const rerun = await ingestFiles(db, [cancellations], { classifier: keywordClassifier() });
    expect(rerun.files[0]).toMatchObject({ status: 'ok', read: ROWS, loaded: ROWS, rejected: 0 });
    expect(await counts()).toEqual({ customers: 1, cancellations: ROWS, verbatims: 50, runs: 1 });
  });

  // A folder where DuckDB's write-ahead log goes fails every commit, as a full or read-only disk does.
  it("reports a file whose commit fails as failed with DuckDB's reason, and leaves the database as it was", async () => {
    const databasePath = join(temp.dir, 'test.duckdb');
    const db = await openDatabase(databasePath);
    temp.db = db;
    await db.connection.run('CHECKPOINT');
    mkdirSync(`${databasePath}.wal`);
    const cancellations = temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c1')]));

    const report = await ingestFiles(db, [cancellations], { classifier: keywordClassifier() });

    expect(report.files[0]).toMatchObject({ status: 'failed', loaded: 0 });
    expect(report.files[0]?.error).toMatch(
      /^Failed to commit: Cannot open file ".*test\.duckdb\.wal": Is a directory/,
    );
    const reader = await db.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
         (SELECT count(*) FROM ingest_runs)::INTEGER AS runs`,
    );
    expect(reader.getRowObjectsJson()[0]).toEqual({ cancellations: 0, runs: 0 });
  });
});
