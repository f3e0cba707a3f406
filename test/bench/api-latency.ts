/**
 * API latency benchmark (a script, not a test): builds or reuses a database of generated cancellations,
 * then measures for each aggregate endpoint
 *   - p50/p95/p99 of one client calling app.request() in process (routing, validation, SQL, JSON);
 *   - p50/p95/p99 of the same SQL statements run directly on a DuckDB connection, and the ratio of the two;
 * and finally /api/summary throughput with 50 concurrent HTTP clients (autocannon) on loopback.
 *
 *   node --import tsx test/bench/api-latency.ts --cancellations 100000
 *   node --import tsx test/bench/api-latency.ts --cancellations 10000000 --iterations 20 --duration 30
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '@churnlens/api';
import type { ApiDatabase, SqlParams } from '@churnlens/api/db';
import { openApiDatabase } from '@churnlens/api/db';
import { startServer } from '@churnlens/api/server';
import { ingestFiles } from '@churnlens/ingest';
import { generateSampleData } from '@churnlens/ingest/sample-data/index';
import { openDatabase } from '@churnlens/models';
import type { DuckDBConnection } from '@duckdb/node-api';
import autocannon from 'autocannon';

const HELP = `Usage: node --import tsx test/bench/api-latency.ts [options]

Options:
  --cancellations N   generated cancellations (default 100000; 10000000 for the full run)
  --db FILE           database to build or reuse (default test/artifacts/bench/api-latency-N.duckdb)
  --rebuild           regenerate and re-ingest even if the database exists
  --iterations N      timed requests per endpoint after one warm-up (default 30)
  --connections N     concurrent HTTP clients for the throughput run (default 50)
  --duration S        seconds of the throughput run (default 10)
  -h, --help          show this help`;

const ENDPOINTS = [
  '/api/summary',
  '/api/reasons',
  '/api/reasons?by=month',
  '/api/channels',
  '/api/cohorts',
  '/api/offers',
  '/api/offers?by=reason',
  '/api/themes',
];

interface Statement {
  sql: string;
  params?: SqlParams;
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      cancellations: { type: 'string' },
      db: { type: 'string' },
      rebuild: { type: 'boolean' },
      iterations: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const cancellations = positive(values.cancellations, 'cancellations', 100_000);
  return {
    help: values.help === true,
    cancellations,
    db: values.db
      ? resolve(values.db)
      : fileURLToPath(new URL(`../artifacts/bench/api-latency-${cancellations}.duckdb`, import.meta.url)),
    rebuild: values.rebuild === true,
    iterations: positive(values.iterations, 'iterations', 30),
    connections: positive(values.connections, 'connections', 50),
    duration: positive(values.duration, 'duration', 10),
  };
}

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);

async function buildDatabase(path: string, cancellations: number): Promise<void> {
  const sampleDir = join(dirname(path), `sample-${cancellations}`);
  rmSync(sampleDir, { recursive: true, force: true });
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  let started = performance.now();
  const sample = await generateSampleData({
    customers: cancellations,
    cancellations,
    outDir: sampleDir,
    seed: 42,
    format: 'csv',
  });
  console.log(`generated ${JSON.stringify(sample.counts)} in ${seconds(started)} s`);
  started = performance.now();
  const database = await openDatabase(path);
  try {
    const report = await ingestFiles(database, Object.values(sample.files));
    console.log(`ingested ${JSON.stringify(report.totals)} in ${seconds(started)} s`);
  } finally {
    database.close();
    rmSync(sampleDir, { recursive: true, force: true });
  }
}

/** Wraps the database so every statement an endpoint runs is recorded for the direct replay. */
function recordingDatabase(db: ApiDatabase, sink: Statement[]): ApiDatabase {
  const recordingConnection = (connection: DuckDBConnection): DuckDBConnection =>
    new Proxy(connection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'run' || property === 'runAndReadAll' || property === 'stream') {
          return (sql: string, params?: SqlParams) => {
            sink.push({ sql, params });
            return value.call(target, sql, params);
          };
        }
        return value.bind(target);
      },
    });
  return {
    path: db.path,
    instance: db.instance,
    query: (sql, params) => {
      sink.push({ sql, params });
      return db.query(sql, params);
    },
    read: (work) => db.read((connection) => work(recordingConnection(connection))),
    write: (work) => db.write(work),
    close: () => db.close(),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

async function timeApi(
  app: ReturnType<typeof createApp>,
  path: string,
  iterations: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    const response = await app.request(path);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  }
  return samples;
}

async function timeStatements(connection: DuckDBConnection, statements: Statement[], iterations: number) {
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    for (const statement of statements) {
      const reader = await connection.runAndReadAll(statement.sql, statement.params);
      reader.getRowObjectsJson();
    }
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * A fixed CPU-bound DuckDB query and the load average, printed with the figures: on a shared or busy machine
 * every latency scales with them, so results from different runs can be compared.
 */
async function machineCalibration(db: ApiDatabase) {
  const started = performance.now();
  await db.query(`SELECT sum(range) AS total FROM range(100000000)`);
  const referenceMs = performance.now() - started;
  const [oneMinute] = loadavg();
  console.log(
    `calibration: sum over range(1e8) took ${referenceMs.toFixed(0)} ms; load average ${oneMinute?.toFixed(1)}`,
  );
  return { referenceQueryMs: referenceMs, loadAverage: oneMinute };
}

async function measureLatency(path: string, iterations: number) {
  const db = await openApiDatabase(path, { queryTimeoutMs: 600_000 });
  const calibration = await machineCalibration(db);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM cancellations`);
  console.log(
    `\n${count?.n} cancellations in ${path}; ${iterations} timed runs per endpoint after one warm-up\n`,
  );
  const app = createApp({ db, log: () => {} });
  const direct = await db.instance.connect();
  const results = [];
  const header = `${'endpoint'.padEnd(24)} ${'API p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}   ${'SQL p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)}   ${'API/SQL'.padStart(7)}  statements`;
  console.log(header);
  try {
    for (const endpoint of ENDPOINTS) {
      const statements: Statement[] = [];
      const recorder = createApp({ db: recordingDatabase(db, statements), log: () => {} });
      const warmUp = await recorder.request(endpoint);
      if (warmUp.status !== 200)
        throw new Error(`${endpoint} answered ${warmUp.status}: ${await warmUp.text()}`);
      const api = summarize(await timeApi(app, endpoint, iterations));
      const sql = summarize(await timeStatements(direct, statements, iterations));
      const ratio = api.p50 / sql.p50;
      results.push({ endpoint, api, sql, ratio, statements: statements.length });
      const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
      console.log(
        `${endpoint.padEnd(24)} ${ms(api.p50)} ${ms(api.p95)} ${ms(api.p99)}   ${ms(sql.p50)} ${ms(sql.p95)} ${ms(sql.p99)}   ${ratio.toFixed(2).padStart(7)}  ${statements.length}`,
      );
    }
  } finally {
    direct.closeSync();
    await db.close();
  }
  return { calibration, endpoints: results };
}

async function measureThroughput(path: string, connections: number, duration: number) {
  const server = await startServer({
    dbPath: path,
    host: '127.0.0.1',
    port: 0,
    tokens: [],
    reportingCurrency: 'USD',
    queryTimeoutMs: 60_000,
    log: () => {},
    notice: () => {},
  });
  try {
    const url = `${server.url}/api/summary`;
    const result = await autocannon({ url, connections, duration });
    const summary = {
      url,
      connections,
      durationSeconds: duration,
      requestsPerSecond: result.requests.average,
      requests: result.requests.total,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
    };
    console.log(
      `\n/api/summary over HTTP, ${connections} concurrent clients for ${duration} s: ` +
        `${summary.requestsPerSecond.toFixed(1)} req/s (${summary.requests} requests), ` +
        `latency p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, ` +
        `errors ${summary.errors}, timeouts ${summary.timeouts}, non-2xx ${summary.non2xx}`,
    );
    return summary;
  } finally {
    await server.close();
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  if (options.rebuild || !existsSync(options.db)) await buildDatabase(options.db, options.cancellations);
  else console.log(`reusing ${options.db} (--rebuild to regenerate)`);
  const latency = await measureLatency(options.db, options.iterations);
  const throughput = await measureThroughput(options.db, options.connections, options.duration);
  const out = options.db.replace(/\.duckdb$/, '.json');
  writeFileSync(
    out,
    `${JSON.stringify({ cancellations: options.cancellations, latency, throughput }, null, 2)}\n`,
  );
  console.log(`\nfigures written to ${out}`);
  console.log(
    "API/SQL compares medians; the direct replay runs an endpoint's statements one after another on one connection, while /api/offers runs its queries in parallel.",
  );
  return 0;
}

process.exitCode = await main();
