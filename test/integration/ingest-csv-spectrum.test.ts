/**
 * Reader level: every csv-spectrum case reads into exactly the records of its JSON twin.
 * Two errata of the stored fixtures are handled explicitly, not hidden:
 * - the *_crlf cases were stored with LF line endings, so the test restores CRLF before reading;
 * - location_coordinates.json names a different phone number than its CSV (an upstream slip), so that one
 *   value is compared with the CSV's own text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageSource } from '@churnlens/ingest/sources/stage-source';
import type { StagedSource } from '@churnlens/ingest/sources/staged-source';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempDatabase, tempDatabase } from '../support/ingest-fixtures.ts';

const SPECTRUM = join(import.meta.dirname, '../../../shared/csv-spectrum');
const cases = readdirSync(join(SPECTRUM, 'csvs'))
  .filter((name) => name.endsWith('.csv'))
  .map((name) => name.replace(/\.csv$/, ''));

describe('csv-spectrum', () => {
  let temp: TempDatabase;
  beforeAll(async () => {
    temp = await tempDatabase();
  });
  afterAll(() => temp.cleanup());

  it('has all twelve cases', () => {
    expect(cases).toHaveLength(12);
  });

  it.each(cases)('reads %s into the records of its twin', async (name) => {
    let content = readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`), 'latin1');
    if (name.endsWith('_crlf') && !content.includes('\r\n')) content = content.replace(/\n/g, '\r\n');
    const path = temp.file(`${name}.csv`, Buffer.from(content, 'latin1'));
    const twin = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8'));
    const expected: Record<string, string>[] = Array.isArray(twin) ? twin : [twin];
    if (name === 'location_coordinates')
      expected[0] = { ...expected[0], 'Contact Phone Number': '2095257564' };

    const connection = temp.db.connection;
    await connection.run('BEGIN TRANSACTION');
    try {
      const staged = await stageSource(connection, path, 'csv');
      expect(staged.readerRejects).toBe(0);
      expect(await readStagedRecords(connection, staged)).toEqual(expected);
    } finally {
      await connection.run('ROLLBACK');
    }
  });
});

/** Every staged row as a record keyed by header, in file order: the reader's output as a person sees it. */
export async function readStagedRecords(
  connection: DuckDBConnection,
  staged: StagedSource,
): Promise<Record<string, string | null>[]> {
  const reader =
    await connection.runAndReadAll(`SELECT * EXCLUDE (__reader_error, __reader_field, __skip_reason, __version)
    FROM ingest_stage ORDER BY rowid`);
  return reader
    .getRowsJS()
    .map((row) =>
      Object.fromEntries(
        staged.headers.map((header, index) => [header, (row[index] as string | null) ?? null]),
      ),
    );
}
