import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppType, createApp } from './app.ts';
import { type ApiDatabase, QueryTimeoutError } from './db.ts';
import { MAX_LOGGED_PATH_LENGTH, type RequestLogLine } from './http/request-log.ts';
import { fixtureHash, TEXTS } from './testing/churn-fixture.ts';
import { readJson, type TestApp, useTestApp } from './testing/test-app.ts';

const VIEWER = 'viewer-token-1';
const ADMIN = 'admin-token-2';
const TOKENS = [
  { role: 'viewer' as const, token: VIEWER },
  { role: 'admin' as const, token: ADMIN },
];

function relabel(t: TestApp, token?: string, reason = 'unused') {
  return t.app.request(`/api/verbatims/${fixtureHash(TEXTS.T6)}/reason`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ reason }),
  });
}

describe('with tokens configured', () => {
  const t = useTestApp({ tokens: TOKENS });

  it.each([
    '/api/summary',
    '/api/reasons',
    '/api/verbatims',
    '/api/channels',
    '/api/cohorts',
    '/api/filter-values',
  ])('answers 401 on %s without a token and 200 for a viewer', async (path) => {
    const anonymous = await t.app.request(path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(await readJson(anonymous)).toEqual({
      error: 'unauthorized',
      message: 'send Authorization: Bearer <token> with a viewer or admin token',
    });
    expect((await t.getJson(path, VIEWER)).status).toBe(200);
  });

  it('rejects a wrong token and a token sent another way', async () => {
    expect((await t.getJson('/api/summary', 'viewer-token-X')).status).toBe(401);
    expect((await t.app.request('/api/summary', { headers: { Authorization: VIEWER } })).status).toBe(401);
    expect((await t.app.request(`/api/summary?token=${VIEWER}`)).status).toBe(401);
  });

  it('lets anyone check health', async () => {
    const { status, body } = await t.getJson('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', dataEndDate: '2024-06-30' });
  });

  it('forbids viewers to relabel and lets admins', async () => {
    const anonymous = await relabel(t);
    expect(anonymous.status).toBe(401);
    const viewer = await relabel(t, VIEWER);
    expect(viewer.status).toBe(403);
    expect(await readJson(viewer)).toEqual({
      error: 'forbidden',
      message: 'this route needs an admin token',
    });
    expect((await relabel(t, ADMIN)).status).toBe(200);
  });

  it('logs one JSON line per request with role and status but no query string', async () => {
    t.logLines.length = 0;
    await t.getJson('/api/verbatims?q=secret+words', VIEWER);
    await t.getJson('/api/summary');
    expect(t.logLines).toHaveLength(2);
    expect(t.logLines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/verbatims',
      status: 200,
      role: 'viewer',
    });
    expect(t.logLines[1]).toMatchObject({ level: 'warn', path: '/api/summary', status: 401, role: null });
    expect(JSON.stringify(t.logLines)).not.toContain('secret');
    expect(typeof t.logLines[0]?.durationMs).toBe('number');
  });

  it("cuts a long path no route matched to the log's limit, so probes cannot fill the log", async () => {
    t.logLines.length = 0;
    const probe = `/api/${'a'.repeat(10_000)}`;
    expect((await t.getJson(probe, VIEWER)).status).toBe(404);
    expect(t.logLines[0]?.path).toBe(`${probe.slice(0, MAX_LOGGED_PATH_LENGTH)}…`);
  });
});

describe('without tokens', () => {
  let dashboardDir: string;
  beforeAll(() => {
    dashboardDir = mkdtempSync(join(tmpdir(), 'churnlens-dashboard-'));
    mkdirSync(join(dashboardDir, '_app'));
    writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>churnlens</title>');
    writeFileSync(join(dashboardDir, '_app', 'start.js'), 'export const ok = 1;');
  });
  afterAll(() => rmSync(dashboardDir, { recursive: true, force: true }));
  const t = useTestApp(() => ({ dashboardDir, maxBodyBytes: 200 }));

  it('is open, with every caller acting as admin', async () => {
    expect((await t.getJson('/api/summary')).status).toBe(200);
    expect((await relabel(t)).status).toBe(200);
  });

  it('answers unknown API routes with a JSON 404, not the dashboard', async () => {
    const { status, body } = await t.getJson('/api/nothing-here');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', message: 'no such API route' });
  });

  it('points out a trailing slash on an API route in its 404', async () => {
    const { status, body } = await t.getJson('/api/summary/');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', message: 'no such API route; did you mean /api/summary?' });
  });

  it.each([
    ['POST', '/api/summary', 'GET, HEAD'],
    ['DELETE', '/api/export', 'GET, HEAD'],
    ['GET', `/api/verbatims/${fixtureHash(TEXTS.T2)}/reason`, 'PATCH'],
    ['PUT', '/api/ingest', 'POST'],
  ])(
    'answers %s %s, a method the route does not take, with a 405 naming those it does',
    async (method, path, methods) => {
      const response = await t.app.request(path, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('Allow')).toBe(`${methods}, OPTIONS`);
      expect(await readJson(response)).toEqual({
        error: 'method_not_allowed',
        message: `${method} is not a method of ${path}, which takes ${methods}`,
      });
    },
  );

  it('answers OPTIONS on an API route with its methods, and HEAD as GET without a body', async () => {
    const options = await t.app.request('/api/verbatims', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    const head = await t.app.request('/api/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await t.app.request('/api/nothing-here', { method: 'OPTIONS' })).status).toBe(404);
  });

  // The routes that take no query parameters at all; the others' own tests refuse a misspelt one.
  it.each([
    ['GET', '/api/health?verbose=1', 'verbose'],
    ['GET', '/openapi.json?version=3.1', 'version'],
    ['GET', '/docs?tag=ingest', 'tag'],
    ['PATCH', `/api/verbatims/${fixtureHash(TEXTS.T2)}/reason?force=true`, 'force'],
    ['POST', '/api/ingest?kind=offers', 'kind'],
  ])('refuses a parameter %s %s does not take with a 400 naming it', async (method, path, name) => {
    const response = await t.app.request(path, {
      method,
      ...(method === 'PATCH'
        ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'other' }) }
        : {}),
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({
      error: 'bad_request',
      message: `unknown parameter "${name}"`,
    });
  });

  it('serves dashboard files and falls back to index.html for client-side routes', async () => {
    const script = await t.app.request('/_app/start.js');
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export const ok = 1;');
    for (const path of ['/', '/verbatims?reason=unused', '/%2e%2e/%2e%2e/etc/passwd']) {
      const page = await t.app.request(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>churnlens</title>');
    }
  });

  it('refuses bodies over the limit with a JSON 413', async () => {
    const response = await t.app.request(`/api/verbatims/${fixtureHash(TEXTS.T1)}/reason`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'unused', padding: 'x'.repeat(500) }),
    });
    expect(response.status).toBe(413);
    expect(await readJson(response)).toEqual({
      error: 'payload_too_large',
      message: 'the request body is larger than 200 bytes',
    });
  });

  it('answers malformed JSON with a 400', async () => {
    const response = await t.app.request(`/api/verbatims/${fixtureHash(TEXTS.T1)}/reason`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"reason": ',
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({ error: 'bad_request', message: 'body: is not valid JSON' });
  });

  it('answers a body sent as another media type than JSON with a 400 naming its Content-Type', async () => {
    const response = await t.app.request(`/api/verbatims/${fixtureHash(TEXTS.T1)}/reason`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ reason: 'unused' }),
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({
      error: 'bad_request',
      message: 'body: Content-Type text/plain is not one this route reads (/openapi.json lists them)',
    });
  });

  it('sends no CORS headers unless an origin is configured', async () => {
    const response = await t.app.request('/api/summary', { headers: { Origin: 'https://evil.example' } });
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('publishes an OpenAPI document of every route and self-contained docs', async () => {
    const document = await readJson(await t.app.request('/openapi.json'));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/summary',
        '/api/reasons',
        '/api/verbatims',
        '/api/verbatims/{id}/reason',
        '/api/channels',
        '/api/cohorts',
        '/api/filter-values',
      ]),
    );
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const docs = await (await t.app.request('/docs')).text();
    expect(docs).toContain('/api/verbatims/{id}/reason');
    expect(docs).toContain('<input name="reason" data-in="query" data-repeat placeholder="a,b">');
    expect(docs).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it("gives the dashboard typed access through Hono's client", async () => {
    const client = hc<AppType>('http://churnlens.test', {
      fetch: ((input, init) => t.app.request(input, init)) as typeof fetch,
    });
    const response = await client.api.summary.$get({
      query: { channel: 'agent_phone', reason: ['too_expensive', 'customer_service'] },
    });
    const summary = await response.json();
    if (!('cancelRequests' in summary)) throw new Error(`expected a summary, got ${JSON.stringify(summary)}`);
    // c07 customer_service saved, c12 too_expensive paused
    expect(summary.cancelRequests).toBe(2);
  });
});

describe('with CORS configured', () => {
  const t = useTestApp({ corsOrigin: 'https://dash.example' });

  it('allows the configured origin only', async () => {
    const allowed = await t.app.request('/api/summary', { headers: { Origin: 'https://dash.example' } });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://dash.example');
    expect(allowed.headers.get('Access-Control-Expose-Headers')).toBe(
      'Content-Disposition,X-Row-Count,X-Request-Id,X-Churnlens-Cache',
    );
    const other = await t.app.request('/api/summary', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).not.toBe('https://evil.example');
  });
});

describe('failures', () => {
  function appFailingWith(error: Error) {
    const failing = async () => {
      throw error;
    };
    const db: ApiDatabase = {
      path: 'x',
      instance: {} as ApiDatabase['instance'],
      query: failing,
      read: failing,
      write: failing,
      generation: 0,
      close: async () => {},
    };
    const lines: RequestLogLine[] = [];
    return { app: createApp({ db, log: (line) => lines.push(line) }), lines };
  }

  it('turns a query timeout into a 503', async () => {
    const { app, lines } = appFailingWith(new QueryTimeoutError(2000));
    const response = await app.request('/api/reasons');
    expect(response.status).toBe(503);
    expect(await readJson(response)).toEqual({
      error: 'query_timeout',
      message: 'the query ran longer than 2 s and was stopped; narrow the filters and retry',
    });
    expect(lines[0]).toMatchObject({ level: 'error', status: 503 });
  });

  it('answers an unexpected error with a generic 500 that reveals no internals', async () => {
    const { app } = appFailingWith(new Error('Catalog Error at /srv/data/secret.duckdb'));
    const originalWrite = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const response = await app.request('/api/summary');
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: 'internal_error',
        message: 'the server failed to answer; see its log',
      });
      expect(text).not.toMatch(/secret|Catalog|at \//);
    } finally {
      process.stderr.write = originalWrite;
    }
  });
});
