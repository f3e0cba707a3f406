/**
 * Prepares a file's free text for storage: each distinct text is redacted (unless --no-redact) and hashed
 * once in JS (verbatimHash must match models/src/verbatim.ts exactly, which SQL string functions would not),
 * into `ingest_texts(source_text, stored_text, text_hash)`. The texts are taken from the staged rows, so that
 * JS works while DuckDB validates them, and those of rejected rows are dropped afterwards. New hashes are
 * then added to `verbatims` and listed in `ingest_new_verbatims` (NEW_VERBATIMS), whose index the caller
 * writes.
 */
import { verbatimHash } from '@churnlens/models';
import {
  copyRowsToFile,
  loadRowFile,
  type MapRowsOptions,
  mapRowFile,
} from '@churnlens/models/database/row-files';
import { MAX_VERBATIM_LENGTH } from '@churnlens/models/schema/field-rules';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';
import { markupToText } from './markup-text.ts';
import { redactPii } from './redact-pii.ts';

const TEXT_COLUMNS = { source_text: 'VARCHAR', stored_text: 'VARCHAR', text_hash: 'VARCHAR' };

/**
 * Writes the distinct non-empty values of a field in the staged rows (`text`, an expression over the stage
 * alias `s`: build-check-query's stagedFieldText) to `file`, before validation: their redaction then runs
 * while DuckDB validates. Texts of rows that fail validation are dropped again by loadPreparedTexts; texts
 * longer than MAX_VERBATIM_LENGTH fail it for certain and are left out here, so that no row file holds them.
 */
export async function copyStagedTexts(
  connection: DuckDBConnection,
  text: string,
  params: Record<string, DuckDBValue>,
  file: string,
): Promise<number> {
  return copyRowsToFile(
    connection,
    `SELECT DISTINCT text FROM (SELECT ${text} AS text FROM ingest_stage s WHERE s.__skip_reason IS NULL)
     WHERE text IS NOT NULL AND length(text) <= $max_verbatim_length`,
    file,
    { ...params, max_verbatim_length: MAX_VERBATIM_LENGTH },
  );
}

/**
 * Takes HTML markup out (markup-text.ts), redacts (unless `redact` is false) and hashes each text of `from`
 * (copyStagedTexts) into `to`.
 */
export function prepareTextFile(from: string, to: string, redact: boolean, options?: MapRowsOptions) {
  return mapRowFile(
    from,
    to,
    ({ text }: { text: string }) => {
      const plain = markupToText(text);
      const stored = redact ? redactPii(plain) : plain;
      return { source_text: text, stored_text: stored, text_hash: verbatimHash(stored) };
    },
    options,
  );
}

/** Fills `ingest_texts` with the prepared texts of `file` that valid rows hold in `field`; returns how many. */
export async function loadPreparedTexts(
  connection: DuckDBConnection,
  field: string,
  file: string,
): Promise<number> {
  await loadRowFile(connection, 'ingest_texts', file, TEXT_COLUMNS);
  const rejected = await connection.runAndReadAll(
    `SELECT EXISTS (SELECT 1 FROM ingest_checked WHERE __message <> '') AS found`,
  );
  // Most files have no bad rows, and then every staged text is a valid row's.
  if (rejected.getRowObjectsJson()[0]?.found === true) {
    await connection.run(
      `DELETE FROM ingest_texts t WHERE NOT EXISTS (SELECT 1 FROM ingest_valid v WHERE v.${identifier(field)} = t.source_text)`,
    );
  }
  const counted = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ingest_texts`);
  return Number(counted.getRowObjectsJson()[0]?.n ?? 0);
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
