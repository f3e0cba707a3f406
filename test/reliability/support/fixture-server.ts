/**
 * A real churnlens server for the reliability tests: startServer (the code behind `churnlens serve`) on a
 * loopback port the OS picks, over a database in a temp dir, with a viewer and an admin token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiDatabase } from '@churnlens/api/db';
import type { ApiToken } from '@churnlens/api/http/auth';
import { startServer } from '@churnlens/api/server';
import { writeFixtureDatabase } from '@churnlens/api/test-fixtures/churn-fixture';

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

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'churnlens-reliability-'));
  const dbPath = join(directory, 'churnlens.duckdb');
  try {
    await (options.prepare ?? ((path) => writeFixtureDatabase(path)))(dbPath, directory);
    const server = await startServer({
      dbPath,
      host: '127.0.0.1',
      port: 0,
      tokens: options.tokens ?? TOKENS,
      dashboardDir: options.dashboardDir,
      reportingCurrency: 'USD',
      queryTimeoutMs: 30_000,
      log: () => {},
      notice: () => {},
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

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * An HTTP request sent as written: the path is not normalized (fetch would resolve `..`), and a declared
 * Content-Length may differ from the bytes actually sent.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
          outgoing.destroy();
        });
      },
    );
    outgoing.on('error', reject);
    if (options.body) outgoing.write(options.body);
    // A declared length larger than the body leaves the request open: the server must answer it anyway.
    const declared = options.headers?.['Content-Length'];
    if (declared === undefined || Number(declared) === (options.body?.length ?? 0)) outgoing.end();
  });
}
