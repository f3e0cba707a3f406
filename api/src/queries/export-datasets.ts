/**
 * GET /api/export: the filtered rows of one dataset written to a file in a temporary directory, which the
 * route then streams and deletes. CSV and Parquet are written by DuckDB's COPY; XLSX by writeXlsxFile
 * (api/src/export/xlsx-file.ts) fed chunk by chunk, so no format holds the whole result in memory.
 *
 * Customer-written text is formula-neutralized in CSV and XLSX (models/src/export/neutralize-formula.ts);
 * Parquet keeps values exactly, since it is typed data for tools rather than a spreadsheet.
 */
import { FORMULA_TRIGGER_CHARACTERS } from '@churnlens/models/export/neutralize-formula';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { DuckDBConnection, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { type ApiDatabase, type SqlParams, withQueryTimeout } from '../db.ts';
import { writeXlsxFile } from '../export/xlsx-file.ts';
import { ApiError } from '../http/api-error.ts';
import type { ExportDataset, ExportFormat } from '../schemas/export.ts';
import { buildFilterSql } from './filter-sql.ts';

/** Excel's sheet limit is 1,048,576 rows including the header. */
export const XLSX_MAX_ROWS = 1_048_575;

interface ExportColumn {
  name: string;
  sql: string;
  /** Text that may come from customers or files, neutralized in spreadsheet formats. */
  text?: boolean;
}

const text = (name: string, sql = name): ExportColumn => ({ name, sql, text: true });
const value = (name: string, sql = name): ExportColumn => ({ name, sql });

/** Every dataset reads cancellation_facts as `f` (so the common filters apply) and names its own columns. */
const DATASETS: Record<ExportDataset, { from: string; columns: ExportColumn[]; orderBy: string }> = {
  cancellations: {
    from: 'cancellation_facts f',
    orderBy: 'f.requested_at, f.id',
    columns: [
      text('id', 'f.id'),
      text('customer_id', 'f.customer_id'),
      text('subscription_id', 'f.subscription_id'),
      value('requested_at', 'f.requested_at'),
      text('channel', 'f.channel'),
      text('agent_id', 'f.agent_id'),
      value('handled_at', 'f.handled_at'),
      text('plan', 'f.plan'),
      value('mrr', 'f.mrr::DOUBLE'),
      text('currency', 'f.currency'),
      value('mrr_usd', 'round(f.mrr_usd, 2)::DOUBLE'),
      value('tenure_days', 'f.tenure_days'),
      text('tenure_bucket', 'f.tenure_bucket'),
      text('country', 'f.country'),
      text('segment', 'f.segment'),
      text('outcome', 'f.outcome'),
      text('reason', 'f.reason'),
      text('reason_origin', 'f.reason_origin'),
      text('reason_code', 'f.reason_code'),
      text('reason_text', 'f.reason_text'),
      value('confidence', 'f.confidence'),
      value('needs_review', 'f.needs_review'),
      value('effective_at', 'f.effective_at'),
      value('reactivated_at', 'f.reactivated_at'),
    ],
  },
  verbatims: {
    // The same documents /api/themes reads: reason texts, and survey answers about filtered cancellations.
    from: `(
      SELECT 'cancellation' AS source, c.id AS record_id, c.id AS cancellation_id, c.reason_text AS text,
        c.reason, c.classification_source, c.confidence, c.sentiment, c.needs_review, c.language, c.*
          EXCLUDE (id, reason, classification_source, confidence, sentiment, needs_review, language)
      FROM cancellation_facts c WHERE trim(coalesce(c.reason_text, '')) <> ''
      UNION ALL BY NAME
      SELECT 'survey' AS source, s.id AS record_id, c.id AS cancellation_id, s.free_text AS text,
        coalesce(ec.reason, 'other') AS reason, ec.source AS classification_source, ec.confidence, ec.sentiment,
        coalesce(ec.needs_review, false) AS needs_review, ec.language, c.*
          EXCLUDE (id, reason, classification_source, confidence, sentiment, needs_review, language)
      FROM survey_responses s
      JOIN cancellation_facts c ON c.id = s.cancellation_id
      LEFT JOIN effective_classifications ec ON ec.text_hash = s.text_hash
      WHERE trim(coalesce(s.free_text, '')) <> ''
    ) f`,
    orderBy: 'f.requested_at, f.record_id',
    columns: [
      text('source', 'f.source'),
      text('record_id', 'f.record_id'),
      text('cancellation_id', 'f.cancellation_id'),
      value('requested_at', 'f.requested_at'),
      text('channel', 'f.channel'),
      text('plan', 'f.plan'),
      text('text', 'f.text'),
      text('reason', 'f.reason'),
      text('classification_source', 'f.classification_source'),
      value('confidence', 'f.confidence'),
      value('sentiment', 'f.sentiment'),
      value('needs_review', 'f.needs_review'),
      text('language', 'f.language'),
    ],
  },
  offers: {
    from: 'offers o JOIN cancellation_facts f ON f.id = o.cancellation_id',
    orderBy: 'o.presented_at, o.id',
    columns: [
      text('id', 'o.id'),
      text('cancellation_id', 'o.cancellation_id'),
      text('offer_type', 'o.offer_type'),
      text('offer_detail', 'o.offer_detail'),
      value('presented_at', 'o.presented_at'),
      value('accepted', 'o.accepted'),
      value('accepted_at', 'o.accepted_at'),
      value('churned_at', 'o.churned_at'),
      value('requested_at', 'f.requested_at'),
      text('channel', 'f.channel'),
      text('plan', 'f.plan'),
      value('mrr', 'f.mrr::DOUBLE'),
      text('currency', 'f.currency'),
      text('reason', 'f.reason'),
      text('outcome', 'f.outcome'),
    ],
  },
};

/** `'` + text when the text starts with a formula trigger; the trigger list is bound as $formula_triggers. */
export function neutralizedSql(expression: string): string {
  return `CASE WHEN list_contains(string_split($formula_triggers, ''), left(${expression}, 1)) THEN '''' || ${expression} ELSE ${expression} END`;
}

/** Timestamp columns are the ones named `…_at`; spreadsheets show them with a date format. */
const isTimestamp = (column: ExportColumn) => column.name.endsWith('_at');

/**
 * The day number a spreadsheet stores for a timestamp: days since 1899-12-30, the time of day as the fraction.
 * The same DOUBLE exceljs computed from a JS Date (25569 + milliseconds / 86,400,000), so cells are unchanged.
 */
function spreadsheetDaySql(expression: string): string {
  return `25569 + epoch_ms(${expression}) / 86400000`;
}

function columnSql(column: ExportColumn, format: ExportFormat): string {
  if (format !== 'parquet' && column.text) return neutralizedSql(column.sql);
  if (format === 'xlsx' && isTimestamp(column)) return spreadsheetDaySql(column.sql);
  return column.sql;
}

function selectSql(dataset: ExportDataset, filters: InsightFilters, format: ExportFormat) {
  const definition = DATASETS[dataset];
  const filter = buildFilterSql(filters, { alias: 'f' });
  const neutralize = format !== 'parquet';
  const columns = definition.columns.map((column) => `${columnSql(column, format)} AS "${column.name}"`);
  const params: SqlParams = { ...filter.params };
  if (neutralize) params.formula_triggers = FORMULA_TRIGGER_CHARACTERS.join('');
  return {
    sql: `SELECT ${columns.join(', ')} FROM ${definition.from} WHERE ${filter.sql} ORDER BY ${definition.orderBy}`,
    countSql: `SELECT count(*)::BIGINT AS rows FROM ${definition.from} WHERE ${filter.sql}`,
    countParams: filter.params,
    params,
  };
}

/**
 * Exports may legitimately run for minutes (a full Parquet dump of millions of rows), far past the query
 * timeout meant for dashboard reads, so they get their own connection and limit, and run at most
 * {@link MAX_CONCURRENT_EXPORTS} at a time so they cannot starve the reader pool.
 */
export const EXPORT_TIMEOUT_MS = 10 * 60_000;
const MAX_CONCURRENT_EXPORTS = 2;
let runningExports = 0;
const waitingExports: (() => void)[] = [];

export async function withExportConnection<T>(
  db: ApiDatabase,
  work: (connection: DuckDBConnection) => Promise<T>,
) {
  if (runningExports >= MAX_CONCURRENT_EXPORTS)
    await new Promise<void>((resolve) => waitingExports.push(resolve));
  else runningExports += 1;
  const connection = await db.instance.connect();
  try {
    return await withQueryTimeout(connection, EXPORT_TIMEOUT_MS, () => work(connection));
  } finally {
    connection.closeSync();
    const next = waitingExports.shift();
    if (next) next();
    else runningExports -= 1;
  }
}

export interface ExportFile {
  rows: number;
}

/** Writes the filtered rows of `dataset` to `path` in `format`; returns the row count. */
export async function writeExportFile(
  db: ApiDatabase,
  request: { dataset: ExportDataset; format: ExportFormat; filters: InsightFilters; path: string },
): Promise<ExportFile> {
  const { dataset, format, filters, path } = request;
  const query = selectSql(dataset, filters, format);
  return withExportConnection(db, async (connection) => {
    const [count] = (await connection.runAndReadAll(query.countSql, query.countParams)).getRowObjectsJson();
    const rows = Number(count?.rows ?? 0);
    if (format === 'xlsx') {
      if (rows > XLSX_MAX_ROWS) {
        throw new ApiError(
          400,
          'bad_request',
          `format: the export has ${rows} rows and an xlsx sheet holds at most ${XLSX_MAX_ROWS}; use csv or parquet, or narrow the filters`,
        );
      }
      await writeXlsx(connection, query.sql, query.params, dataset, path);
      return { rows };
    }
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION zstd`;
    await connection.run(`COPY (${query.sql}) TO $export_path (${options})`, {
      ...query.params,
      export_path: path,
    });
    return { rows };
  });
}

async function writeXlsx(
  connection: DuckDBConnection,
  sql: string,
  params: SqlParams,
  dataset: ExportDataset,
  path: string,
): Promise<void> {
  const columns = DATASETS[dataset].columns.map((column) => ({
    name: column.name,
    date: isTimestamp(column),
  }));
  const result = await connection.stream(sql, params);
  await writeXlsxFile(path, { name: dataset, columns }, columnsOfChunks(result));
}

/**
 * Each chunk's values column by column, as DuckDB holds them: reading a chunk's columns costs about half of
 * converting it to rows of JS values (2.4–3.1 against 5.6–6.1 CPU-seconds for 200,000 cancellations).
 */
async function* columnsOfChunks(result: DuckDBResult): AsyncGenerator<DuckDBValue[][]> {
  for await (const chunk of result) yield chunk.getColumns();
}
