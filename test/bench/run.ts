/**
 * `pnpm bench`: churnlens's benchmarks, end to end on generated data. Prints Markdown tables and writes
 * bench/results.json. Every figure is the median of --runs runs, with the fastest and slowest.
 *
 *   pnpm bench                 1M cancellations; API figures on a 10M-cancellation database (long)
 *   pnpm bench --quick         100k cancellations everywhere, shorter load test
 *   pnpm bench --cancellations 500000 --api-cancellations 2000000 --runs 5
 *
 * Steps: generate the data (timed), ingest + classify the cancellations file in a child process per run
 * (seconds, rows/s, peak RSS, against DuckDB's bare read_csv of the same file), the classifier alone on the
 * generated verbatims (with and without dedup), the PDF report, then the API: each aggregate endpoint over
 * HTTP against its own SQL on DuckDB, and /api/summary under concurrent load. Not part of `pnpm test`.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openApiDatabase } from '@churnlens/api/db';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPO_ROOT, startChurnlensServer } from '../e2e/support/churnlens-server.ts';
import {
  AGGREGATE_ENDPOINTS,
  type DataWindow,
  type LatencyPercentiles,
  latencyPercentiles,
  loadTest,
  readDataWindow,
  recordStatements,
  timeDirectSql,
  timeHttpRequests,
  untilAnswered,
} from './api-measurement.ts';
import { type BenchData, generateBenchData } from './bench-data.ts';
import {
  type BenchResults,
  type EndpointLatency,
  type MachineInfo,
  renderTables,
  type SummaryLoad,
} from './bench-results.ts';
import { classifyDeduplicated, classifyEveryText, readGeneratedVerbatims } from './classify-measurement.ts';
import { ingestInChildProcess, timeBareReadCsv } from './ingest-measurement.ts';
import { timePdfReport } from './report-measurement.ts';
import { repeat, seconds, spreadOf } from './run-statistics.ts';
import { buildScaledDatabase } from './scaled-database.ts';

const LOAD_CONNECTIONS = 50;
/** Generous: the benchmark wants the time a whole-window aggregate takes, not the server's 503. */
const QUERY_TIMEOUT_SECONDS = 600;
const SERVER_START_TIMEOUT_MS = 120_000;

const HELP = `Usage: pnpm bench [--quick] [--cancellations N] [--api-cancellations N] [--runs N]
                  [--requests N] [--load-seconds S] [--endpoint-seconds S] [--work-dir DIR] [--out FILE]

  --quick                 100k cancellations for every step, 2 runs per figure, 3 requests per endpoint,
                          1 s load runs: under a minute
  --cancellations N       rows generated, ingested and classified (default 1,000,000)
  --api-cancellations N   size of the API database (default 10,000,000; a multiple of --cancellations: the
                          ingested database replicated, built once per work dir and reused)
  --runs N                runs per figure (default 3; --quick 2)
  --requests N            sequential requests per endpoint and run (default 50)
  --load-seconds S        duration of each /api/summary load run (default 10)
  --endpoint-seconds S    stop timing an endpoint after S seconds per run, once 3 requests are in
                          (default 20; --quick 1)
  --work-dir DIR          where data and databases go (default $TMPDIR/churnlens-bench)
  --out FILE              results file (default bench/results.json)`;

interface Settings {
  cancellations: number;
  apiCancellations: number;
  runs: number;
  requests: number;
  loadSeconds: number;
  endpointSeconds: number;
  workDir: string;
  out: string;
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(parsed) || parsed <= 0)
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function readSettings(): Settings | undefined {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      cancellations: { type: 'string' },
      'api-cancellations': { type: 'string' },
      runs: { type: 'string' },
      requests: { type: 'string' },
      'load-seconds': { type: 'string' },
      'endpoint-seconds': { type: 'string' },
      'work-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  const cancellations = count(values.cancellations, quick ? 100_000 : 1_000_000, 'cancellations');
  return {
    cancellations,
    apiCancellations: count(
      values['api-cancellations'],
      quick ? cancellations : 10_000_000,
      'api-cancellations',
    ),
    runs: count(values.runs, quick ? 2 : 3, 'runs'),
    requests: count(values.requests, quick ? 3 : 50, 'requests'),
    loadSeconds: count(values['load-seconds'], quick ? 1 : 10, 'load-seconds'),
    endpointSeconds: count(values['endpoint-seconds'], quick ? 1 : 20, 'endpoint-seconds'),
    workDir: values['work-dir'] ?? join(tmpdir(), 'churnlens-bench'),
    out: values.out ?? join(REPO_ROOT, 'bench', 'results.json'),
  };
}

function checkScalable(settings: Settings): void {
  if (settings.apiCancellations % settings.cancellations !== 0)
    throw new Error(
      '--api-cancellations must be a multiple of --cancellations (the API database is replicated)',
    );
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const version = (await connection.runAndReadAll(`SELECT version() AS v`)).getRowObjectsJson()[0]?.v;
  connection.closeSync();
  instance.closeSync();
  return String(version);
}

async function describeMachine(loadAtStart: number): Promise<MachineInfo> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    duckdb: await duckdbVersion(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] as number },
  };
}

async function benchGenerate(settings: Settings) {
  const directory = join(settings.workDir, `data-${settings.cancellations}`);
  let data: BenchData | undefined;
  const runs = await repeat(settings.runs, async (run) => {
    data = await generateBenchData(directory, settings.cancellations);
    log(`generate run ${run + 1}: ${data.seconds.toFixed(1)} s`);
    return data.seconds;
  });
  return { data: data as BenchData, seconds: spreadOf(runs) };
}

/** Each run ingests into a new database; the last one also loads the other files, for the report step. */
async function benchIngest(settings: Settings, data: BenchData) {
  const reportDb = join(settings.workDir, `report-${settings.cancellations}.duckdb`);
  const runs = await repeat(settings.runs, async (run) => {
    const last = run === settings.runs - 1;
    const dbPath = last ? reportDb : join(settings.workDir, `ingest-run-${run}.duckdb`);
    await rm(dbPath, { force: true });
    await rm(`${dbPath}.wal`, { force: true });
    const readCsvSeconds = await timeBareReadCsv(data.files.cancellations);
    const also = last ? [data.files.customers, data.files.offers, data.files.survey_responses] : [];
    const result = await ingestInChildProcess(dbPath, data.files.cancellations, also);
    if (!last) await rm(dbPath, { force: true });
    log(
      `ingest run ${run + 1}: ${result.seconds.toFixed(1)} s, read_csv ${readCsvSeconds.toFixed(2)} s, peak RSS ${Math.round(result.peakRssBytes / 2 ** 20)} MiB`,
    );
    return { ...result, readCsvSeconds };
  });
  const first = runs[0] as (typeof runs)[number];
  return {
    reportDb,
    figures: {
      rows: first.read,
      loaded: first.loaded,
      rejected: first.rejected,
      newVerbatims: first.newVerbatims,
      seconds: spreadOf(runs.map((run) => run.seconds)),
      cpuSeconds: spreadOf(runs.map((run) => run.cpuSeconds)),
      rowsPerSecond: spreadOf(runs.map((run) => run.read / run.seconds)),
      readCsvSeconds: spreadOf(runs.map((run) => run.readCsvSeconds)),
      ratioToReadCsv: spreadOf(runs.map((run) => run.seconds / run.readCsvSeconds)),
      peakRssMiB: spreadOf(runs.map((run) => run.peakRssBytes / 2 ** 20)),
    },
  };
}

async function benchClassify(settings: Settings, data: BenchData): Promise<BenchResults['classify']> {
  const texts = await readGeneratedVerbatims(data.files, settings.cancellations);
  // Untimed: lets the JIT compile the classifier before the first measured run.
  classifyEveryText(texts.slice(0, 20_000));
  let distinct = 0;
  const runs = await repeat(settings.runs, async (run) => {
    const everyText = classifyEveryText(texts);
    const dedup = classifyDeduplicated(texts);
    distinct = dedup.distinct;
    log(
      `classify run ${run + 1}: ${Math.round(dedup.perCore)} / ${Math.round(everyText.perCore)} verbatims/s per core`,
    );
    return { everyText, dedup };
  });
  return {
    verbatims: texts.length,
    distinct,
    perCoreDedup: spreadOf(runs.map((run) => run.dedup.perCore)),
    perCoreEveryText: spreadOf(runs.map((run) => run.everyText.perCore)),
    wallDedup: spreadOf(runs.map((run) => run.dedup.wall)),
    wallEveryText: spreadOf(runs.map((run) => run.everyText.wall)),
  };
}

async function benchReport(settings: Settings, reportDb: string): Promise<BenchResults['report']> {
  const db = await openApiDatabase(reportDb, { queryTimeoutMs: 600_000 });
  try {
    let bytes = 0;
    const runs = await repeat(settings.runs, async (run) => {
      const result = await timePdfReport(db);
      bytes = result.bytes;
      log(`report run ${run + 1}: ${result.seconds.toFixed(2)} s`);
      return result.seconds;
    });
    return { cancellations: settings.cancellations, format: 'pdf', bytes, seconds: spreadOf(runs) };
  } finally {
    await db.close();
  }
}

/**
 * The API database: the report database when the sizes match, else that database replicated to the wanted
 * size once per work dir (see scaled-database.ts for why it is not ingested).
 */
async function apiDatabase(
  settings: Settings,
  reportDb: string,
): Promise<{ path: string; buildSeconds: number | null }> {
  if (settings.apiCancellations === settings.cancellations) return { path: reportDb, buildSeconds: null };
  const path = join(settings.workDir, `api-${settings.apiCancellations}.duckdb`);
  const done = `${path}.done`;
  if (existsSync(path) && existsSync(done)) {
    log(`reusing the API database ${path}`);
    return { path, buildSeconds: null };
  }
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
  const startedAt = performance.now();
  const copies = settings.apiCancellations / settings.cancellations;
  log(
    `building the ${settings.apiCancellations.toLocaleString('en-US')}-cancellation API database (${copies} copies)`,
  );
  await buildScaledDatabase(reportDb, path, copies);
  await writeFile(done, new Date().toISOString());
  return { path, buildSeconds: seconds(startedAt) };
}

function endpointLatency(
  endpoint: (typeof AGGREGATE_ENDPOINTS)[number],
  window: DataWindow,
  statements: number,
  runs: { http: number[]; sql: number[] }[],
): EndpointLatency {
  const http = runs.map((run) => latencyPercentiles(run.http));
  const sql = runs.map((run) => latencyPercentiles(run.sql));
  const spreads = (percentiles: LatencyPercentiles[]) => ({
    p50: spreadOf(percentiles.map((run) => run.p50)),
    p95: spreadOf(percentiles.map((run) => run.p95)),
    p99: spreadOf(percentiles.map((run) => run.p99)),
  });
  return {
    endpoint: endpoint.name,
    path: endpoint.path(window),
    statements,
    http: spreads(http),
    sql: spreads(sql),
    ratioP50: spreadOf(http.map((run, index) => run.p50 / (sql[index] as LatencyPercentiles).p50)),
  };
}

/**
 * The server owns its database file, so the direct SQL runs on a copy of it in this process. Each run times
 * an endpoint over HTTP and then its SQL directly, so both see the same load from the rest of the machine.
 */
async function benchApi(settings: Settings, reportDb: string): Promise<BenchResults['api']> {
  const { path, buildSeconds } = await apiDatabase(settings, reportDb);
  const copy = join(settings.workDir, 'api-direct-copy.duckdb');
  await copyFile(path, copy);
  const db = await openApiDatabase(copy, { queryTimeoutMs: 600_000 });
  const server = await startChurnlensServer({
    dbPath: path,
    serveArgs: ['--query-timeout', String(QUERY_TIMEOUT_SECONDS)],
    startTimeoutMs: SERVER_START_TIMEOUT_MS,
  }).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  try {
    const window = await readDataWindow(db);
    const endpoints: EndpointLatency[] = [];
    for (const endpoint of AGGREGATE_ENDPOINTS) {
      const statements = await recordStatements(db, endpoint, window);
      const url = `${server.url}${endpoint.path(window)}`;
      const budgetMs = settings.endpointSeconds * 1000;
      const runs = await repeat(settings.runs, async () => ({
        http: await timeHttpRequests(url, settings.requests, budgetMs),
        sql: await timeDirectSql(db, statements, settings.requests, budgetMs),
      }));
      const figures = endpointLatency(endpoint, window, statements.length, runs);
      endpoints.push(figures);
      log(
        `${endpoint.name}: p50 HTTP ${figures.http.p50.median.toFixed(1)} ms, SQL ${figures.sql.p50.median.toFixed(1)} ms (${statements.length} statements)`,
      );
    }
    const summaryPath = AGGREGATE_ENDPOINTS[0]?.path(window) as string;
    const summaryLoad: SummaryLoad[] = [];
    for (const uncached of [false, true]) {
      const loadRuns = await repeat(settings.runs, async (run) => {
        const result = await loadTest(`${server.url}${summaryPath}`, LOAD_CONNECTIONS, settings.loadSeconds, {
          uncached,
        });
        await untilAnswered(server.url);
        log(
          `load run ${run + 1}${uncached ? ' (no-cache)' : ''}: ${result.requestsPerSecond.toFixed(1)} req/s, ${result.errors} errors`,
        );
        return result;
      });
      summaryLoad.push({
        uncached,
        path: summaryPath,
        connections: LOAD_CONNECTIONS,
        durationSeconds: settings.loadSeconds,
        requestsPerSecond: spreadOf(loadRuns.map((run) => run.requestsPerSecond)),
        requests: loadRuns.reduce((sum, run) => sum + run.requests, 0),
        errors: loadRuns.reduce((sum, run) => sum + run.errors, 0),
      });
    }
    return { cancellations: settings.apiCancellations, buildSeconds, window, endpoints, summaryLoad };
  } finally {
    await server.stop();
    await db.close();
    await rm(copy, { force: true });
  }
}

async function main(): Promise<void> {
  const settings = readSettings();
  if (!settings) {
    console.log(HELP);
    return;
  }
  checkScalable(settings);
  const loadAtStart = loadavg()[0] as number;
  const startedAt = performance.now();
  const startedAtIso = new Date().toISOString();
  await mkdir(settings.workDir, { recursive: true });
  log(`work dir ${settings.workDir}`);

  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const stepStartedAt = performance.now();
    const result = await work();
    log(`${name} step took ${seconds(stepStartedAt).toFixed(1)} s`);
    return result;
  };
  const generated = await step('generate', () => benchGenerate(settings));
  const ingest = await step('ingest', () => benchIngest(settings, generated.data));
  const classify = await step('classify', () => benchClassify(settings, generated.data));
  const report = await step('report', () => benchReport(settings, ingest.reportDb));
  const api = await step('api', () => benchApi(settings, ingest.reportDb));

  const results: BenchResults = {
    command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt: startedAtIso,
    totalSeconds: seconds(startedAt),
    machine: await describeMachine(loadAtStart),
    settings: {
      cancellations: settings.cancellations,
      apiCancellations: settings.apiCancellations,
      runs: settings.runs,
      requestsPerEndpoint: settings.requests,
      endpointSeconds: settings.endpointSeconds,
      loadConnections: LOAD_CONNECTIONS,
      loadSeconds: settings.loadSeconds,
    },
    generate: { cancellations: generated.data.counts.cancellations, seconds: generated.seconds },
    ingest: ingest.figures,
    classify,
    api,
    report,
  };
  await mkdir(join(settings.out, '..'), { recursive: true });
  await writeFile(settings.out, `${JSON.stringify(results, null, 2)}\n`);
  const { machine } = results;
  console.log(renderTables(results));
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, DuckDB ${machine.duckdb}; load average ${machine.loadAverage.start.toFixed(1)} → ${machine.loadAverage.end.toFixed(1)}; ${results.totalSeconds.toFixed(0)} s in total. Written to ${settings.out}.`,
  );
}

await main();
