/**
 * What an ingest run reports, per file and in total, and the progress events it emits while it runs.
 * Counts always add up per file: read = loaded + updated + unchanged + rejected.
 */

import type { VerbatimClassifier } from './classification/classify-verbatims.ts';
import type { ColumnMapping, IngestKind } from './mapping/mapping-file.ts';
import type { RejectedRow } from './runs/ingest-run-log.ts';
import type { DateOrder } from './validation/date-order.ts';

export interface IngestOptions {
  /** `auto` (default) decides per file from its columns. */
  kind?: IngestKind | 'auto';
  mapping?: ColumnMapping;
  /** How numeric dates (3/1/2024) read; without it, each file's dates settle it when they can (date-order.ts). */
  dateOrder?: DateOrder;
  /** Redact PII from free text before storing it (default true). */
  redact?: boolean;
  /** Defaults to the committed model, loaded when the first file with free text needs it. */
  classifier?: VerbatimClassifier;
  /**
   * Limit DuckDB's memory before each file to a budget in proportion to the file (memory-budget.ts). The
   * limit is the whole database instance's: for a process that only ingests, such as `churnlens ingest`.
   */
  budgetMemoryPerFile?: boolean;
  /**
   * What a file's error adds when DuckDB runs out of memory: the CLI names its --memory-limit, which a
   * server's upload has no way to set.
   */
  outOfMemoryAdvice?: string;
  /**
   * The most a gzip-compressed file, the entries read from a ZIP archive, a workbook sheet's CSV copy or a
   * Parquet file's columns may expand to; past it the file
   * fails (a decompression bomb would otherwise fill the disk). `reason` says where the limit comes from, in
   * the file's error. Unlimited when absent: the CLI's files are the user's own, an upload is not.
   */
  expansionLimit?: ExpansionLimit;
}

export interface ExpansionLimit {
  bytes: number;
  reason: string;
}

/** A file to ingest; `name` is what reports and ingest_runs show (an upload's original name). */
export type IngestInput = string | { path: string; name: string };

export interface FileReport {
  path: string;
  kind: IngestKind | 'unknown';
  status: 'ok' | 'failed';
  read: number;
  loaded: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Part of `unchanged`: rows read that hold nothing to load (active Stripe subscriptions, other events). */
  skipped: number;
  /** Why the file could not be processed, when status is failed. */
  error?: string;
  /** How --kind auto decided, or that the kind was given. */
  kindReason?: string;
  /**
   * Headers that feed no field; a repeated header name as the reader renamed it, followed by the file's own
   * (`comment_1 (the second "comment")`); one naming a field another column feeds, followed by both
   * (`cancelled_at (also names requested_at, read from "requested_at")`).
   */
  ignoredColumns: string[];
  /** Those of `ignoredColumns` that hold lists or objects: no field reads them, whatever the mapping says. */
  nestedColumns: string[];
  /**
   * What the user must know of how the file was read, one sentence each: rows loaded as the mapping says
   * but likely wrong (a cents column mapped to plain mrr), stored verbatims a newer reason model reads
   * differently. Also in the run's message.
   */
  warnings: string[];
  /** The first rejected rows, for the log (all of them are in rejected_rows). */
  rejections: RejectedRow[];
  newVerbatims: number;
  classified: number;
  runId?: number;
  seconds: number;
}

export interface IngestTotals {
  read: number;
  loaded: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface IngestReport {
  files: FileReport[];
  totals: IngestTotals;
}

export type IngestPhase = 'reading' | 'validating' | 'loading' | 'classifying' | 'committing';

export type IngestProgressEvent =
  | { type: 'file-start'; file: string; index: number; count: number; bytes: number }
  | { type: 'kind'; file: string; kind: IngestKind; reason: string }
  /** Something about how the file was read that the user should know: its encoding, lines skipped. */
  | { type: 'note'; file: string; note: string }
  | {
      type: 'progress';
      file: string;
      phase: IngestPhase;
      /** 0..1 within the phase, when known. */
      fraction?: number;
      /** Records in the file, once it has been read. */
      rows?: number;
    }
  | { type: 'file-done'; report: FileReport };

export type ProgressListener = (event: IngestProgressEvent) => void;

export function totalsOf(files: readonly FileReport[]): IngestTotals {
  const totals: IngestTotals = { read: 0, loaded: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const file of files) {
    totals.read += file.read;
    totals.loaded += file.loaded;
    totals.updated += file.updated;
    totals.unchanged += file.unchanged;
    totals.rejected += file.rejected;
  }
  return totals;
}

/** The report of a file that could not be processed at all. */
export function failedFileReport(
  path: string,
  kind: FileReport['kind'],
  error: string,
  seconds = 0,
): FileReport {
  return {
    path,
    kind,
    status: 'failed',
    read: 0,
    loaded: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    error,
    ignoredColumns: [],
    nestedColumns: [],
    warnings: [],
    rejections: [],
    newVerbatims: 0,
    classified: 0,
    seconds,
  };
}
