/**
 * `churnlens runs`: what the ingest runs did, and a run's rejected rows as CSV, from the command line: the
 * ingest prints ten rejections a file and says the rest are in rejected_rows, which this reads.
 */
import { writeFile } from 'node:fs/promises';
import { createApiDatabase } from '../../db.ts';
import { queryIngestRuns, writeRejectedRowsCsv } from '../../queries/ingest-runs.ts';
import {
  type IngestRun,
  ingestRunsSchema,
  MAX_PAGE_SIZE,
  pageQuerySchema,
} from '../../schemas/ingest-runs.ts';
import {
  type Command,
  CommandFailure,
  openExistingDatabase,
  parseCommandArgs,
  UsageError,
} from '../command.ts';
import { requestFromServer, serverUrl } from '../server-request.ts';

const DEFAULT_LIMIT = 20;

const help = `Usage: churnlens runs [--limit N] [--json] [--server URL]
       churnlens runs RUN --rejected [--out FILE] [--server URL]

Lists the newest ingest runs: when, the file, its kind, whether it loaded, and its counts (read = loaded +
updated + unchanged + rejected). With a run's number and --rejected, writes every row that run rejected as
CSV (file, line, field, message, raw record), to fix and ingest again.

Options:
  --limit N      How many runs, newest first: 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_LIMIT}); 0 only counts them
  --json         Print {"total", "runs": [...]}, the runs as GET /api/ingest/runs lists them (status
                 succeeded or failed), nothing else
  --rejected     Write run RUN's rejected rows as CSV
  --out FILE     Where --rejected writes (default churnlens-run-RUN-rejected.csv in the current directory)
  --server URL   Ask a running \`churnlens serve\` instead of opening the database (sends the bearer token
                 in env CHURNLENS_TOKEN)

Examples:
  churnlens runs
  churnlens runs 7 --rejected --out rejected.csv
  churnlens runs --server http://127.0.0.1:8787 --json`;

/**
 * Reads --limit with the schema GET /api/ingest/runs reads its `limit` with, so the command and the API take
 * the same values: 0, which counts the runs without listing them, to MAX_PAGE_SIZE.
 */
function limitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const parsed = pageQuerySchema.shape.limit.safeParse(value);
  if (!parsed.success || parsed.data === undefined)
    throw new UsageError(`--limit must be a whole number from 0 to ${MAX_PAGE_SIZE}, got "${value}"`);
  return parsed.data;
}

async function withDatabase<T>(path: string, work: (db: ReturnType<typeof createApiDatabase>) => Promise<T>) {
  const db = createApiDatabase(await openExistingDatabase(path));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function readRuns(server: string | undefined, database: string, limit: number) {
  if (server === undefined) return withDatabase(database, (db) => queryIngestRuns(db, { limit, offset: 0 }));
  const response = await requestFromServer(server, `/api/ingest/runs?limit=${limit}`);
  return ingestRunsSchema.parse(await response.json());
}

/** Writes the run's rejected rows to `out`; how many there were. */
async function writeRejected(server: string | undefined, database: string, run: number, out: string) {
  if (server === undefined) {
    const written = await withDatabase(database, (db) => writeRejectedRowsCsv(db, run, out));
    if (written === null) throw new CommandFailure(`there is no ingest run ${run} in ${database}`);
    return written.rows;
  }
  const response = await requestFromServer(server, `/api/ingest/runs/${run}/rejected.csv`);
  await writeFile(out, new Uint8Array(await response.arrayBuffer()));
  return Number(response.headers.get('x-row-count') ?? Number.NaN);
}

const count = (value: number) => value.toLocaleString('en-US');

/** The runs as a table a terminal shows, newest first. */
export function formatRunsTable(runs: readonly IngestRun[], total: number): string {
  if (total === 0) return 'No ingest runs yet: load files with churnlens ingest.\n';
  if (runs.length === 0) return `${count(total)} ingest runs, none listed (--limit 0)\n`;
  const header = [
    'run',
    'started (UTC)',
    'kind',
    'status',
    'read',
    'loaded',
    'updated',
    'unchanged',
    'rejected',
    'file',
  ];
  const rows = runs.map((run) => [
    String(run.id),
    run.startedAt.replace('T', ' '),
    run.kind,
    run.status,
    count(run.rowsRead),
    count(run.rowsLoaded),
    count(run.rowsUpdated),
    count(run.rowsUnchanged),
    count(run.rowsRejected),
    run.file,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  // Numbers right-aligned, text left-aligned; the file, last, is not padded.
  const numeric = new Set([0, 4, 5, 6, 7, 8]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : numeric.has(column)
            ? cell.padStart(widths[column] ?? 0)
            : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  const more = total > runs.length ? `${count(total - runs.length)} older runs not shown (--limit)\n` : '';
  return `${[header, ...rows].map(line).join('\n')}\n${more}`;
}

export const runsCommand: Command = {
  name: 'runs',
  help,
  async run(args) {
    const { values, positionals, db } = parseCommandArgs(
      args,
      {
        limit: { type: 'string' },
        json: { type: 'boolean' },
        rejected: { type: 'boolean' },
        out: { type: 'string' },
        server: { type: 'string' },
      },
      true,
    );
    const server = serverUrl(values.server);
    if (values.rejected) {
      const [run, ...extra] = positionals;
      if (run === undefined || extra.length > 0 || !/^[1-9]\d{0,9}$/.test(run))
        throw new UsageError('--rejected needs one run number, such as churnlens runs 7 --rejected');
      const out = values.out ?? `churnlens-run-${run}-rejected.csv`;
      const rows = await writeRejected(server, db, Number(run), out);
      process.stdout.write(
        `Wrote ${out} (${Number.isNaN(rows) ? 'the' : count(rows)} rejected rows of run ${run})\n`,
      );
      return 0;
    }
    if (positionals.length > 0)
      throw new UsageError(
        `a run number goes with --rejected; to list runs, give none (got "${positionals[0]}")`,
      );
    const { total, runs } = await readRuns(server, db, limitOption(values.limit));
    process.stdout.write(values.json ? `${JSON.stringify({ total, runs })}\n` : formatRunsTable(runs, total));
    return 0;
  },
};
