/**
 * API latency and throughput on a churnlens database: each aggregate endpoint answered over HTTP by a real
 * `churnlens serve` process (one client, sequential requests), against the very same SQL statements run
 * straight on DuckDB in this process; and /api/summary under 50 concurrent autocannon clients on loopback.
 *
 * The direct figures replay the statements the endpoint's query function issues (recorded once through a
 * recording ApiDatabase), in order, on one plain connection to a copy of the database (the server owns the
 * file): what the endpoint would cost without HTTP, validation, pooling and JSON.
 */
import type { ApiDatabase, SqlParams } from '@churnlens/api/db';
import { queryChannels } from '@churnlens/api/queries/channels';
import { queryCohorts } from '@churnlens/api/queries/cohorts';
import { queryThemes } from '@churnlens/api/queries/emerging-themes';
import { queryOffers } from '@churnlens/api/queries/offer-effectiveness';
import { queryReasons } from '@churnlens/api/queries/reasons';
import { querySummary } from '@churnlens/api/queries/summary';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { DuckDBConnection } from '@duckdb/node-api';
import autocannon from 'autocannon';
import { percentile } from './run-statistics.ts';

const CURRENCY = 'USD';
const WARM_UP_REQUESTS = 1;

export interface DataWindow {
  from: string;
  to: string;
}

interface AggregateEndpoint {
  name: string;
  /** Path and query string, as the dashboard would send it. */
  path(window: DataWindow): string;
  /** The endpoint's query function with the same parameters the route would pass. */
  query(db: ApiDatabase, filters: InsightFilters): Promise<unknown>;
}

const windowQuery = (window: DataWindow) => `from=${window.from}&to=${window.to}`;

export const AGGREGATE_ENDPOINTS: readonly AggregateEndpoint[] = [
  {
    name: '/api/summary',
    path: (window) => `/api/summary?${windowQuery(window)}`,
    query: (db, filters) => querySummary(db, filters, CURRENCY),
  },
  {
    name: '/api/reasons',
    path: (window) => `/api/reasons?${windowQuery(window)}`,
    query: (db, filters) => queryReasons(db, filters, CURRENCY, undefined),
  },
  {
    name: '/api/channels',
    path: (window) => `/api/channels?${windowQuery(window)}`,
    query: (db, filters) => queryChannels(db, filters),
  },
  {
    name: '/api/cohorts',
    path: (window) => `/api/cohorts?${windowQuery(window)}`,
    query: (db, filters) => queryCohorts(db, filters),
  },
  {
    name: '/api/offers',
    path: (window) => `/api/offers?${windowQuery(window)}`,
    query: (db, filters) =>
      queryOffers(db, filters, { byReason: false, rankBy: 'acceptance', currency: CURRENCY }),
  },
  {
    name: '/api/themes',
    path: (window) => `/api/themes?${windowQuery(window)}`,
    query: (db, filters) => queryThemes(db, filters, { limit: 10 }),
  },
];

export interface Statement {
  sql: string;
  params: SqlParams;
}

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

export function latencyPercentiles(milliseconds: readonly number[]): LatencyPercentiles {
  return {
    p50: percentile(milliseconds, 50),
    p95: percentile(milliseconds, 95),
    p99: percentile(milliseconds, 99),
  };
}

/** The first and last day with a cancellation request: the window every endpoint is asked about. */
export async function readDataWindow(db: ApiDatabase): Promise<DataWindow> {
  const [row] = await db.query<{ from: string | null; to: string | null }>(
    `SELECT min(requested_at)::DATE::VARCHAR AS "from", max(requested_at)::DATE::VARCHAR AS "to" FROM cancellations`,
  );
  if (!row?.from || !row.to) throw new Error(`${db.path} holds no cancellations`);
  return { from: row.from, to: row.to };
}

function recordingConnection(connection: DuckDBConnection, statements: Statement[]): DuckDBConnection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'run' && property !== 'runAndReadAll')
        return typeof value === 'function' ? value.bind(target) : value;
      return (sql: string, params: SqlParams = {}) => {
        statements.push({ sql, params });
        return (value as (sql: string, params: SqlParams) => Promise<unknown>).call(target, sql, params);
      };
    },
  });
}

/** The SQL statements `endpoint` runs for `filters`, in the order it runs them. */
export async function recordStatements(
  db: ApiDatabase,
  endpoint: AggregateEndpoint,
  filters: InsightFilters,
): Promise<Statement[]> {
  const statements: Statement[] = [];
  const recording: ApiDatabase = {
    path: db.path,
    instance: db.instance,
    read: (work) => db.read((connection) => work(recordingConnection(connection, statements))),
    query: (sql, params = {}) => {
      statements.push({ sql, params });
      return db.query(sql, params);
    },
    write: (work) => db.write(work),
    generation: db.generation,
    close: () => db.close(),
  };
  await endpoint.query(recording, filters);
  return statements;
}

/** Fewer samples than this make no p95; a time budget never cuts a series shorter. */
const MIN_SAMPLES = 3;

/**
 * Milliseconds of each of up to `count` sequential runs of `work`, after the warm-up. Stops early, once at
 * least MIN_SAMPLES are taken, when the runs have used `budgetMs`: whole-window themes on 10M rows take
 * tens of seconds each.
 */
async function timeRepeatedly(work: () => Promise<void>, count: number, budgetMs: number): Promise<number[]> {
  for (let warmUp = 0; warmUp < WARM_UP_REQUESTS; warmUp++) await work();
  const latencies: number[] = [];
  const startedAt = performance.now();
  while (latencies.length < count) {
    if (latencies.length >= MIN_SAMPLES && performance.now() - startedAt > budgetMs) break;
    const runStartedAt = performance.now();
    await work();
    latencies.push(performance.now() - runStartedAt);
  }
  return latencies;
}

/** Milliseconds of each replay of `statements` on one plain connection (see timeRepeatedly). */
export async function timeDirectSql(
  db: ApiDatabase,
  statements: readonly Statement[],
  count: number,
  budgetMs: number,
): Promise<number[]> {
  const connection = await db.instance.connect();
  try {
    const replay = async () => {
      for (const { sql, params } of statements) await connection.runAndReadAll(sql, params);
    };
    return await timeRepeatedly(replay, count, budgetMs);
  } finally {
    connection.closeSync();
  }
}

/** Asks the server to compute the answer rather than reuse a cached one (api/src/http/response-cache.ts). */
const UNCACHED = { 'cache-control': 'no-cache' };

/**
 * Milliseconds of each sequential GET of `url` (body read in full; see timeRepeatedly). Every request
 * bypasses the response cache: the figure is the cost of computing the answer.
 */
export async function timeHttpRequests(url: string, count: number, budgetMs: number): Promise<number[]> {
  const get = async () => {
    const response = await fetch(url, { headers: UNCACHED });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${Buffer.from(body).toString()}`);
  };
  return timeRepeatedly(get, count, budgetMs);
}

export interface LoadRun {
  requestsPerSecond: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
}

/**
 * Resolves once the server has answered what it was sent before: requests still queued when a load run
 * stopped are served first (the reader pool is first come, first served), so they cannot slow the next run.
 */
export async function untilAnswered(url: string): Promise<void> {
  const response = await fetch(`${url}/api/health`);
  await response.arrayBuffer();
}

/**
 * `connections` concurrent keep-alive clients GETting `url` for `durationSeconds` (autocannon); with
 * `uncached`, every request asks for a freshly computed answer.
 */
export async function loadTest(
  url: string,
  connections: number,
  durationSeconds: number,
  { uncached = false } = {},
): Promise<LoadRun> {
  const headers = uncached ? UNCACHED : {};
  const result = await autocannon({ url, connections, duration: durationSeconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}
