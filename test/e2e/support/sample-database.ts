/**
 * A small churnlens database built the way a user builds one: the sample-data generator writes CSV files and
 * the ingest job loads (and classifies) them.
 */
import { join } from 'node:path';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models/database/open-database';

export interface SampleDatabase {
  path: string;
  /** The generated CSV files, for tests that upload one. */
  dataDir: string;
}

export async function buildSampleDatabase(directory: string, customers: number): Promise<SampleDatabase> {
  const dataDir = join(directory, 'sample');
  await generateSampleData({ customers, outDir: dataDir, seed: 7, format: 'csv' });
  const path = join(directory, 'churnlens.duckdb');
  const database = await openDatabase(path);
  try {
    const report = await ingestFiles(database, [dataDir]);
    const failed = report.files.filter((file) => file.status !== 'ok');
    if (failed.length > 0) {
      throw new Error(
        `sample ingest failed: ${failed.map((file) => `${file.path}: ${file.error}`).join('; ')}`,
      );
    }
  } finally {
    database.close();
  }
  return { path, dataDir };
}
