/**
 * Prepares a file's free text for storage: each distinct text is redacted (unless --no-redact) and hashed
 * once in JS (verbatimHash must match models/src/verbatim.ts exactly, which SQL string functions would not),
 * into `ingest_texts(source_text, stored_text, text_hash)`; new hashes are then added to `verbatims` and
 * listed in `ingest_new_verbatims` (NEW_VERBATIMS), whose index the caller writes.
 */
import { verbatimHash } from '@churnlens/models';
import {
  copyRowsToFile,
  loadRowFile,
  mapRowFile,
  type RowFolder,
} from '@churnlens/models/database/row-files';
import type { DuckDBConnection } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';
import { redactPii } from './redact-pii.ts';

const TEXT_COLUMNS = { source_text: 'VARCHAR', stored_text: 'VARCHAR', text_hash: 'VARCHAR' };

/** Fills `ingest_texts` from the distinct values of `field` in `ingest_valid`; returns how many. */
export async function prepareTexts(
  connection: DuckDBConnection,
  field: string,
  redact: boolean,
  folder: RowFolder,
): Promise<number> {
  const column = identifier(field);
  const [distinct, prepared] = [folder.path('distinct-texts.ndjson'), folder.path('texts.ndjson')];
  const count = await copyRowsToFile(
    connection,
    `SELECT DISTINCT ${column} AS text FROM ingest_valid WHERE ${column} IS NOT NULL`,
    distinct,
  );
  await mapRowFile(distinct, prepared, ({ text }: { text: string }) => {
    const stored = redact ? redactPii(text) : text;
    return { source_text: text, stored_text: stored, text_hash: verbatimHash(stored) };
  });
  await loadRowFile(connection, 'ingest_texts', prepared, TEXT_COLUMNS);
  return count;
}

/** The hashes storeNewVerbatims added. */
export const NEW_VERBATIMS = 'SELECT text_hash FROM ingest_new_verbatims';

/** Adds the file's verbatims that are not stored yet; the first spelling seen becomes the stored text. */
export async function storeNewVerbatims(connection: DuckDBConnection): Promise<number> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_new_verbatims AS
     SELECT text_hash, min(stored_text) AS text FROM ingest_texts
     WHERE text_hash NOT IN (SELECT text_hash FROM verbatims)
     GROUP BY text_hash`,
  );
  const inserted = await connection.run(
    `INSERT INTO verbatims (text_hash, text) SELECT text_hash, text FROM ingest_new_verbatims`,
  );
  return Number(inserted.rowsChanged);
}
