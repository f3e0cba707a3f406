/**
 * Small-file throughput: a directory of daily exports (default 50 files of 200 cancellations, then 5 offers
 * and 5 survey-answer files), cut from the sample-data generator's CSVs so that every id is distinct, and
 * ingested into a fresh database in process, as `churnlens ingest DIR` runs it (one transaction per file,
 * a memory budget per file, the committed reason model). Prints the total wall time and CPU time (all
 * threads: less sensitive to other processes on a shared machine), the median time per cancellations file,
 * the time per progress phase summed over all files, and with --statements the SQL statements that took the
 * most time in all (DuckDB's time and the driver's, by their first line). The files are cached in the temp
 * dir between runs.
 *
 *   node --import tsx test/bench/small-files-throughput.ts [--files 50] [--rows 200] [--runs 3] [--statements]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type IngestPhase, ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models/database/open-database';
import { DuckDBConnection } from '@duckdb/node-api';
import { BENCH_SEED } from './bench-data.ts';
import { median, seconds, spreadOf } from './run-statistics.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string' },
    rows: { type: 'string' },
    runs: { type: 'string' },
    statements: { type: 'boolean' },
  },
});
const FILES = Number(values.files ?? 50);
const ROWS = Number(values.rows ?? 200);
const RUNS = Number(values.runs ?? 3);
/** Offers and survey-answer files, each cut from the records of the cancellations above. */
const REFERENCING_FILES = 5;

/** `lines` (a header first) cut into `count` files of equal share, named so that they sort in order. */
function writeParts(directory: string, name: string, lines: string[], count: number): void {
  const [header, ...rows] = lines;
  const size = Math.ceil(rows.length / count);
  for (let part = 0; part < count; part++) {
    const slice = rows.slice(part * size, (part + 1) * size);
    const file = join(directory, `${name}-${String(part + 1).padStart(3, '0')}.csv`);
    writeFileSync(file, `${[header, ...slice].join('\n')}\n`);
  }
}

function csvLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** Generates the daily exports once; a later run with the same sizes reuses them. */
async function dailyExports(): Promise<string> {
  const directory = join(tmpdir(), `churnlens-bench-small-files-${FILES}x${ROWS}`);
  const exports = join(directory, 'exports');
  if (existsSync(exports)) return exports;
  const generated = join(directory, 'generated');
  process.stderr.write(`generating ${FILES * ROWS} cancellations into ${generated} …\n`);
  const { files } = await generateSampleData({
    customers: FILES * ROWS,
    cancellations: FILES * ROWS,
    outDir: generated,
    seed: BENCH_SEED,
    format: 'csv',
  });
  mkdirSync(exports, { recursive: true });
  writeParts(exports, 'cancellations', csvLines(files.cancellations), FILES);
  writeParts(exports, 'offers', csvLines(files.offers), REFERENCING_FILES);
  writeParts(exports, 'surveys', csvLines(files.survey_responses), REFERENCING_FILES);
  return exports;
}

/** Time spent in each SQL statement, by its first line, while `statementTimes` is recording. */
const statementTimes = new Map<string, { ms: number; count: number }>();

function recordStatements(): void {
  const prototype = DuckDBConnection.prototype as unknown as Record<
    string,
    (this: unknown, sql: string, ...rest: unknown[]) => Promise<unknown>
  >;
  // run is what runAndReadAll and runAndRead call, so each statement is counted once.
  for (const method of ['run', 'stream', 'start', 'prepare']) {
    const original = prototype[method] as (
      this: unknown,
      sql: string,
      ...rest: unknown[]
    ) => Promise<unknown>;
    prototype[method] = async function (this: unknown, sql: string, ...rest: unknown[]) {
      const started = performance.now();
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        const key = `${method}: ${sql.trim().split('\n')[0]?.slice(0, 100)}`;
        const entry = statementTimes.get(key) ?? { ms: 0, count: 0 };
        entry.ms += performance.now() - started;
        entry.count += 1;
        statementTimes.set(key, entry);
      }
    };
  }
}

async function timeIngest(exports: string) {
  const directory = join(tmpdir(), 'churnlens-bench-small-files-db');
  rmSync(directory, { recursive: true, force: true });
  const database = await openDatabase(join(directory, 'bench.duckdb'));
  const phases = new Map<IngestPhase, number>();
  let phase: IngestPhase | undefined;
  let phaseStarted = 0;
  statementTimes.clear();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await ingestFiles(database, [exports], { budgetMemoryPerFile: true }, (event) => {
    if (event.type !== 'progress' && event.type !== 'file-done') return;
    const next = event.type === 'progress' ? event.phase : undefined;
    if (next === phase) return;
    const now = performance.now();
    if (phase) phases.set(phase, (phases.get(phase) ?? 0) + now - phaseStarted);
    phase = next;
    phaseStarted = now;
  });
  const wall = seconds(started);
  const cpu = process.cpuUsage(cpuBefore);
  database.close();
  rmSync(directory, { recursive: true, force: true });
  const failed = report.files.filter((file) => file.status !== 'ok');
  if (failed.length > 0) throw new Error(`ingest failed: ${failed[0]?.path}: ${failed[0]?.error}`);
  return { report, wall, cpuSeconds: (cpu.user + cpu.system) / 1e6, phases };
}

if (values.statements) recordStatements();
const exports = await dailyExports();
const runs: (Awaited<ReturnType<typeof timeIngest>> & { perFile: number })[] = [];
for (let run = 0; run < RUNS; run++) {
  const result = await timeIngest(exports);
  const cancellations = result.report.files.filter((file) => file.kind === 'cancellations');
  const perFile = median(cancellations.map((file) => file.seconds ?? 0));
  process.stderr.write(
    `run ${run + 1}: ${result.wall.toFixed(2)} s, ${result.cpuSeconds.toFixed(2)} CPU-s, ${(perFile * 1000).toFixed(0)} ms per file\n`,
  );
  runs.push({ ...result, perFile });
}
const [first] = runs;
if (!first) throw new Error('no run');
const totals = first.report.totals;
const phaseMedians = [...first.phases.keys()].map(
  (name) => `${name} ${median(runs.map((run) => (run.phases.get(name) ?? 0) / 1000)).toFixed(2)} s`,
);
const spread = (numbers: number[], unit: (value: number) => string) => {
  const { median: middle, min, max } = spreadOf(numbers);
  return `${unit(middle)} (${unit(min)}–${unit(max)})`;
};
const lines = [
  `files                ${first.report.files.length} in ${exports} (${FILES} × ${ROWS} cancellations, ${REFERENCING_FILES} offers, ${REFERENCING_FILES} surveys)`,
  `counts               read ${totals.read}, loaded ${totals.loaded}, rejected ${totals.rejected}`,
  `wall, all files      median ${spread(
    runs.map((run) => run.wall),
    (value) => `${value.toFixed(2)} s`,
  )} of ${RUNS} runs`,
  `CPU, all files       median ${spread(
    runs.map((run) => run.cpuSeconds),
    (value) => `${value.toFixed(2)} s`,
  )} (user + system, all threads)`,
  `per cancellations    median ${spread(
    runs.map((run) => run.perFile * 1000),
    (value) => `${value.toFixed(0)} ms`,
  )} (each run's median file)`,
  `phases, all files    ${phaseMedians.join(', ')} (median of runs; classifying covers the writes and the derived tables too)`,
  `outside phases       ${median(runs.map((run) => run.wall - [...run.phases.values()].reduce((sum, ms) => sum + ms, 0) / 1000)).toFixed(2)} s (sniffing, reading and deciding the columns: a small file's reading emits no progress)`,
];
if (values.statements) {
  const slowest = [...statementTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  const total = [...statementTimes.values()].reduce((sum, { ms }) => sum + ms, 0);
  lines.push(
    `statements (last run, ${(total / 1000).toFixed(2)} s in all; slowest first, total ms / count):`,
  );
  for (const [key, { ms, count }] of slowest)
    lines.push(`  ${ms.toFixed(0).padStart(7)} ${String(count).padStart(5)}  ${key}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
