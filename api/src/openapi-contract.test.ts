/**
 * The documented contract against what is served: each route's real answers, on the hand-checked fixture and
 * on a database that has the schema and nothing else, checked against the responses the route declares in
 * the OpenAPI document (status, media type, and for JSON the zod schema itself). The routes are read from the
 * app's OpenAPI registry, so a route added without requests here fails the first test.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import type { createApp } from './app.ts';
import { encodeCursor } from './queries/verbatim-cursor.ts';
import { CHURN_FIXTURE, type ChurnFixture, fixtureHash, TEXTS } from './testing/churn-fixture.ts';
import { type TestApp, useTestApp } from './testing/test-app.ts';

const EMPTY_FIXTURE: ChurnFixture = {
  fxRates: {},
  customers: [],
  cancellations: [],
  classifications: [],
  offers: [],
  surveyResponses: [],
};

type Probe = [path: string, init?: RequestInit];

/** Filters under which no fixture row is left. */
const MATCHING_NOTHING = ['plan=nothing', 'from=1900-01-01&to=1900-01-31', 'reason=other&channel=email'];

function withEach(path: string, queries: readonly string[]): Probe[] {
  const separator = path.includes('?') ? '&' : '?';
  return [[path], ...queries.map((query): Probe => [`${path}${separator}${query}`])];
}

function uploadOf(csv: string): RequestInit {
  const body = new FormData();
  body.append('file', new File([csv], 'offers.csv', { type: 'text/csv' }));
  body.append('kind', 'offers');
  return { method: 'POST', body };
}

// The fixture's T6 verbatim; on the empty database the same id is a 404.
const relabel: RequestInit = {
  method: 'PATCH',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ reason: 'unused' }),
};

/** The requests made of each route, by its OpenAPI method and path. */
const PROBES: Record<string, Probe[]> = {
  'GET /api/health': [['/api/health']],
  'GET /api/summary': withEach('/api/summary', [
    ...MATCHING_NOTHING,
    'from=2024-06-15&to=2024-06-15',
    'from=2024-02-29',
    'verbose=1',
  ]),
  'GET /api/reasons': [
    ...withEach('/api/reasons', [...MATCHING_NOTHING, 'by=unknown']),
    ...['plan', 'country', 'channel', 'tenure', 'month', 'week'].flatMap((by) =>
      withEach(`/api/reasons?by=${by}`, MATCHING_NOTHING),
    ),
  ],
  'GET /api/verbatims': withEach('/api/verbatims', [
    ...MATCHING_NOTHING,
    'q=%F0%9F%98%A1',
    'q=100%25_%27',
    'limit=1',
    'minSentiment=',
    'cursor=bm9wZQ',
    `cursor=${encodeCursor({ requestedAt: '2024-02-30 12:00:00', cancellationId: 'c06' })}`,
  ]),
  'PATCH /api/verbatims/{id}/reason': [[`/api/verbatims/${fixtureHash(TEXTS.T6)}/reason`, relabel]],
  'GET /api/channels': withEach('/api/channels', MATCHING_NOTHING),
  'GET /api/cohorts': withEach('/api/cohorts', MATCHING_NOTHING),
  'GET /api/offers': [
    ...withEach('/api/offers', MATCHING_NOTHING),
    ...withEach('/api/offers?by=reason', [...MATCHING_NOTHING, 'rankBy=keptAt30', 'rankBy=savedAt90']),
  ],
  'GET /api/themes': withEach('/api/themes', [...MATCHING_NOTHING, 'limit=1']),
  'GET /api/filter-values': [['/api/filter-values'], ['/api/filter-values?plan=pro']],
  'GET /api/export': ['cancellations', 'verbatims', 'offers'].flatMap((dataset) =>
    ['csv', 'parquet', 'xlsx'].flatMap((format) =>
      withEach(`/api/export?dataset=${dataset}&format=${format}`, ['plan=nothing']),
    ),
  ),
  'GET /api/report': ['pdf', 'xlsx', 'csv', 'md'].map((format): Probe => [`/api/report?format=${format}`]),
  'GET /api/ingest/runs': [['/api/ingest/runs'], ['/api/ingest/runs?limit=']],
  'GET /api/ingest/runs/{id}/rejected': [['/api/ingest/runs/1/rejected']],
  'GET /api/ingest/runs/{id}/rejected.csv': [['/api/ingest/runs/1/rejected.csv']],
  'POST /api/ingest': [['/api/ingest', uploadOf('id,cancellation_id,offer_type,presented_at,accepted\n')]],
};

interface DeclaredResponse {
  content?: Record<string, { schema?: unknown }>;
}

interface DeclaredRoute {
  method: string;
  path: string;
  hide?: boolean;
  responses: Record<string, DeclaredResponse>;
}

/** The routes the OpenAPI document lists, by "METHOD /path" as PROBES names them. */
function declaredRoutes(app: ReturnType<typeof createApp>): Map<string, DeclaredRoute> {
  const routes = app.openAPIRegistry.definitions
    .flatMap((definition) => (definition.type === 'route' ? [definition.route as DeclaredRoute] : []))
    .filter((route) => !route.hide);
  return new Map(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route]));
}

function isZodSchema(schema: unknown): schema is ZodType {
  return typeof (schema as ZodType | undefined)?.safeParse === 'function';
}

/** What is wrong with `response` by the route's declaration; empty when it keeps to it. */
async function breachesOf(route: DeclaredRoute, response: Response): Promise<string[]> {
  const declared = route.responses[String(response.status)];
  const body = await response.text();
  if (!declared) return [`status ${response.status} is not declared: ${body.slice(0, 300)}`];
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const content = declared.content?.[mediaType];
  if (!content) return [`${response.status} ${mediaType} is not a declared media type`];
  if (mediaType !== 'application/json' || !isZodSchema(content.schema)) return [];
  const parsed = content.schema.safeParse(JSON.parse(body));
  return (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The fixture's ingest history: one run with one rejected row, as ingest records them. */
async function addIngestRun(t: TestApp): Promise<void> {
  await t.fixture.db.write(async (connection) => {
    await connection.run(`
      INSERT INTO ingest_runs (file, kind, checksum, started_at, finished_at, status, rows_read, rows_loaded,
        rows_updated, rows_unchanged, rows_rejected, message)
      VALUES ('march.csv', 'cancellations', 'abc', '2024-07-01 10:00:00', '2024-07-01 10:00:02', 'ok', 2, 1, 0, 0, 1, NULL)`);
    await connection.run(`
      INSERT INTO rejected_rows (run_id, file, line, field, message, raw)
      VALUES (1, 'march.csv', 3, 'mrr', 'mrr: must not be negative', 'c3,-5')`);
  });
}

const probes = Object.entries(PROBES).flatMap(([route, requests]) =>
  requests.map(([path, init]) => ({ route, path, init })),
);
// Writes last, so every read sees the database as built.
const ordered = [
  ...probes.filter(({ init }) => init?.method === undefined),
  ...probes.filter(({ init }) => init?.method !== undefined),
];

describe.each([
  ['the hand-checked fixture', CHURN_FIXTURE],
  ['an empty database', EMPTY_FIXTURE],
])('the answers on %s', (_name, fixture) => {
  const t = useTestApp({ fixture, responseCache: false });
  let routes: Map<string, DeclaredRoute>;
  beforeAll(async () => {
    if (fixture === CHURN_FIXTURE) await addIngestRun(t);
    routes = declaredRoutes(t.app);
  });

  it('requests every route the OpenAPI document lists', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...routes.keys()].sort());
  });

  it.each(ordered)('keep to what $route declares: $path', async ({ route, path, init }) => {
    const declared = routes.get(route);
    if (!declared) throw new Error(`${route} is not in the OpenAPI document`);
    const response = await t.app.request(path, init);
    const status = response.status;
    expect(await breachesOf(declared, response)).toEqual([]);
    expect(status).toBeLessThan(500);
  });
});
