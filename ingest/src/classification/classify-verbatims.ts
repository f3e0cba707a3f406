/**
 * Runs the reason classifier over stored verbatims and writes reason_classifications rows (source 'model',
 * model_version = classifier.version). Every distinct verbatim is classified once per model version: the
 * verbatims table is keyed by the hash of the normalized text, so "Too expensive" and "too expensive " share
 * one row and one classification.
 */

import type { ReasonClassification, ReasonClassifier } from '@churnlens/models/classifier/index';
import { refreshClassifiedTexts } from '@churnlens/models/database/derived-tables';
import { inTransaction } from '@churnlens/models/database/open-database';
import { readVerbatimColumns, type VerbatimTexts } from '@churnlens/models/database/verbatim-index';
import { runInSlices } from '@churnlens/models/event-loop-slices';
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';

export type VerbatimClassifier = ReasonClassifier<string>;

/** The verbatims whose classifications the last saveClassifications or reclassify wrote. */
export const CLASSIFIED_HASHES = 'SELECT text_hash FROM ingest_classifications';

/**
 * Rows are appended to a temp table first so this code does not depend on the column order of the real one.
 * Evidence travels as JSON text: appending a list value per row costs about three times as much.
 */
async function createClassificationBuffer(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_classifications (
       text_hash VARCHAR, reason VARCHAR, confidence DOUBLE, sentiment DOUBLE, evidence_json VARCHAR,
       secondary_reason VARCHAR, language VARCHAR, needs_review BOOLEAN)`,
  );
}

/**
 * Classifier results kept as the columns of ingest_classifications until they can be written: an ingest holds
 * every result of the file while DuckDB writes the rows. With the result objects (alternatives and evidence
 * arrays included) and the pending verbatims as row objects, the JS heap of a 1M-cancellation ingest peaked
 * at 470 MB; with both as columns, at 250 MB.
 */
export class ClassificationRows {
  private readonly hashes: string[] = [];
  private readonly reasons: string[] = [];
  private readonly confidences: number[] = [];
  private readonly sentiments: number[] = [];
  private readonly evidenceJson: string[] = [];
  private readonly secondaryReasons: (string | null)[] = [];
  private readonly languages: string[] = [];
  private readonly needsReview: boolean[] = [];

  get length(): number {
    return this.hashes.length;
  }

  add(textHash: string, result: ReasonClassification<string>): void {
    this.hashes.push(textHash);
    this.reasons.push(result.reason);
    this.confidences.push(result.confidence);
    this.sentiments.push(result.sentiment);
    this.evidenceJson.push(JSON.stringify(result.evidence));
    this.secondaryReasons.push(result.secondaryReason);
    this.languages.push(result.language);
    this.needsReview.push(result.needsReview);
  }

  /** Appends every row to ingest_classifications (created by createClassificationBuffer). */
  async appendTo(connection: DuckDBConnection): Promise<void> {
    const appender = await connection.createAppender('ingest_classifications', 'main', 'temp');
    try {
      for (let row = 0; row < this.length; row++) {
        appender.appendVarchar(this.hashes[row] as string);
        appender.appendVarchar(this.reasons[row] as string);
        appender.appendDouble(this.confidences[row] as number);
        appender.appendDouble(this.sentiments[row] as number);
        appender.appendVarchar(this.evidenceJson[row] as string);
        const secondary = this.secondaryReasons[row];
        if (secondary === null || secondary === undefined) appender.appendNull();
        else appender.appendVarchar(secondary);
        appender.appendVarchar(this.languages[row] as string);
        appender.appendBoolean(this.needsReview[row] as boolean);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
  }
}

async function insertClassifications(connection: DuckDBConnection, version: string): Promise<void> {
  const now = timestampValue(BigInt(Date.now()) * 1000n);
  await connection.run(
    `INSERT INTO reason_classifications (text_hash, model_version, reason, confidence, sentiment, evidence,
       secondary_reason, language, needs_review, source, classified_at)
     SELECT text_hash, $version, reason, confidence, sentiment, from_json(evidence_json, '["VARCHAR"]'),
       secondary_reason, language, needs_review, 'model', $now
     FROM ingest_classifications`,
    { version, now },
  );
}

export type ClassifyProgress = (done: number, total: number) => void;

/** Classifies the pending verbatims at indexes [from, to) into `rows`. */
function classifyRange(
  classifier: VerbatimClassifier,
  pending: VerbatimTexts,
  rows: ClassificationRows,
  from: number,
  to: number,
): void {
  for (let index = from; index < to; index++) {
    rows.add(pending.hashes[index] as string, classifier.classify(pending.texts[index] as string));
  }
}

/** Verbatims classified between two progress reports of classifyAll. */
const PROGRESS_EVERY = 1000;

function classifyAll(
  classifier: VerbatimClassifier,
  pending: VerbatimTexts,
  onProgress?: ClassifyProgress,
): ClassificationRows {
  const rows = new ClassificationRows();
  const total = pending.texts.length;
  for (let start = 0; start < total; start += PROGRESS_EVERY) {
    onProgress?.(start, total);
    classifyRange(classifier, pending, rows, start, Math.min(start + PROGRESS_EVERY, total));
  }
  return rows;
}

/**
 * The current file's verbatims (hashes in `ingest_texts`) that have no classification for this model
 * version, with the text they are (or will be) stored under: an existing verbatim keeps its stored text, a
 * new one gets the spelling storeNewVerbatims will store. Read before the file's rows are written, so the
 * classifier can run while DuckDB writes them.
 */
export async function pendingFileVerbatims(
  connection: DuckDBConnection,
  version: string,
): Promise<VerbatimTexts> {
  return readVerbatimColumns(
    connection,
    `SELECT file.text_hash, coalesce(stored.text, file.text) AS text
     FROM (SELECT text_hash, min(stored_text) AS text FROM ingest_texts GROUP BY text_hash) file
     LEFT JOIN verbatims stored ON stored.text_hash = file.text_hash
     WHERE file.text_hash NOT IN (SELECT text_hash FROM reason_classifications WHERE model_version = $version)`,
    { version },
  );
}

const SLICE = 500;

/**
 * Classifies in slices, yielding to the event loop between them, so DuckDB statements awaited elsewhere
 * (the file's upsert) keep being issued while the classifier runs: the two use different cores.
 * Stops early when `cancelled()` turns true.
 */
export async function classifyInSlices(
  classifier: VerbatimClassifier,
  pending: VerbatimTexts,
  onProgress: ClassifyProgress = () => {},
  cancelled: () => boolean = () => false,
): Promise<ClassificationRows> {
  const rows = new ClassificationRows();
  const total = pending.texts.length;
  const classifySlice = (from: number, to: number) => {
    classifyRange(classifier, pending, rows, from, to);
    onProgress(rows.length, total);
  };
  await runInSlices(total, SLICE, classifySlice, cancelled);
  return rows;
}

/** Writes model classifications to reason_classifications (source 'model', this model version). */
export async function saveClassifications(
  connection: DuckDBConnection,
  version: string,
  classified: ClassificationRows,
): Promise<void> {
  if (classified.length === 0) return;
  await createClassificationBuffer(connection);
  await classified.appendTo(connection);
  await insertClassifications(connection, version);
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
  return inTransaction(connection, async () => {
    const pending = await readVerbatimColumns(
      connection,
      `SELECT text_hash, text FROM verbatims
       WHERE text_hash NOT IN (SELECT text_hash FROM reason_classifications WHERE model_version = $version)
       ORDER BY text_hash`,
      { version: classifier.version },
    );
    await createClassificationBuffer(connection);
    await classifyAll(classifier, pending, onProgress).appendTo(connection);
    await connection.run(
      `DELETE FROM ingest_classifications AS fresh
       USING (
         SELECT * FROM reason_classifications WHERE source = 'model'
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
    const written = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM ingest_classifications`,
    );
    const writtenCount = Number(written.getRowObjectsJson()[0]?.n ?? 0);
    await insertClassifications(connection, classifier.version);
    await refreshClassifiedTexts(connection, CLASSIFIED_HASHES);
    return {
      modelVersion: classifier.version,
      examined: pending.texts.length,
      written: writtenCount,
      unchanged: pending.texts.length - writtenCount,
    };
  });
}
