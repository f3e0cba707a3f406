/**
 * Reason-classifier throughput on generated verbatims (cancellation reason texts, then survey free-text
 * answers, as ingest stores them): every text classified, and deduplicated the way ingest does it (one
 * classification per verbatim hash, reused for the texts that share it). Rates are per core: texts divided
 * by the CPU time of this single-threaded work, so other processes on the machine do not lower them.
 */
import type { SampleFile } from '@churnlens/ingest/sample-data/index';
import { verbatimHash } from '@churnlens/models';
import { loadReasonClassifier, type ReasonClassification } from '@churnlens/models/classifier/index';
import { DuckDBInstance } from '@duckdb/node-api';

export interface ClassifyRun {
  /** Texts per CPU second. */
  perCore: number;
  /** Texts per wall-clock second. */
  wall: number;
}

/** The first `count` non-blank free texts of the generated files (fewer when the files hold fewer). */
export async function readGeneratedVerbatims(
  files: Record<SampleFile, string>,
  count: number,
): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT text FROM (
         SELECT reason_text AS text, 1 AS source, row_number() OVER () AS position
         FROM read_csv($cancellations, all_varchar = true)
         UNION ALL
         SELECT free_text, 2, row_number() OVER () FROM read_csv($surveys, all_varchar = true))
       WHERE trim(coalesce(text, '')) <> ''
       ORDER BY source, position
       LIMIT $count`,
      { cancellations: files.cancellations, surveys: files.survey_responses, count },
    );
    return reader.getColumnsJS()[0] as string[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function timed(count: number, work: () => void): ClassifyRun {
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  work();
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { perCore: count / ((cpu.user + cpu.system) / 1e6), wall: count / wallSeconds };
}

/** Classifies every text with a freshly loaded model (its per-token memo starts empty, as in a new ingest). */
export function classifyEveryText(texts: readonly string[]): ClassifyRun {
  const classifier = loadReasonClassifier();
  let confidence = 0;
  const run = timed(texts.length, () => {
    for (const text of texts) confidence += classifier.classify(text).confidence;
  });
  if (Number.isNaN(confidence)) throw new Error('the classifier returned a NaN confidence');
  return run;
}

/**
 * Deduplicates the way ingest does: identical texts are collapsed first (ingest's `SELECT DISTINCT`), each
 * distinct text is hashed (verbatimHash: normalized, so "Too expensive" and "too expensive " share a hash)
 * and each distinct hash is classified once; every text then gets its hash's result.
 */
export function classifyDeduplicated(texts: readonly string[]): ClassifyRun & { distinct: number } {
  const classifier = loadReasonClassifier();
  const byText = new Map<string, ReasonClassification>();
  const byHash = new Map<string, ReasonClassification>();
  let confidence = 0;
  const run = timed(texts.length, () => {
    for (const text of texts) {
      let result = byText.get(text);
      if (result === undefined) {
        const hash = verbatimHash(text);
        result = byHash.get(hash);
        if (result === undefined) {
          result = classifier.classify(text);
          byHash.set(hash, result);
        }
        byText.set(text, result);
      }
      confidence += result.confidence;
    }
  });
  if (Number.isNaN(confidence)) throw new Error('the classifier returned a NaN confidence');
  return { ...run, distinct: byHash.size };
}
