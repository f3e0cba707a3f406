/** The shape of bench/results.json and its rendering as the Markdown tables `pnpm bench` prints. */
import type { Spread } from './run-statistics.ts';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  duckdb: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews wall-clock figures. */
  loadAverage: { start: number; end: number };
}

export interface EndpointLatency {
  endpoint: string;
  path: string;
  statements: number;
  http: { p50: Spread; p95: Spread; p99: Spread };
  sql: { p50: Spread; p95: Spread; p99: Spread };
  /** HTTP p50 divided by direct-SQL p50, per run. */
  ratioP50: Spread;
}

export interface BenchResults {
  command: string;
  startedAt: string;
  totalSeconds: number;
  machine: MachineInfo;
  settings: {
    cancellations: number;
    apiCancellations: number;
    runs: number;
    requestsPerEndpoint: number;
    /** Time budget per endpoint and run; slower endpoints get fewer (at least 3) requests. */
    endpointSeconds: number;
    loadConnections: number;
    loadSeconds: number;
  };
  generate: { cancellations: number; seconds: Spread };
  ingest: {
    rows: number;
    loaded: number;
    rejected: number;
    newVerbatims: number;
    seconds: Spread;
    /** CPU time of the ingest process (all its threads) for the file. */
    cpuSeconds: Spread;
    rowsPerSecond: Spread;
    readCsvSeconds: Spread;
    /** Ingest seconds divided by DuckDB read_csv seconds of the same file, per run. */
    ratioToReadCsv: Spread;
    peakRssMiB: Spread;
  };
  classify: {
    verbatims: number;
    distinct: number;
    perCoreDedup: Spread;
    perCoreEveryText: Spread;
    wallDedup: Spread;
    wallEveryText: Spread;
  };
  api: {
    cancellations: number;
    /** Generating and ingesting the API database (once, not repeated), or null when it was reused. */
    buildSeconds: number | null;
    window: { from: string; to: string };
    endpoints: EndpointLatency[];
    /** Once as a dashboard asks (repeats answered from the response cache), once computing every answer. */
    summaryLoad: SummaryLoad[];
  };
  report: { cancellations: number; format: 'pdf'; bytes: number; seconds: Spread };
}

export interface SummaryLoad {
  /** true: every request sent `Cache-Control: no-cache`, so DuckDB computed every answer. */
  uncached: boolean;
  path: string;
  connections: number;
  durationSeconds: number;
  requestsPerSecond: Spread;
  requests: number;
  errors: number;
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');

function decimal(value: number): string {
  if (value >= 100) return integer(value);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** "12.3 (11.9–13.0)": the median with the fastest and slowest run. */
export function formatSpread(spread: Spread, format: (value: number) => string = decimal): string {
  if (spread.runs.length === 1) return format(spread.median);
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;
}

export function renderTables(results: BenchResults): string {
  const rows = (cells: string[][]) => cells.map((row) => `| ${row.join(' | ')} |`).join('\n');
  const { generate, ingest, classify, api, report } = results;
  const n = integer(results.settings.cancellations);
  const main = rows([
    ['Figure', 'Median (min–max)', 'Unit'],
    ['---', '---:', '---'],
    [`Generate ${n} cancellations (4 CSV files)`, formatSpread(generate.seconds), 's'],
    [`Ingest + classify ${n} cancellations`, formatSpread(ingest.seconds), 's'],
    ['… throughput', formatSpread(ingest.rowsPerSecond, integer), 'rows/s'],
    ['… CPU time of the ingest process (all threads)', formatSpread(ingest.cpuSeconds), 's'],
    ['… DuckDB bare read_csv of the same file', formatSpread(ingest.readCsvSeconds), 's'],
    ['… ingest ÷ read_csv', formatSpread(ingest.ratioToReadCsv), '×'],
    ['… peak RSS of the ingest process', formatSpread(ingest.peakRssMiB, integer), 'MiB'],
    [
      `Classify ${integer(classify.verbatims)} verbatims, dedup by hash, per core`,
      formatSpread(classify.perCoreDedup, integer),
      'verbatims/s',
    ],
    [
      '… every text classified (no dedup), per core',
      formatSpread(classify.perCoreEveryText, integer),
      'verbatims/s',
    ],
    [`Report (PDF) on the ${n}-cancellation database`, formatSpread(report.seconds), 's'],
    ...api.summaryLoad.map((load) => [
      `${load.path.split('?')[0]} with ${load.connections} clients, ${load.durationSeconds} s (${integer(api.cancellations)} cancellations), ${load.uncached ? 'every answer computed (no-cache)' : 'repeats from the response cache'}`,
      formatSpread(load.requestsPerSecond, decimal),
      `req/s (${load.errors} errors in ${integer(load.requests)} requests)`,
    ]),
  ]);
  const latency = rows([
    ['Endpoint', 'HTTP p50', 'HTTP p95', 'HTTP p99', 'SQL p50', 'SQL p95', 'SQL p99', 'HTTP ÷ SQL (p50)'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
    ...api.endpoints.map((endpoint) => [
      endpoint.endpoint,
      formatSpread(endpoint.http.p50),
      formatSpread(endpoint.http.p95),
      formatSpread(endpoint.http.p99),
      formatSpread(endpoint.sql.p50),
      formatSpread(endpoint.sql.p95),
      formatSpread(endpoint.sql.p99),
      formatSpread(endpoint.ratioP50),
    ]),
  ]);
  return `${main}\n\nAPI latency in ms on ${integer(api.cancellations)} cancellations (window ${api.window.from} … ${api.window.to}, one client, up to ${results.settings.requestsPerEndpoint} requests per endpoint and run, fewer (at least 3) once an endpoint has used ${results.settings.endpointSeconds} s; every request computed, bypassing the response cache):\n\n${latency}\n`;
}
