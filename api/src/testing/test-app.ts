/** An app over a fresh fixture database, for tests that call app.request() without a server. */
import { afterAll, beforeAll } from 'vitest';
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

/** What a test app differs in: the app's options (tokens, currency, limits) and the fixture it serves. */
export type TestAppOptions = Omit<CreateAppOptions, 'db' | 'log'> & {
  /** The hand-checked fixture by default; a variant adds or replaces rows. */
  fixture?: ChurnFixture;
  database?: ApiDatabaseOptions;
};

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
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

/**
 * One test app for the calling suite: built before its tests and cleaned up after them. The hooks are
 * registered on the suite in call order, so a beforeAll registered after this call already sees the app, and
 * options given as a function are read once the hooks registered before it have run.
 */
export function useTestApp(options: TestAppOptions | (() => TestAppOptions) = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await createTestApp(typeof options === 'function' ? options() : options);
  });
  afterAll(() => started?.fixture.cleanup());
  // Stands for the app once beforeAll has built it, so the suite can keep it in a const.
  return new Proxy({} as TestApp, {
    get(_target, key) {
      if (!started) throw new Error('the test app starts in beforeAll: use it inside a hook or a test');
      return Reflect.get(started, key);
    },
  });
}
