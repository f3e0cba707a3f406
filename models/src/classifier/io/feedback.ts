/**
 * Human-in-the-loop: manual relabels stored in the database (reason_classifications rows with
 * source = 'manual'; the text is in verbatims) become training examples for the next model.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabeledExample } from '../training/dataset.ts';

/** The newest manual label per verbatim, ordered by text hash so training input is deterministic. */
const MANUAL_RELABELS_SQL = `
  SELECT v.text AS text, r.reason AS label
  FROM reason_classifications r
  JOIN verbatims v ON v.text_hash = r.text_hash
  WHERE r.source = 'manual'
  QUALIFY row_number() OVER (PARTITION BY r.text_hash ORDER BY r.classified_at DESC, r.model_version DESC) = 1
  ORDER BY r.text_hash`;

export async function readManualRelabels(connection: DuckDBConnection): Promise<LabeledExample[]> {
  const reader = await connection.runAndReadAll(MANUAL_RELABELS_SQL);
  return reader.getRowObjectsJson().map((row) => ({ text: String(row.text), label: String(row.label) }));
}
