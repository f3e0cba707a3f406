/** An app over a fresh fixture database, for tests that call app.request() without a server. */
import { type CreateAppOptions, createApp } from '../app.ts';
import type { ApiDatabaseOptions } from '../db.ts';
import type { RequestLogLine } from '../http/request-log.ts';
import {
  CHURN_FIXTURE,
  type ChurnFixture,
  createFixtureDatabase,
  type FixtureDatabase,
} from './churn-fixture.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of every endpoint's shape
export type JsonBody = any;

/** The parsed JSON body of a response, typed loosely for assertions. */
export async function readJson(response: Response): Promise<JsonBody> {
  return response.json();
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  fixture: FixtureDatabase;
  /** Request log lines the app wrote (instead of stderr). */
  logLines: RequestLogLine[];
  /** GET with an optional bearer token; returns status and parsed JSON body. */
  getJson(path: string, token?: string): Promise<{ status: number; body: JsonBody }>;
}

export async function createTestApp(
  options: Omit<CreateAppOptions, 'db' | 'log'> & {
    fixture?: ChurnFixture;
    database?: ApiDatabaseOptions;
  } = {},
): Promise<TestApp> {
  const fixture = await createFixtureDatabase(options.fixture ?? CHURN_FIXTURE, options.database);
  const logLines: RequestLogLine[] = [];
  const app = createApp({ ...options, db: fixture.db, log: (line) => logLines.push(line) });
  return {
    app,
    fixture,
    logLines,
    async getJson(path, token) {
      const response = await app.request(
        path,
        token ? { headers: { Authorization: `Bearer ${token}` } } : {},
      );
      return { status: response.status, body: await readJson(response) };
    },
  };
}
