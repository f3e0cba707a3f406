/** `churnlens ingest`: load files into the database, or send them to a running server with --server. */
import { stat } from 'node:fs/promises';
import {
  type ColumnMapping,
  type FileReport,
  INGEST_KINDS,
  type IngestKind,
  type IngestReport,
  ingestFiles,
  MappingFileError,
  readMappingFile,
} from '@churnlens/ingest';
import { failedFileReport, totalsOf } from '@churnlens/ingest/ingest-report';
import { resolveInputs } from '@churnlens/ingest/input-files';
import { formatFileSummary, ProgressReporter } from '@churnlens/ingest/progress/progress-reporter';
import { DATE_ORDERS, type DateOrder } from '@churnlens/ingest/validation/date-order';
import { formatByteSize } from '@churnlens/models/byte-size';
import { isMemorySize } from '@churnlens/models/database/open-database';
import { DuckDBInstance } from '@duckdb/node-api';
import { type Command, openCommandDatabase, parseCommandArgs, UsageError } from '../command.ts';
import { serverUrl } from '../server-request.ts';
import {
  planSubmissions,
  type SubmitOptions,
  serverUploadLimit,
  submitToServer,
} from '../submit-to-server.ts';

const KIND_CHOICES = ['auto', ...INGEST_KINDS] as const;

const help = `Usage: churnlens ingest <file|dir|glob>... [--kind KIND] [--mapping map.json] [--json] [--no-redact]
                        [--date-order dmy|mdy] [--memory-limit SIZE] [--server URL]

Loads cancellations, retention offers, survey responses, customers or Stripe exports into the database.
Reads CSV (any delimiter; UTF-8, UTF-16 or Windows-1252), JSON arrays, NDJSON, Parquet and Excel
workbooks (.xlsx, the first sheet with a table), each also gzip-compressed (.csv.gz), and ZIP
archives of them; a directory means every such file in it, and a quoted glob ('exports/*.csv') is
expanded.
Each file is one transaction: bad rows are quarantined in rejected_rows with their line and field,
good rows load, and re-ingesting a file adds nothing.
Free text is PII-redacted, stored once per distinct text and classified. See docs/ingest.md.

Options:
  --kind KIND        ${KIND_CHOICES.join(' | ')} (default auto: decided per file from its columns)
  --mapping FILE     JSON mapping other headers to fields, giving defaults and naming the file's own
                     spellings of reason codes, channels or outcomes, e.g.
                     {"columns": {"Kündigungsgrund": "reason_text"}, "defaults": {"currency": "EUR"},
                      "values": {"reason_code": {"Zu teuer": "too_expensive"}}};
                     a column feeding several fields: {"columns": {"customer_id": ["customer_id", "id"]}};
                     a start-date column for the tenure: {"columns": {"Kunde seit": "tenure_start"}};
                     an MRR column in cents: {"columns": {"Betrag (Cent)": "mrr_minor_units"}};
                     a date's time of day in a column of its own: {"columns": {"Uhrzeit": "requested_at_time"}};
                     a survey export's question columns: {"questions": {"How likely…?": "score"}}
  --json             Print {"files": [...], "totals": {...}} on stdout and nothing else
  --no-redact        Keep e-mails, phone and card numbers and secret URLs in stored free text
  --date-order ORDER dmy (25/03/2024) or mdy (3/25/2024, Excel in the US) for dates written with numbers
                     only; by default each file's dates decide when one has a day above 12
  --memory-limit SIZE  Cap DuckDB's memory: auto (default) gives each file a budget in proportion to its
                     size, at least 512MiB (0.6 bytes per byte of CSV); a size such as 2GB caps every file;
                     none leaves DuckDB's own, up to 80% of RAM. What does not fit spills to a temp directory
                     next to the database; a file that needs more fails cleanly, nothing written. Peak with
                     auto: 0.9 GiB for 1M rows (183 MB CSV; 2.6 GiB with none, in about the same time),
                     1.1 GiB for 5M, 1.9 GiB for 10M
  --server URL       Send the files to a running churnlens server (POST URL/api/ingest) instead of opening
                     the database; a bearer token is taken from env CHURNLENS_TOKEN. Files go in as few
                     requests as the server's upload limit allows (serve --max-upload-size; the server
                     orders each request's files, customers and cancellations first, so name those first
                     when there are more than fit in one); a file over the limit is reported, not sent

Exit codes: 0 every file processed (rejected rows included), 1 a file could not be read, 2 usage error.

Examples:
  churnlens ingest exports/cancellations.csv exports/offers.csv
  churnlens ingest data/ --json > report.json
  churnlens ingest 'stripe/*.json' --kind stripe --server http://localhost:8787`;

function parseKind(value: string | undefined): IngestKind | 'auto' {
  if (value === undefined) return 'auto';
  if (!(KIND_CHOICES as readonly string[]).includes(value)) {
    throw new UsageError(`--kind must be one of ${KIND_CHOICES.join(', ')}, got "${value}"`);
  }
  return value as IngestKind | 'auto';
}

function parseDateOrder(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  if (!(DATE_ORDERS as readonly string[]).includes(value)) {
    throw new UsageError(`--date-order must be dmy or mdy, got "${value}"`);
  }
  return value as DateOrder;
}

export interface MemoryChoice {
  /** A fixed limit for the whole run; none with auto or none. */
  memoryLimit?: string;
  /** auto: a budget per file (IngestOptions.budgetMemoryPerFile). */
  budgetMemoryPerFile: boolean;
}

export function parseMemoryLimit(value: string | undefined): MemoryChoice {
  if (value === undefined || value === 'auto') return { budgetMemoryPerFile: true };
  if (value === 'none') return { budgetMemoryPerFile: false };
  if (!isMemorySize(value)) {
    throw new UsageError(`--memory-limit must be auto, none or a size such as 1GB or 512MB, got "${value}"`);
  }
  return { memoryLimit: value, budgetMemoryPerFile: false };
}

async function readMapping(path: string | undefined): Promise<ColumnMapping | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readMappingFile(path);
  } catch (error) {
    if (error instanceof MappingFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** The file's ignored columns: those holding lists or objects on a line of their own, as no mapping reads them. */
function ignoredColumnsLines(file: FileReport): string[] {
  const nested = new Set(file.nestedColumns);
  const unmatched = file.ignoredColumns.filter((header) => !nested.has(header));
  const why =
    file.kind === 'stripe'
      ? 'the Stripe mapping does not use them'
      : `no ${file.kind} field reads them (map them with --mapping)`;
  return [
    unmatched.length > 0 ? `ignored columns, ${why}: ${unmatched.join(', ')}` : undefined,
    nested.size > 0
      ? `nested columns (lists or objects), which no field reads: ${file.nestedColumns.join(', ')}`
      : undefined,
  ].filter((line) => line !== undefined);
}

/** Where the rejected rows of a file's run can be had: the run is the server's when the ingest went there. */
function rejectedRowsLine(file: FileReport, server: string | undefined): string | undefined {
  const unshown = file.rejected - file.rejections.length;
  if (unshown <= 0 || file.runId === undefined) return undefined;
  const command = `churnlens runs ${file.runId} --rejected${server === undefined ? '' : ` --server ${server}`}`;
  return `… ${unshown} more: ${command} writes them all as CSV`;
}

function printReport(report: IngestReport, server: string | undefined): void {
  for (const file of report.files) {
    process.stdout.write(`${formatFileSummary(file)}\n`);
    for (const warning of file.warnings) process.stdout.write(`    warning: ${warning}\n`);
    for (const line of ignoredColumnsLines(file)) process.stdout.write(`    ${line}\n`);
    for (const rejection of file.rejections) {
      const where = rejection.line === null ? '' : `line ${rejection.line}: `;
      process.stdout.write(`    ${where}${rejection.message}\n`);
    }
    const rejected = rejectedRowsLine(file, server);
    if (rejected) process.stdout.write(`    ${rejected}\n`);
  }
  const { totals } = report;
  process.stdout.write(
    `total: read ${totals.read}, loaded ${totals.loaded}, updated ${totals.updated}, ` +
      `unchanged ${totals.unchanged}, rejected ${totals.rejected}\n`,
  );
}

/** A file of --json's `files`: its counts, status and what to check, without the log's rejections and timings. */
function jsonFileReport(file: FileReport) {
  return {
    path: file.path,
    // The run's id, for `churnlens runs ID --rejected` and GET /api/ingest/runs/ID/rejected.
    ...(file.runId === undefined ? {} : { runId: file.runId }),
    kind: file.kind,
    read: file.read,
    loaded: file.loaded,
    updated: file.updated,
    unchanged: file.unchanged,
    rejected: file.rejected,
    status: file.status,
    ...(file.error === undefined ? {} : { error: file.error }),
    ignoredColumns: file.ignoredColumns,
    nestedColumns: file.nestedColumns,
    warnings: file.warnings,
  };
}

function printJson(report: IngestReport): void {
  const files = report.files.map(jsonFileReport);
  process.stdout.write(`${JSON.stringify({ files, totals: report.totals })}\n`);
}

async function submitAll(
  server: string,
  paths: string[],
  options: Omit<SubmitOptions, 'token'>,
): Promise<IngestReport> {
  // Directories and quoted globs are expanded here, as for a local ingest; DuckDB's glob needs no database.
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const named = await resolveInputs(connection, paths).finally(() => {
    connection.closeSync();
    instance.closeSync();
  });
  for (const { file, note } of named.notes) process.stderr.write(`churnlens ingest: ${file}: ${note}\n`);
  const files: FileReport[] = named.failures.map((failure) =>
    failedFileReport(failure.name, 'unknown', failure.error),
  );
  const sized = await Promise.all(
    named.files.map(async (file) => ({
      ...file,
      bytes: (await stat(file.path).catch(() => undefined))?.size ?? 0,
    })),
  );
  const limit = await serverUploadLimit(server);
  const plan = planSubmissions(
    sized,
    limit,
    options.mapping ? Buffer.byteLength(JSON.stringify(options.mapping)) : 0,
  );
  for (const file of plan.tooLarge) {
    const error = `it is ${formatByteSize(file.bytes)}, more than the server takes in one upload (${formatByteSize(limit ?? 0)}): restart the server with a larger --max-upload-size, or stop it and ingest without --server`;
    files.push(failedFileReport(file.name, 'unknown', error));
  }
  const token = process.env.CHURNLENS_TOKEN;
  for (const [index, request] of plan.requests.entries()) {
    const bytes = formatByteSize(request.reduce((sum, file) => sum + file.bytes, 0));
    const part = plan.requests.length > 1 ? ` (request ${index + 1} of ${plan.requests.length})` : '';
    const count = request.length === 1 ? '1 file' : `${request.length} files`;
    process.stderr.write(`churnlens ingest: sending ${count} (${bytes}) to ${server}${part}\n`);
    files.push(...(await submitToServer(server, request, { ...options, token })));
  }
  return { files, totals: totalsOf(files) };
}

export const ingestCommand: Command = {
  name: 'ingest',
  help,
  async run(args) {
    const { values, positionals, db } = parseCommandArgs(
      args,
      {
        kind: { type: 'string' },
        mapping: { type: 'string' },
        json: { type: 'boolean' },
        'no-redact': { type: 'boolean' },
        server: { type: 'string' },
        'memory-limit': { type: 'string' },
        'date-order': { type: 'string' },
      },
      true,
    );
    const dateOrder = parseDateOrder(values['date-order']);
    const memory = parseMemoryLimit(values['memory-limit']);
    if (positionals.length === 0) throw new UsageError('name at least one file, directory or glob to ingest');
    const kind = parseKind(values.kind);
    const mapping = await readMapping(values.mapping);
    const server = serverUrl(values.server);
    if (server !== undefined && (values['no-redact'] || values['memory-limit'] !== undefined)) {
      throw new UsageError(
        '--no-redact and --memory-limit apply to local ingests only; the server uses its own settings',
      );
    }

    let report: IngestReport;
    if (server !== undefined) {
      report = await submitAll(server, positionals, {
        kind,
        ...(mapping ? { mapping } : {}),
        ...(dateOrder ? { dateOrder } : {}),
      });
    } else {
      const database = await openCommandDatabase(db, { memoryLimit: memory.memoryLimit });
      try {
        const reporter = new ProgressReporter(
          process.stderr,
          process.stderr.isTTY === true,
          process.stderr.columns,
        );
        report = await ingestFiles(
          database,
          positionals,
          {
            kind,
            mapping,
            redact: values['no-redact'] !== true,
            dateOrder,
            budgetMemoryPerFile: memory.budgetMemoryPerFile,
            outOfMemoryAdvice: 'rerun it with a larger --memory-limit, or --memory-limit none',
          },
          reporter.listener,
        );
      } finally {
        database.close();
      }
    }
    if (values.json) printJson(report);
    else printReport(report, server);
    return report.files.some((file) => file.status === 'failed') ? 1 : 0;
  },
};
