/**
 * A real churnlens server in the test process for the integration and reliability tests: startServer (the
 * code behind `churnlens serve`) on a loopback port the OS picks, logging nothing. startTestServer serves a
 * database of its own in a temp dir, with a viewer and an admin token; serveDatabase serves one the test made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDatabase } from '@churnlens/api/db';
import type { ApiToken } from '@churnlens/api/http/auth';
import { type RunningServer, startServer } from '@churnlens/api/server';
import { writeFixtureDatabase } from '@churnlens/api/testing/churn-fixture';

export const VIEWER_TOKEN = 'reliability-viewer-token';
export const ADMIN_TOKEN = 'reliability-admin-token';
export const TOKENS: readonly ApiToken[] = [
  { role: 'viewer', token: VIEWER_TOKEN },
  { role: 'admin', token: ADMIN_TOKEN },
];

export interface TestServer {
  url: string;
  db: ApiDatabase;
  /** The temp dir holding the database (and anything else the test puts there). */
  directory: string;
  /** Stops the server, closes the database and deletes the temp dir. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Fills the database before the server opens it (default: the API's hand-checked churn fixture). */
  prepare?: (dbPath: string, directory: string) => Promise<void>;
  tokens?: readonly ApiToken[];
  dashboardDir?: string;
}

export interface ServeOptions {
  /** Default none: the server then answers every request on loopback. */
  tokens?: readonly ApiToken[];
  dashboardDir?: string;
}

/** Serves the database at `dbPath`; the caller closes the server, and the database file stays. */
export function serveDatabase(dbPath: string, options: ServeOptions = {}): Promise<RunningServer> {
  return startServer({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    tokens: options.tokens ?? [],
    dashboardDir: options.dashboardDir,
    reportingCurrency: 'USD',
    queryTimeoutMs: 30_000,
    log: () => {},
    notice: () => {},
  });
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'churnlens-test-server-'));
  const dbPath = join(directory, 'churnlens.duckdb');
  try {
    await (options.prepare ?? ((path) => writeFixtureDatabase(path)))(dbPath, directory);
    const server = await serveDatabase(dbPath, {
      tokens: options.tokens ?? TOKENS,
      dashboardDir: options.dashboardDir,
    });
    return {
      url: server.url,
      db: server.db,
      directory,
      async close() {
        await server.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
