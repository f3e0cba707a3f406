import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestRun, RejectedRow } from '../schemas/ingest-runs.ts';
import { readJson, useTestApp } from '../testing/test-app.ts';

describe('GET /api/ingest/runs', () => {
  const t = useTestApp();
  beforeAll(async () => {
    // Two runs as ingest records them: a cancellations file with 2 of 10 rows rejected, then a failed file.
    await t.fixture.db.write(async (connection) => {
      await connection.run(`
        INSERT INTO ingest_runs (file, kind, checksum, started_at, finished_at, status, rows_read, rows_loaded,
          rows_updated, rows_unchanged, rows_rejected, message)
        VALUES
          ('march.csv', 'cancellations', 'abc', '2024-07-01 10:00:00', '2024-07-01 10:00:02', 'ok', 10, 6, 1, 1, 2, NULL),
          ('broken.json', 'offers', 'def', '2024-07-02 09:00:00', '2024-07-02 09:00:01', 'failed', 0, 0, 0, 0, 0,
           'not valid JSON')`);
      await connection.run(`
        INSERT INTO rejected_rows (run_id, file, line, field, message, raw) VALUES
          (1, 'march.csv', 7, 'mrr', 'mrr: must not be negative', 'c7,-5'),
          (1, 'march.csv', 3, 'channel', 'channel: must be one of self_serve, …', 'c3,fax'),
          (1, 'march.csv', 9, 'mrr', 'mrr: is not a number', '=SUM(A1:A9),ten')`);
    });
  });

  it('lists runs newest first with their counts', async () => {
    const { status, body } = await t.getJson('/api/ingest/runs');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 2, limit: 100, offset: 0 });
    expect(body.runs.map((run: IngestRun) => [run.id, run.file, run.status])).toEqual([
      [2, 'broken.json', 'failed'],
      [1, 'march.csv', 'ok'],
    ]);
    expect(body.runs[1]).toEqual({
      id: 1,
      file: 'march.csv',
      kind: 'cancellations',
      status: 'ok',
      startedAt: '2024-07-01T10:00:00',
      finishedAt: '2024-07-01T10:00:02',
      rowsRead: 10,
      rowsLoaded: 6,
      rowsUpdated: 1,
      rowsUnchanged: 1,
      rowsRejected: 2,
      message: null,
    });
  });

  it('counts the runs without listing them when asked for none (limit=0)', async () => {
    const { status, body } = await t.getJson('/api/ingest/runs?limit=0');
    expect(status).toBe(200);
    expect(body).toEqual({ total: 2, limit: 0, offset: 0, runs: [] });
  });

  it("pages through a run's rejected rows in file order", async () => {
    const first = await t.getJson('/api/ingest/runs/1/rejected?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ runId: 1, total: 3, limit: 2, offset: 0 });
    expect(first.body.rows).toEqual([
      {
        file: 'march.csv',
        line: 3,
        field: 'channel',
        message: 'channel: must be one of self_serve, …',
        raw: 'c3,fax',
      },
      { file: 'march.csv', line: 7, field: 'mrr', message: 'mrr: must not be negative', raw: 'c7,-5' },
    ]);
    const second = await t.getJson('/api/ingest/runs/1/rejected?limit=2&offset=2');
    expect(second.body.rows.map((row: RejectedRow) => row.line)).toEqual([9]);
  });

  it('answers 404 for a run that does not exist and an empty page for a run without rejections', async () => {
    const missing = await t.getJson('/api/ingest/runs/99/rejected');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not_found', message: 'id: there is no ingest run 99' });
    const clean = await t.getJson('/api/ingest/runs/2/rejected');
    expect(clean.body).toMatchObject({ runId: 2, total: 0, rows: [] });
  });

  it("downloads all of a run's rejected rows as CSV, in file order, with spreadsheet formulas neutralized", async () => {
    const response = await t.app.request('/api/ingest/runs/1/rejected.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="churnlens-run-1-rejected.csv"',
    );
    expect(response.headers.get('x-row-count')).toBe('3');
    expect((await response.text()).trimEnd().split('\n')).toEqual([
      'file,line,field,message,raw',
      'march.csv,3,channel,"channel: must be one of self_serve, …","c3,fax"',
      'march.csv,7,mrr,mrr: must not be negative,"c7,-5"',
      `march.csv,9,mrr,mrr: is not a number,"'=SUM(A1:A9),ten"`,
    ]);
    const missing = await t.app.request('/api/ingest/runs/99/rejected.csv');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'id: there is no ingest run 99' });
  });

  it('pages rejected rows 100 at a time unless asked for up to 1000', async () => {
    const { body } = await t.getJson('/api/ingest/runs/1/rejected');
    expect(body).toMatchObject({ total: 3, limit: 100, offset: 0 });
    expect((await t.getJson('/api/ingest/runs/1/rejected?limit=1000')).body.limit).toBe(1000);
  });

  // A file to fix and ingest again that silently lacked rows would mislead: the JSON form pages instead.
  it.each(['limit=2', 'offset=1', 'limit=2&offset=1'])(
    'refuses to page the CSV download (%s) with a 400 naming the parameter',
    async (query) => {
      const { status, body } = await t.getJson(`/api/ingest/runs/1/rejected.csv?${query}`);
      expect(status).toBe(400);
      const names = query.split('&').map((pair) => `"${pair.split('=')[0]}"`);
      expect(body).toEqual({ error: 'bad_request', message: `unknown parameter ${names.join(', ')}` });
    },
  );

  it.each([
    ['/api/ingest/runs/abc/rejected', 'id:'],
    ['/api/ingest/runs/0/rejected', 'id:'],
    ['/api/ingest/runs/1%20OR%201=1/rejected', 'id:'],
    ['/api/ingest/runs?limit=5000', 'limit:'],
    ['/api/ingest/runs?offset=-1', 'offset:'],
    ['/api/ingest/runs?limit=1;DROP%20TABLE%20ingest_runs', 'limit:'],
    ['/api/ingest/runs?order=id', 'unknown parameter'],
    ['/api/ingest/runs/1/rejected?limit=1001', 'limit: must be at most 1000'],
    // Number('') is 0: an empty limit would answer an empty page rather than the default 100 rows.
    ['/api/ingest/runs?limit=', 'limit: must be a whole number'],
    ['/api/ingest/runs/1/rejected?offset=', 'offset: must be a whole number'],
    ['/api/ingest/runs/1/rejected?format=csv', 'unknown parameter "format"'],
  ])('rejects %s with a 400 naming the parameter', async (path, expected) => {
    const { status, body } = await t.getJson(path);
    expect(status).toBe(400);
    expect(body.message).toContain(expected);
    const [row] = await t.fixture.db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ingest_runs`);
    expect(row?.n).toBe(2);
  });

  it.each([
    ['/api/ingest/runs?offset=1e300', 'offset: must be at most 9007199254740991'],
    ['/api/ingest/runs?limit=1.5', 'limit: must be a whole number'],
  ])('says one thing of %s', async (path, expected) => {
    expect((await t.getJson(path)).body.message).toBe(expected);
  });
});

// Many billing tools key customers by e-mail: the loaded rows keep such an id, and so must the rejected row,
// or the user could not find it in their file; the row's free text is redacted as its verbatim would be.
describe('rejected rows of an upload whose customers are keyed by e-mail', () => {
  const t = useTestApp();
  let runId: number;
  beforeAll(async () => {
    const csv = `id,customer_id,subscription_id,requested_at,channel,plan,mrr,currency,tenure_days,reason_text,outcome
e1,jo@example.com,sub_e1,2024-06-20T10:00:00Z,email,pro,49.00,USD,200,Mail me at jo@example.com,cancelled
e2,ann@example.com,sub_e2,2024-06-21T10:00:00Z,email,pro,-5,USD,200,Call me on 555-123-4567,cancelled
`;
    const body = new FormData();
    body.append('file', new File([csv], 'billing.csv', { type: 'text/csv' }));
    const upload = await readJson(await t.app.request('/api/ingest', { method: 'POST', body }));
    expect(upload.files[0]).toMatchObject({ loaded: 1, rejected: 1 });
    runId = upload.files[0].runId;
  });

  it('stores the e-mail customer id of a loaded row as written and its free text redacted', async () => {
    expect(
      await t.fixture.db.query(
        `SELECT c.customer_id, v.text FROM cancellations c JOIN verbatims v USING (text_hash) WHERE c.id = 'e1'`,
      ),
    ).toEqual([{ customer_id: 'jo@example.com', text: 'Mail me at [email]' }]);
  });

  it('lists the rejected row with its e-mail customer id as written and its free text redacted', async () => {
    const { body } = await t.getJson(`/api/ingest/runs/${runId}/rejected`);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ file: 'billing.csv', line: 3, field: 'mrr' });
    expect(JSON.parse(body.rows[0].raw)).toMatchObject({
      id: 'e2',
      customer_id: 'ann@example.com',
      reason_text: 'Call me on [phone]',
    });
  });

  it('downloads the rejected row with its e-mail customer id as written and its free text redacted', async () => {
    const response = await t.app.request(`/api/ingest/runs/${runId}/rejected.csv`);
    expect(response.status).toBe(200);
    const [header, row, ...rest] = (await response.text()).trimEnd().split('\n');
    expect([header, rest]).toEqual(['file,line,field,message,raw', []]);
    expect(row).toMatch(/^billing\.csv,3,mrr,/);
    expect(row).toContain('""customer_id"":""ann@example.com""');
    expect(row).toContain('""reason_text"":""Call me on [phone]""');
  });
});
