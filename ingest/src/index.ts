/**
 * @churnlens/ingest: loads cancellation, offer, survey, customer and Stripe files into a churnlens DuckDB
 * database, quarantining bad rows, and classifies the free text it stores. See docs/ingest.md.
 */
export {
  type ReclassifyResult,
  reclassifyVerbatims,
  SCORE_TOLERANCE,
  type VerbatimClassifier,
} from './classification/classify-verbatims.ts';
export { ingestFiles } from './ingest-files.ts';
export type {
  FileReport,
  IngestInput,
  IngestOptions,
  IngestPhase,
  IngestProgressEvent,
  IngestReport,
  IngestTotals,
  ProgressListener,
} from './ingest-report.ts';
export {
  type ColumnMapping,
  columnMappingSchema,
  INGEST_KINDS,
  type IngestKind,
  MappingFileError,
  parseMapping,
  readMappingFile,
} from './mapping/mapping-file.ts';
export { redactPii } from './text/redact-pii.ts';
export { DATE_ORDERS, type DateOrder } from './validation/date-order.ts';
