/**
 * Runs the reason classifier over stored verbatims and writes reason_classifications rows (source 'model',
 * model_version = classifier.version). Every distinct verbatim is classified once per model version: the
 * verbatims table is keyed by the hash of the normalized text, so "Too expensive" and "too expensive " share
 * one row and one classification.
 */

import type { ReasonClassification, ReasonClassifier } from '@churnlens/models/classifier/index';
import { refreshClassifiedTexts } from '@churnlens/models/database/derived-tables';
import { inTransaction } from '@churnlens/models/database/open-database';
import {
  copyRowsToFile,
  loadRowFile,
  type MapRowsOptions,
  mapRowFile,
  rowFolder,
} from '@churnlens/models/database/row-files';
import type { VerbatimRow } from '@churnlens/models/database/verbatim-index';
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';

export type VerbatimClassifier = ReasonClassifier<string>;

/** The verbatims whose classifications the last saveClassifications or reclassify wrote. */
export const CLASSIFIED_HASHES = 'SELECT text_hash FROM ingest_classifications';

/** A classifier result as classifyRowFile writes it: the columns of ingest_classifications. */
interface ClassificationRow {
  text_hash: string;
  reason: string;
  confidence: number;
  sentiment: number;
  evidence: string[];
  secondary_reason: string | null;
  language: string;
  needs_review: boolean;
}

const CLASSIFICATION_COLUMNS = {
  text_hash: 'VARCHAR',
  reason: 'VARCHAR',
  confidence: 'DOUBLE',
  sentiment: 'DOUBLE',
  evidence: 'VARCHAR[]',
  secondary_reason: 'VARCHAR',
  language: 'VARCHAR',
  needs_review: 'BOOLEAN',
};

function classificationRow(textHash: string, result: ReasonClassification<string>): ClassificationRow {
  return {
    text_hash: textHash,
    reason: result.reason,
    confidence: result.confidence,
    sentiment: result.sentiment,
    evidence: result.evidence,
    secondary_reason: result.secondaryReason,
    language: result.language,
    needs_review: result.needsReview,
  };
}

/** Classifies the verbatims in `from` (rows `text_hash, text`) into `to`; returns how many. */
export function classifyRowFile(
  classifier: VerbatimClassifier,
  from: string,
  to: string,
  options?: MapRowsOptions,
): Promise<number> {
  return mapRowFile<VerbatimRow, ClassificationRow>(
    from,
    to,
    (row) => classificationRow(row.text_hash, classifier.classify(row.text)),
    options,
  );
}

/** Loads a file classifyRowFile wrote into the temp table ingest_classifications. */
async function loadClassifications(connection: DuckDBConnection, file: string): Promise<void> {
  await loadRowFile(connection, 'ingest_classifications', file, CLASSIFICATION_COLUMNS);
}

async function insertClassifications(connection: DuckDBConnection, version: string): Promise<void> {
  const now = timestampValue(BigInt(Date.now()) * 1000n);
  await connection.run(
    `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
       secondary_reason, language, needs_review, source, classified_at)
     SELECT text_hash, $version, reason, confidence, sentiment, evidence,
       secondary_reason, language, needs_review, 'model', $now
     FROM ingest_classifications`,
    { version, now },
  );
}

export type ClassifyProgress = (done: number, total: number) => void;

/**
 * Writes the current file's verbatims (hashes in `ingest_texts`) that have no classification for this
 * model version to `path`, with the text they are (or will be) stored under: an existing verbatim keeps its
 * stored text, a new one gets the spelling storeNewVerbatims will store. Copied before the file's rows are
 * written, so the classifier can run while DuckDB writes them; returns how many.
 */
export async function copyPendingFileVerbatims(
  connection: DuckDBConnection,
  version: string,
  path: string,
): Promise<number> {
  return copyRowsToFile(
    connection,
    `SELECT file.text_hash, coalesce(stored.text, file.text) AS text
     FROM (SELECT text_hash, min(stored_text) AS text FROM ingest_texts GROUP BY text_hash) file
     LEFT JOIN verbatims stored ON stored.text_hash = file.text_hash
     WHERE file.text_hash NOT IN (SELECT text_hash FROM reason_classifications WHERE model_version = $version)`,
    path,
    { version },
  );
}

/**
 * Drops from ingest_classifications the results equal to their verbatim's latest model classification (any
 * older version): the same reason, secondary reason, language and review flag, confidence and sentiment
 * within SCORE_TOLERANCE. Writing them would change no effective classification, yet refresh the facts of
 * every cancellation quoting the verbatim: after a model update, a 200-row file's common texts ("too
 * expensive") are quoted by thousands of stored cancellations (docs/performance.md, "Small files").
 */
async function dropUnchangedClassifications(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `DELETE FROM ingest_classifications AS fresh
     USING (
       SELECT * FROM reason_classifications
       WHERE source = 'model' AND text_hash IN (SELECT text_hash FROM ingest_classifications)
       QUALIFY row_number() OVER (PARTITION BY text_hash ORDER BY classified_at DESC, model_version DESC) = 1
     ) AS latest
     WHERE latest.text_hash = fresh.text_hash
       AND latest.reason = fresh.reason
       AND latest.secondary_reason IS NOT DISTINCT FROM fresh.secondary_reason
       AND latest.language = fresh.language
       AND latest.needs_review = fresh.needs_review
       AND abs(latest.confidence - fresh.confidence) <= $tolerance
       AND abs(latest.sentiment - fresh.sentiment) <= $tolerance`,
    { tolerance: SCORE_TOLERANCE },
  );
}

/**
 * Writes the classifications in `file` (classifyRowFile's) to reason_classifications (source 'model', this
 * model version), except those that only repeat the verbatim's latest model result, as reclassify does.
 * Returns how many of those written are stored verbatims an older model read differently.
 */
export async function saveClassifications(
  connection: DuckDBConnection,
  version: string,
  file: string,
): Promise<number> {
  await loadClassifications(connection, file);
  await dropUnchangedClassifications(connection);
  const reread = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ingest_classifications
     WHERE text_hash IN (SELECT text_hash FROM reason_classifications WHERE source = 'model')`,
  );
  await insertClassifications(connection, version);
  return Number(reread.getRowObjectsJson()[0]?.n ?? 0);
}

/**
 * What a file's run says when the current model read some of the stored verbatims it quotes differently from
 * the older model that classified them: until `reclassify` re-reads them all, each file recounts the
 * cancellations quoting its share of them, which makes a daily file after an update take seconds more.
 */
export function rereadWarnings(reread: number, version: string): string[] {
  if (reread === 0) return [];
  const [verbatims, reads, them] =
    reread === 1
      ? ['1 stored verbatim', 'reads', 'it']
      : [`${reread.toLocaleString('en-US')} stored verbatims`, 'read', 'them'];
  return [
    `${verbatims} quoted by this file ${reads} differently under the current reason model (${version}) than ` +
      `under the older one that classified ${them}, and the cancellations quoting ${them} now count under the ` +
      'new reading; `churnlens reclassify` re-reads every stored verbatim at once, so that later files need not',
  ];
}

export interface ReclassifyResult {
  modelVersion: string;
  /** Verbatims without a classification by this model version, all re-run. */
  examined: number;
  /** Rows written: verbatims never classified before, plus those whose result changed. */
  written: number;
  /** Re-run with the same result as their latest model classification; nothing written. */
  unchanged: number;
}

/** Confidence and sentiment moves smaller than this are rounding noise between model builds, not a change. */
export const SCORE_TOLERANCE = 0.01;

/**
 * Re-runs the current model over every stored verbatim that has no classification for its version, and
 * writes a row only where the result differs from that verbatim's latest model classification (any older
 * version): a different reason, secondary reason, language or review flag, or confidence or sentiment moved by
 * more than SCORE_TOLERANCE. Verbatims never classified by a model are always written. Manual labels are
 * never touched (effective_classifications still prefers them). The whole run is one transaction.
 */
export async function reclassifyVerbatims(
  connection: DuckDBConnection,
  classifier: VerbatimClassifier,
  onProgress?: ClassifyProgress,
): Promise<ReclassifyResult> {
  const folder = await rowFolder();
  const [pending, classified] = [folder.path('pending.ndjson'), folder.path('classified.ndjson')];
  return inTransaction(connection, async () => {
    const examined = await copyRowsToFile(
      connection,
      `SELECT text_hash, text FROM verbatims
       WHERE text_hash NOT IN (SELECT text_hash FROM reason_classifications WHERE model_version = $version)
       ORDER BY text_hash`,
      pending,
      { version: classifier.version },
    );
    await classifyRowFile(classifier, pending, classified, {
      onProgress: (done) => onProgress?.(done, examined),
    });
    await loadClassifications(connection, classified);
    await dropUnchangedClassifications(connection);
    const written = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM ingest_classifications`,
    );
    const writtenCount = Number(written.getRowObjectsJson()[0]?.n ?? 0);
    await insertClassifications(connection, classifier.version);
    await refreshClassifiedTexts(connection, CLASSIFIED_HASHES);
    return {
      modelVersion: classifier.version,
      examined,
      written: writtenCount,
      unchanged: examined - writtenCount,
    };
  }).finally(() => folder.remove());
}
