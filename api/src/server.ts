/**
 * Runs the app on @hono/node-server: opens the database (this process becomes its single writer), checks
 * the settings that would otherwise fail on the first request, and listens. `churnlens serve` and the
 * server tests both start it through here.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { openDatabase, upgradeNotice } from '@churnlens/models/database/open-database';
import { serve } from '@hono/node-server';
import { createApp, DEFAULT_MAX_UPLOAD_BYTES } from './app.ts';
import { type ApiDatabase, createApiDatabase } from './db.ts';
import type { ApiToken } from './http/auth.ts';
import { hasDashboardBuild } from './http/dashboard-static.ts';
import type { RequestLogger } from './http/request-log.ts';
import { warmUpBuffers } from './queries/buffer-warm-up.ts';
import { hasFxRate } from './queries/fx-rates.ts';
import { requestTimeoutMs } from './upload/upload-limit.ts';

export interface ServerOptions {
  dbPath: string;
  host: string;
  port: number;
  tokens: readonly ApiToken[];
  dashboardDir?: string;
  corsOrigin?: string[];
  reportingCurrency: string;
  queryTimeoutMs: number;
  /** Keep aggregate answers in memory while the data is unchanged (default true). */
  responseCache?: boolean;
  /** The most one upload may hold (default DEFAULT_MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  log?: RequestLogger;
  /** Startup notices (where the dashboard is, open-API warning); default stderr. */
  notice?: (message: string) => void;
  /** Told once when DuckDB has invalidated the database (ApiDatabaseOptions.onInvalidated). */
  onDatabaseInvalidated?: (error: unknown) => void;
}

export interface RunningServer {
  url: string;
  db: ApiDatabase;
  /** How long a request may take to arrive whole, as Node's server holds it (requestTimeoutMs). */
  requestTimeoutMs: number;
  close(): Promise<void>;
}

/** Raised for settings the server refuses to start with; the message says what to change. */
export class ServerConfigError extends Error {
  override name = 'ServerConfigError';
}

/** Raised when the server cannot listen on its address; the message says what to change. */
export class ListenError extends Error {
  override name = 'ListenError';
}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE')
    return `${where} is already in use (another churnlens serve?): stop that process, or choose another port with --port`;
  if (error.code === 'EACCES')
    return `not allowed to listen on ${where}: choose a port above 1023 with --port`;
  if (error.code === 'EADDRNOTAVAIL')
    return `cannot listen on ${where}: this machine has no address ${host} (see --host)`;
  return `cannot listen on ${where}: ${error.message}`;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const notice = options.notice ?? ((message: string) => process.stderr.write(`${message}\n`));
  if (options.tokens.length === 0 && !isLoopback(options.host)) {
    throw new ServerConfigError(
      `refusing to serve an open API on ${options.host}: set CHURNLENS_TOKENS or --tokens-file, or bind to 127.0.0.1`,
    );
  }
  // A --db with a typo would otherwise serve an empty database without a word.
  const isNew = options.dbPath !== ':memory:' && !existsSync(options.dbPath);
  const database = await openDatabase(options.dbPath, undefined, {
    onUpgrade: (migration) => notice(upgradeNotice(options.dbPath, migration)),
  });
  if (isNew)
    notice(
      `database: ${options.dbPath} did not exist, so an empty one was created there (check --db or CHURNLENS_DB if you meant another)`,
    );
  const db = createApiDatabase(database, {
    queryTimeoutMs: options.queryTimeoutMs,
    onInvalidated: options.onDatabaseInvalidated,
  });
  try {
    if (!(await hasFxRate(db, options.reportingCurrency)))
      throw new ServerConfigError(`--currency ${options.reportingCurrency} has no row in the fx_rates table`);
  } catch (error) {
    await db.close();
    throw error;
  }
  if (options.tokens.length === 0) {
    notice(
      'warning: no tokens configured (CHURNLENS_TOKENS or --tokens-file); the API is open to anyone on this machine',
    );
  }
  const dashboardDir =
    options.dashboardDir && hasDashboardBuild(options.dashboardDir) ? options.dashboardDir : undefined;
  if (dashboardDir) notice(`dashboard: serving ${dashboardDir}`);
  if (options.dashboardDir && !dashboardDir) {
    notice(
      `dashboard: no build at ${options.dashboardDir} (run \`pnpm --filter @churnlens/dashboard build\`); serving the API only`,
    );
  }
  // Before listening: run side by side with a first visitor's requests, it slowed them down instead.
  await warmUpBuffers(db);
  const app = createApp({
    db,
    tokens: options.tokens,
    reportingCurrency: options.reportingCurrency,
    corsOrigin: options.corsOrigin,
    dashboardDir,
    log: options.log,
    responseCache: options.responseCache,
    maxUploadBytes: options.maxUploadBytes,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const requestTimeout = requestTimeoutMs(options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
    const started = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port, serverOptions: { requestTimeout } },
      () => resolve(started),
    );
    started.once('error', reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    throw new ListenError(listenProblem(error, options.host, options.port));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    db,
    requestTimeoutMs: (server as { requestTimeout?: number }).requestTimeout ?? 0,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
