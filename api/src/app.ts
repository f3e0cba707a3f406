/**
 * Composes the HTTP application: middleware (request log, CORS, body limits, auth, context, the aggregate
 * answer cache), the /api
 * resource routes, the OpenAPI document and docs page, and the dashboard's static build. Tests call
 * createApp(...).request() directly; `churnlens serve` hands the same app to @hono/node-server.
 */
import { formatByteSize } from '@churnlens/models/byte-size';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ApiDatabase } from './db.ts';
import { QueryTimeoutError } from './db.ts';
import { renderApiDocsPage } from './http/api-docs-page.ts';
import { ApiError } from './http/api-error.ts';
import type { AppEnv } from './http/app-env.ts';
import { type ApiToken, authenticate } from './http/auth.ts';
import { dashboardHandler } from './http/dashboard-static.ts';
import { type RequestLogger, requestLog, stderrRequestLogger } from './http/request-log.ts';
import { responseCache } from './http/response-cache.ts';
import { allowHeader, routeMethods } from './http/route-methods.ts';
import { createRouter, noQueryParameters } from './http/router.ts';
import { channelsRoutes } from './routes/channels.ts';
import { cohortsRoutes } from './routes/cohorts.ts';
import { exportRoutes } from './routes/export.ts';
import { filterValuesRoutes } from './routes/filter-values.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRunsRoutes } from './routes/ingest-runs.ts';
import { ingestUploadRoutes } from './routes/ingest-upload.ts';
import { offersRoutes } from './routes/offers.ts';
import { reasonsRoutes } from './routes/reasons.ts';
import { reportRoutes } from './routes/report.ts';
import { summaryRoutes } from './routes/summary.ts';
import { themesRoutes } from './routes/themes.ts';
import { verbatimsRoutes } from './routes/verbatims.ts';
import { uploadLimitText } from './upload/upload-limit.ts';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** The response headers docs/api.md promises, which a browser page may read only when exposed. */
const EXPOSED_HEADERS = ['Content-Disposition', 'X-Row-Count', 'X-Request-Id', 'X-Churnlens-Cache'];

/** Aggregates, answered from memory while the data is unchanged (see http/response-cache.ts). */
const CACHED_ROUTES = [
  '/api/summary',
  '/api/reasons',
  '/api/channels',
  '/api/cohorts',
  '/api/offers',
  '/api/themes',
  '/api/filter-values',
] as const;
const UPLOAD_CONTENT_TYPES =
  /^(multipart\/form-data|application\/octet-stream|text\/csv|application\/x-ndjson)/i;

export interface CreateAppOptions {
  db: ApiDatabase;
  /** Bearer tokens; empty or absent means the API is open (serve then binds to loopback only). */
  tokens?: readonly ApiToken[];
  /** ISO 4217 code money is reported in (default USD). */
  reportingCurrency?: string;
  /** Allowed browser origin(s) for CORS; CORS is off when absent. */
  corsOrigin?: string | string[];
  /** The dashboard's static build; not served when absent. */
  dashboardDir?: string;
  /** Where request log lines go (default: JSON lines on stderr). */
  log?: RequestLogger;
  /** Keep aggregate answers in memory while the data is unchanged (default true). */
  responseCache?: boolean;
  /** Limit for JSON and other small bodies. */
  maxBodyBytes?: number;
  /** Limit for file uploads (multipart, octet-stream, CSV, NDJSON bodies). */
  maxUploadBytes?: number;
}

/** Request log, CORS, the request's database and settings, authentication, body limits, the answer cache. */
function installMiddleware(app: OpenAPIHono<AppEnv>, options: CreateAppOptions): void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const settings = { reportingCurrency: options.reportingCurrency ?? 'USD', maxUploadBytes };
  const tooLarge = (limit: string) => () => {
    throw new ApiError(413, 'payload_too_large', `the request body is larger than ${limit}`);
  };
  const jsonLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge(formatByteSize(maxBodyBytes)) });
  const uploadLimit = bodyLimit({
    maxSize: maxUploadBytes,
    onError: tooLarge(uploadLimitText(maxUploadBytes)),
  });

  app.use('*', requestLog(options.log ?? stderrRequestLogger));
  if (options.corsOrigin) {
    // Without exposeHeaders a browser page could not read the headers the API documents.
    app.use('/api/*', cors({ origin: options.corsOrigin, maxAge: 600, exposeHeaders: EXPOSED_HEADERS }));
  }
  app.use('/api/*', async (c, next) => {
    c.set('db', options.db);
    c.set('settings', settings);
    return next();
  });
  // Authenticate before any body is read, so an anonymous caller cannot make the server buffer an upload.
  const auth = authenticate(options.tokens ?? []);
  app.use('/api/*', (c, next) => (c.req.path === '/api/health' ? next() : auth(c, next)));
  app.use('/api/*', (c, next) =>
    UPLOAD_CONTENT_TYPES.test(c.req.header('content-type') ?? '') ? uploadLimit(c, next) : jsonLimit(c, next),
  );

  if (options.responseCache !== false) {
    const cache = responseCache(() => options.db.generation);
    for (const path of CACHED_ROUTES) app.use(path, cache);
  }
}

/** Every /api route; the chain's type is what the dashboard's typed client (AppType) is made from. */
function mountRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .route('/api', healthRoutes)
    .route('/api', summaryRoutes)
    .route('/api', reasonsRoutes)
    .route('/api', verbatimsRoutes)
    .route('/api', channelsRoutes)
    .route('/api', cohortsRoutes)
    .route('/api', offersRoutes)
    .route('/api', themesRoutes)
    .route('/api', filterValuesRoutes)
    .route('/api', exportRoutes)
    .route('/api', reportRoutes)
    .route('/api', ingestRunsRoutes)
    .route('/api', ingestUploadRoutes);
}

/** /openapi.json and the /docs page rendered from it. */
function serveApiDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const documentConfig = {
    openapi: '3.0.3',
    info: {
      title: 'churnlens API',
      version: '0.1.0',
      description:
        'Churn and retention insights. Every /api route except /api/health needs `Authorization: Bearer TOKEN` when the server has tokens.',
    },
    security: [{ bearer: [] }],
  };
  // Routes of their own (hidden from the document they serve) so a parameter is refused as on /api.
  const docsRoute = (path: string) =>
    createRoute({
      method: 'get',
      path,
      hide: true,
      request: { query: noQueryParameters },
      responses: { 200: { description: 'The API document' } },
    });
  const docs = createRouter()
    .openapi(docsRoute('/openapi.json'), (c) => c.json(app.getOpenAPIDocument(documentConfig)))
    .openapi(docsRoute('/docs'), (c) => c.html(renderApiDocsPage(app.getOpenAPIDocument(documentConfig))));
  app.route('/', docs);
}

/**
 * Hono's refusals of a body, worded as the API words a bad parameter: @hono/zod-openapi refuses a body of a
 * media type the route does not declare with a bare "Unsupported Media Type", the validator one that does not
 * parse with "Malformed JSON in request body".
 */
function clientErrorMessage(error: HTTPException, c: Context<AppEnv>): string {
  if (error.status === 415) {
    const sent = c.req.header('content-type');
    return `body: ${sent ? `Content-Type ${sent}` : 'a body without a Content-Type'} is not one this route reads (/openapi.json lists them)`;
  }
  if (error.message === 'Malformed JSON in request body') return 'body: is not valid JSON';
  return error.message || 'the request is malformed';
}

/** The error body docs/api.md promises for each failure; an unexpected one is logged with its stack. */
function errorResponse(error: Error, c: Context<AppEnv>) {
  if (error instanceof ApiError) return c.json({ error: error.code, message: error.message }, error.status);
  if (error instanceof QueryTimeoutError)
    return c.json({ error: 'query_timeout' as const, message: error.message }, 503);
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({ error: 'bad_request' as const, message: clientErrorMessage(error, c) }, 400);
  }
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', requestId: c.var.requestId, error: error instanceof Error ? error.stack : String(error) })}\n`,
  );
  return c.json(
    { error: 'internal_error' as const, message: 'the server failed to answer; see its log' },
    500,
  );
}

/**
 * Every /api request no route took: OPTIONS lists the path's methods, another method is a 405 naming them,
 * and a path that is no route a JSON 404 (never the dashboard), which points out a trailing slash.
 */
function answerUnroutedApiRequests(app: OpenAPIHono<AppEnv>): void {
  const methodsOf = routeMethods(app.routes.filter((route) => route.path.startsWith('/api/')));
  app.all('/api/*', (c) => {
    const methods = methodsOf(c.req.path);
    if (methods.length === 0) {
      const withoutSlash = c.req.path.replace(/\/+$/, '');
      const hint = withoutSlash !== c.req.path && methodsOf(withoutSlash).length > 0;
      throw new ApiError(
        404,
        'not_found',
        hint ? `no such API route; did you mean ${withoutSlash}?` : 'no such API route',
      );
    }
    const headers = { Allow: allowHeader(methods) };
    if (c.req.method === 'OPTIONS') return c.body(null, 204, headers);
    return c.json(
      {
        error: 'method_not_allowed' as const,
        message: `${c.req.method} is not a method of ${c.req.path}, which takes ${methods.join(', ')}`,
      },
      405,
      headers,
    );
  });
}

export function createApp(options: CreateAppOptions) {
  const app = new OpenAPIHono<AppEnv>();
  installMiddleware(app, options);
  const routes = mountRoutes(app);
  serveApiDocs(app);
  answerUnroutedApiRequests(app);
  if (options.dashboardDir) app.get('*', dashboardHandler(options.dashboardDir));
  app.notFound((c) => c.json({ error: 'not_found' as const, message: `nothing at ${c.req.path}` }, 404));
  app.onError(errorResponse);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
