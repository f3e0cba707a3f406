/**
 * Access control and input confinement across every route of a real server over HTTP: the route list comes
 * from the server's own OpenAPI document, so a new route is covered the day it is added. The API's unit tests
 * check each mechanism in process; these check that nothing slips between them.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFixtureDatabase } from '@churnlens/api/testing/churn-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  bearer,
  startTestServer,
  type TestServer,
  VIEWER_TOKEN,
} from '../support/test-server.ts';
import { rawRequest } from './support/raw-request.ts';

interface Route {
  method: string;
  /** The documented path with its parameters filled in. */
  path: string;
  admin: boolean;
}

// Offers on fixture cancellations: a harmless, valid upload.
const OFFERS_CSV =
  'id,cancellation_id,offer_type,presented_at,accepted,accepted_at\nsec1,c09,discount,2024-06-20T15:01:00Z,true,2024-06-20T15:02:00Z\n';

async function documentedRoutes(url: string): Promise<Route[]> {
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, '1'),
      admin: '403' in operation.responses,
    })),
  );
}

function uploadForm(fileName = 'offers.csv', content = OFFERS_CSV): FormData {
  const form = new FormData();
  form.append('file', new File([content], fileName, { type: 'text/csv' }));
  form.append('kind', 'offers');
  return form;
}

/** A request a route would accept apart from its credentials. */
function send(url: string, route: Route, headers: Record<string, string> = {}): Promise<Response> {
  if (route.method === 'POST')
    return fetch(`${url}${route.path}`, { method: 'POST', headers, body: uploadForm() });
  if (route.method === 'PATCH') {
    return fetch(`${url}${route.path}`, {
      method: 'PATCH',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'too_expensive' }),
    });
  }
  return fetch(`${url}${route.path}`, { method: route.method, headers });
}

async function tableCounts(server: TestServer) {
  const [row] = await server.db.query(`
    SELECT (SELECT count(*) FROM ingest_runs)::INTEGER AS runs,
      (SELECT count(*) FROM offers)::INTEGER AS offers,
      (SELECT count(*) FROM reason_classifications)::INTEGER AS classifications,
      (SELECT count(*) FROM cancellations)::INTEGER AS cancellations`);
  return row;
}

describe('access control on every route, over HTTP', () => {
  let server: TestServer;
  let routes: Route[];
  beforeAll(async () => {
    server = await startTestServer();
    routes = await documentedRoutes(server.url);
  });
  afterAll(() => server.close());

  it('finds every API route in the OpenAPI document, the admin ones marked by their 403', () => {
    const listed = routes.map((route) => `${route.method} ${route.path}${route.admin ? ' (admin)' : ''}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'GET /api/summary',
        'GET /api/reasons',
        'GET /api/verbatims',
        'GET /api/channels',
        'GET /api/cohorts',
        'GET /api/offers',
        'GET /api/themes',
        'GET /api/export',
        'GET /api/report',
        'GET /api/ingest/runs',
        'GET /api/ingest/runs/1/rejected',
        'PATCH /api/verbatims/1/reason (admin)',
        'POST /api/ingest (admin)',
      ]),
    );
  });

  it('answers 401 without a token on every route except the health check', async () => {
    for (const route of routes) {
      const response = await send(server.url, route);
      const expected = route.path === '/api/health' ? 200 : 401;
      expect(response.status, `${route.method} ${route.path}`).toBe(expected);
      if (expected === 401) {
        expect(await response.json()).toMatchObject({ error: 'unauthorized' });
        expect(response.headers.get('www-authenticate')).toContain('Bearer');
      }
    }
  });

  it('answers 401 to wrong, truncated, doubled and non-bearer credentials on every protected route', async () => {
    const credentials = [
      'Bearer not-a-real-token-at-all',
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `Bearer ${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}`,
      'Bearer',
      ADMIN_TOKEN,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      `Token ${ADMIN_TOKEN}`,
    ];
    for (const route of routes.filter((candidate) => candidate.path !== '/api/health')) {
      for (const authorization of credentials) {
        const response = await send(server.url, route, { Authorization: authorization });
        expect(response.status, `${route.method} ${route.path} with "${authorization}"`).toBe(401);
        await response.body?.cancel();
      }
      const inQuery = await fetch(`${server.url}${route.path}?token=${ADMIN_TOKEN}`, {
        method: route.method,
      });
      expect(inQuery.status, `${route.method} ${route.path}?token=`).toBe(401);
    }
  });

  it('answers 403 to a viewer on every admin route and changes nothing', async () => {
    const before = await tableCounts(server);
    const adminRoutes = routes.filter((route) => route.admin);
    expect(adminRoutes.length).toBeGreaterThanOrEqual(2);
    for (const route of adminRoutes) {
      const response = await send(server.url, route, bearer(VIEWER_TOKEN));
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
    }
    expect(await tableCounts(server)).toEqual(before);
  });

  it('lets a viewer through on the read routes and an admin through everywhere', async () => {
    for (const route of routes.filter((candidate) => candidate.method === 'GET')) {
      const response = await send(server.url, route, bearer(VIEWER_TOKEN));
      expect([401, 403], `viewer ${route.path}`).not.toContain(response.status);
      expect(response.status, `viewer ${route.path}`).toBeLessThan(500);
      await response.body?.cancel();
    }
    // The placeholder id is no verbatim: past authentication it is refused as malformed or unknown.
    const relabel = routes.find((route) => route.method === 'PATCH') as Route;
    const response = await send(server.url, relabel, bearer(ADMIN_TOKEN));
    expect([400, 404]).toContain(response.status);
  });
});

describe('path traversal, over HTTP', () => {
  let server: TestServer;
  const secret = `churnlens-secret-${process.pid}`;
  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (dbPath, directory) => {
        await writeFixtureDatabase(dbPath);
        mkdirSync(join(directory, 'dashboard'));
        writeFileSync(join(directory, 'dashboard', 'index.html'), '<!doctype html><title>dashboard</title>');
        writeFileSync(join(directory, 'secret.txt'), secret);
      },
    });
  });
  afterAll(() => server.close());

  it('keeps uploaded files inside the upload directory whatever the client calls them', async () => {
    const names = [
      `../../../../${server.directory}/pwned-1.csv`,
      `..\\..\\..\\..\\${server.directory.replaceAll('/', '\\')}\\pwned-2.csv`,
      `${server.directory}/pwned-3.csv`,
      '%2e%2e%2f%2e%2e%2fpwned-4.csv',
      '....//....//pwned-5.csv',
      `../${'../'.repeat(30)}tmp/pwned-6.csv`,
    ];
    for (const name of names) {
      const response = await fetch(`${server.url}/api/ingest`, {
        method: 'POST',
        headers: bearer(ADMIN_TOKEN),
        body: uploadForm(name),
      });
      expect(response.status, name).toBe(200);
      const body = (await response.json()) as { files: { name: string; status: string }[] };
      expect(body.files[0]?.status, name).toBe('ok');
      expect(body.files[0]?.name, name).not.toMatch(/[/\\]|^\./);
    }
    const written = [server.directory, tmpdir(), '/tmp', process.cwd()].flatMap((directory) =>
      readdirSync(directory).filter((file) => file.startsWith('pwned-')),
    );
    expect(written).toEqual([]);
    const runs = await server.db.query<{ file: string }>(`SELECT file FROM ingest_runs`);
    for (const run of runs) expect(run.file).not.toMatch(/[/\\]/);
  });

  it('refuses export datasets and formats that look like paths', async () => {
    for (const query of [
      'dataset=../../etc/passwd',
      'dataset=cancellations&format=../../../tmp/export.csv',
      'dataset=cancellations&format=csv%2f..%2f..%2fexport',
      'dataset=%2e%2e%2fcancellations',
    ]) {
      const response = await fetch(`${server.url}/api/export?${query}`, { headers: bearer(VIEWER_TOKEN) });
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'bad_request' });
    }
    expect(existsSync('/tmp/export.csv')).toBe(false);
  });

  it('never serves a file outside the dashboard build, however the path is encoded', async () => {
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/.%2e/secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '//..//secret.txt',
      '/dashboard/../../secret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/api/..%2f..%2fsecret.txt',
    ];
    for (const path of paths) {
      const response = await rawRequest(server.url, { path });
      expect(response.body, path).not.toContain(secret);
      expect(response.body, path).not.toMatch(/root:.*:0:0:/);
      expect(response.status, path).toBeLessThan(500);
    }
  });
});

describe('oversize requests, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  function uploadDirectories(): Set<string> {
    return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('churnlens-upload-')));
  }

  it('refuses an upload declared larger than the 512 MiB limit with 413, before reading it, and writes nothing', async () => {
    const before = await tableCounts(server);
    const directoriesBefore = uploadDirectories();
    const response = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/ingest',
      headers: {
        ...bearer(ADMIN_TOKEN),
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(600 * 1024 * 1024),
      },
      body: Buffer.from(
        `--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n${'a'.repeat(65_536)}`,
      ),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'payload_too_large' });
    expect(await tableCounts(server)).toEqual(before);
    const created = [...uploadDirectories()].filter((name) => !directoriesBefore.has(name));
    expect(created.filter((name) => existsSync(join(tmpdir(), name)))).toEqual([]);
  });

  it('refuses a JSON body over the 1 MiB limit with 413 and relabels nothing', async () => {
    const before = await tableCounts(server);
    const body = Buffer.from(
      JSON.stringify({ reason: 'too_expensive', padding: 'x'.repeat(2 * 1024 * 1024) }),
    );
    const response = await rawRequest(server.url, {
      method: 'PATCH',
      path: '/api/verbatims/1/reason',
      headers: {
        ...bearer(ADMIN_TOKEN),
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
      },
      body,
    });
    expect(response.status).toBe(413);
    expect(await tableCounts(server)).toEqual(before);
  });
});
