/**
 * Fault tolerance of ingest: a process ingesting generated files is killed with SIGKILL at a seeded random
 * moment, several times. Whenever it dies, the database opens and every file is either wholly absent or
 * wholly loaded (never some of its rows), and a rerun completes every file with the right counts.
 * test/integration/ingest-atomicity.test.ts kills once at a chosen moment; this spreads the kill over the
 * whole run. The child is the one that test kills too, test/support/ingest-child.ts (keyword classifier,
 * "done FILE" per file).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { SeededRandom } from '@churnlens/ingest/sample-data/random';
import { type ChurnlensDatabase, openDatabase } from '@churnlens/models/database/open-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordClassifier } from '../support/ingest-fixtures.ts';

const CHILD = join(import.meta.dirname, '..', 'support', 'ingest-child.ts');
const CANCELLATIONS = 20_000;
const SEEDS = [11, 23, 37];

interface FileState {
  rows: number;
  runs: number;
  rejected: number;
}

interface DatabaseState {
  customers: FileState;
  cancellations: FileState & { verbatims: number; classifications: number };
}

async function stateOf(
  db: ChurnlensDatabase,
  files: { customers: string; cancellations: string },
): Promise<DatabaseState> {
  const reader = await db.connection.runAndReadAll(
    `SELECT
       (SELECT count(*) FROM customers)::INTEGER AS customers,
       (SELECT count(*) FROM ingest_runs WHERE file = $customers)::INTEGER AS customer_runs,
       (SELECT count(*) FROM rejected_rows r JOIN ingest_runs i ON r.run_id = i.id WHERE i.file = $customers)::INTEGER AS customer_rejects,
       (SELECT count(*) FROM cancellations)::INTEGER AS cancellations,
       (SELECT count(*) FROM ingest_runs WHERE file = $cancellations)::INTEGER AS cancellation_runs,
       (SELECT count(*) FROM rejected_rows r JOIN ingest_runs i ON r.run_id = i.id WHERE i.file = $cancellations)::INTEGER AS cancellation_rejects,
       (SELECT count(*) FROM verbatims)::INTEGER AS verbatims,
       (SELECT count(*) FROM reason_classifications)::INTEGER AS classifications`,
    files,
  );
  const row = reader.getRowObjectsJS()[0] as Record<string, number>;
  return {
    customers: {
      rows: row.customers as number,
      runs: row.customer_runs as number,
      rejected: row.customer_rejects as number,
    },
    cancellations: {
      rows: row.cancellations as number,
      runs: row.cancellation_runs as number,
      rejected: row.cancellation_rejects as number,
      verbatims: row.verbatims as number,
      classifications: row.classifications as number,
    },
  };
}

/** Runs the ingest child; with `killAfterMs` it is SIGKILLed then (if still running). Resolves with its run time. */
function runChild(
  databasePath: string,
  files: string[],
  killAfterMs?: number,
): Promise<{ ms: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, databasePath, ...files], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - startedAt;
      if (signal === 'SIGKILL') resolve({ ms, killed: true });
      else if (code === 0) resolve({ ms, killed: false });
      else reject(new Error(`ingest child exited with ${code}: ${errors}`));
    });
  });
}

describe('an ingest process killed with SIGKILL at a random moment', () => {
  let directory: string;
  let emptyDatabase: string;
  let files: { customers: string; cancellations: string };
  let fullRunMs: number;
  let empty: DatabaseState;
  let full: DatabaseState;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'churnlens-kill-'));
    const generated = await generateSampleData({
      customers: CANCELLATIONS,
      cancellations: CANCELLATIONS,
      outDir: join(directory, 'data'),
      seed: 5,
      format: 'csv',
    });
    files = { customers: generated.files.customers, cancellations: generated.files.cancellations };
    emptyDatabase = join(directory, 'empty.duckdb');
    const db = await openDatabase(emptyDatabase);
    empty = await stateOf(db, files);
    db.close();

    // An uninterrupted run: how long the child lives, and the fully loaded state.
    const complete = join(directory, 'complete.duckdb');
    copyFileSync(emptyDatabase, complete);
    fullRunMs = (await runChild(complete, [files.customers, files.cancellations])).ms;
    const loaded = await openDatabase(complete);
    full = await stateOf(loaded, files);
    loaded.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('starts from an empty database and a complete run loads every generated row', () => {
    expect(empty).toEqual({
      customers: { rows: 0, runs: 0, rejected: 0 },
      cancellations: { rows: 0, runs: 0, rejected: 0, verbatims: 0, classifications: 0 },
    });
    expect(full.customers).toEqual({ rows: CANCELLATIONS, runs: 1, rejected: 0 });
    expect(full.cancellations).toMatchObject({ rows: CANCELLATIONS, runs: 1, rejected: 0 });
    expect(full.cancellations.verbatims).toBeGreaterThan(1000);
    expect(full.cancellations.classifications).toBe(full.cancellations.verbatims);
  });

  it.each(SEEDS)('leaves each file absent or complete, and a rerun completes it (seed %i)', async (seed) => {
    const databasePath = join(directory, `killed-${seed}.duckdb`);
    copyFileSync(emptyDatabase, databasePath);
    // Anywhere from process start-up to the end of a normal run.
    const killAfterMs = new SeededRandom(seed).between(0.15, 1) * fullRunMs;
    await runChild(databasePath, [files.customers, files.cancellations], killAfterMs);

    const db = await openDatabase(databasePath);
    try {
      const after = await stateOf(db, files);
      expect([empty.customers, full.customers]).toContainEqual(after.customers);
      expect([empty.cancellations, full.cancellations]).toContainEqual(after.cancellations);
      // Customers are ingested first: their file is complete whenever the cancellations are.
      if (after.cancellations.runs === 1) expect(after.customers).toEqual(full.customers);

      const rerun = await ingestFiles(db, [files.customers, files.cancellations], {
        classifier: keywordClassifier(),
      });
      for (const file of rerun.files) {
        expect(file.status, file.path).toBe('ok');
        expect(file.read).toBe(CANCELLATIONS);
        expect(file.loaded + file.updated + file.unchanged + file.rejected).toBe(file.read);
      }
      const completed = await stateOf(db, files);
      expect(completed.customers.rows).toBe(full.customers.rows);
      expect(completed.cancellations).toMatchObject({
        rows: full.cancellations.rows,
        verbatims: full.cancellations.verbatims,
        classifications: full.cancellations.classifications,
      });
    } finally {
      db.close();
    }
  });
});
