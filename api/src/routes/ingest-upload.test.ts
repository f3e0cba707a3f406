import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../http/api-error.ts';
import type { IngestUploadResult } from '../schemas/ingest-upload.ts';
import { useTestApp } from '../testing/test-app.ts';

const VIEWER = 'viewer-token-123';
const ADMIN = 'admin-token-456';

// Two valid offers on fixture cancellations and one with an offer type outside the list.
const OFFERS_CSV = `id,cancellation_id,offer_type,presented_at,accepted,accepted_at
u1,c09,discount,2024-06-20T15:01:00Z,true,2024-06-20T15:02:00Z
u2,c11,pause,2024-06-28T13:01:00Z,false,
u3,c06,bribe,2024-06-12T12:01:00Z,false,
`;

function form(
  files: { name: string; content: string | Uint8Array<ArrayBuffer> }[],
  fields: Record<string, string> = {},
): FormData {
  const body = new FormData();
  for (const file of files) body.append('file', new File([file.content], file.name, { type: 'text/csv' }));
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/** The multipart bytes and content type of a form, for requests that must carry a Content-Length. */
async function serialized(body: FormData): Promise<{ bytes: Buffer; type: string }> {
  const response = new Response(body);
  return {
    bytes: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get('content-type') ?? '',
  };
}

async function errorOf(response: Response): Promise<ErrorBody> {
  return (await response.json()) as ErrorBody;
}

/**
 * The upload directories left in this file's own temporary folder (TMPDIR is set to it below): other test
 * files upload into the shared one at the same time.
 */
function uploadDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('churnlens-upload-'));
}

describe('POST /api/ingest', () => {
  const sharedTemporaryFolder = process.env.TMPDIR;
  // Registered before the app, so its database and the uploads go in a folder of this suite's own, which is
  // removed once the app is closed.
  beforeAll(() => {
    process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'churnlens-upload-test-'));
  });
  afterAll(() => {
    rmSync(tmpdir(), { recursive: true, force: true });
    if (sharedTemporaryFolder === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = sharedTemporaryFolder;
  });
  const t = useTestApp({
    tokens: [
      { role: 'viewer', token: VIEWER },
      { role: 'admin', token: ADMIN },
    ],
    maxUploadBytes: 4096,
  });

  async function count(table: 'offers' | 'ingest_runs' | 'cancellations'): Promise<number> {
    const [row] = await t.fixture.db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    return row?.n ?? -1;
  }

  function post(
    body: FormData | Buffer | ReadableStream<Uint8Array> | string,
    token = ADMIN,
    headers: Record<string, string> = {},
  ) {
    // duplex is required by fetch for a streamed body; TypeScript's RequestInit does not list it yet.
    const init = {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { Authorization: `Bearer ${token}`, ...headers },
    };
    return t.app.request('/api/ingest', init as RequestInit);
  }

  it('refuses viewers with 403 before reading the upload', async () => {
    const response = await post(form([{ name: 'offers.csv', content: OFFERS_CSV }]), VIEWER);
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ error: 'forbidden' });
    expect(await count('ingest_runs')).toBe(0);
  });

  it('ingests an uploaded file and returns its counts, quarantining the bad row', async () => {
    const offersBefore = await count('offers');
    const response = await post(form([{ name: 'offers.csv', content: OFFERS_CSV }], { kind: 'offers' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files).toHaveLength(1);
    expect(body.files[0]).toMatchObject({
      name: 'offers.csv',
      kind: 'offers',
      status: 'ok',
      read: 3,
      loaded: 2,
      rejected: 1,
      error: null,
    });
    expect(body.files[0]?.runId).toEqual(expect.any(Number));
    expect(body.totals).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(await count('offers')).toBe(offersBefore + 2);
    expect(uploadDirectories()).toEqual([]);

    const rejected = await t.getJson(`/api/ingest/runs/${body.files[0]?.runId}/rejected`, ADMIN);
    expect(rejected.body.rows).toHaveLength(1);
    expect(rejected.body.rows[0]).toMatchObject({ file: 'offers.csv', field: 'offer_type' });
  });

  it('ingests the several files of one upload, the cancellations before the offers made on them', async () => {
    const cancellations = `id,customer_id,subscription_id,requested_at,channel,plan,mrr,currency,tenure_days,outcome
cu1,cus_u1,sub_u1,2024-06-21T10:00:00Z,chatbot,pro,49.00,USD,200,saved
`;
    const offers =
      'id,cancellation_id,offer_type,presented_at,accepted\nuo1,cu1,pause,2024-06-21T10:01:00Z,true\n';
    const response = await post(
      form([
        { name: 'offers.csv', content: offers },
        { name: 'cancellations.csv', content: cancellations },
      ]),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files.map((file) => [file.name, file.kind, file.loaded, file.rejected])).toEqual([
      ['cancellations.csv', 'cancellations', 1, 0],
      ['offers.csv', 'offers', 1, 0],
    ]);
  });

  it('answers with what the terminal says under a file: its warnings, nested columns and first rejected rows', async () => {
    const csv = `id,customer_id,subscription_id,requested_at,channel,plan,mrr_cents,currency,tenure_days,outcome
cw1,cus_w1,sub_w1,2024-06-21T10:00:00Z,chatbot,pro,4900,USD,200,saved
cw2,cus_w2,sub_w2,2024-06-21T10:00:00Z,fax,pro,4900,USD,200,saved
`;
    const record = {
      id: 'cw3',
      customer_id: 'cus_w3',
      subscription_id: 'sub_w3',
      requested_at: '2024-06-21T10:00:00Z',
      channel: 'chatbot',
      plan: 'pro',
      mrr: '49.00',
      currency: 'USD',
      tenure_days: 200,
      outcome: 'saved',
      notes: [{ author: 'agt_3', body: 'Offered a pause' }],
    };
    const mapping = JSON.stringify({ columns: { mrr_cents: 'mrr' } });
    const response = await post(
      form(
        [
          { name: 'cents.csv', content: csv },
          { name: 'notes.ndjson', content: `${JSON.stringify(record)}\n` },
        ],
        { mapping },
      ),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files[0]).toMatchObject({
      name: 'cents.csv',
      loaded: 1,
      rejected: 1,
      warnings: [
        'mrr: column "mrr_cents" is read as written, but its name says minor units: if 4900 in it means 49.00, ' +
          'map it to "mrr_minor_units" instead ({"columns": {"mrr_cents": "mrr_minor_units"}})',
      ],
      nestedColumns: [],
      rejections: [
        {
          line: 3,
          field: 'channel',
          message:
            'channel: "fax" is not one of self_serve, agent_phone, agent_chat, email, chatbot (map other spellings with "values" in the mapping file)',
        },
      ],
    });
    expect(body.files[1]).toMatchObject({
      name: 'notes.ndjson',
      loaded: 1,
      ignoredColumns: ['notes'],
      nestedColumns: ['notes'],
      warnings: [],
      rejections: [],
    });
  });

  it('ingests a gzip-compressed upload as its content', async () => {
    const offers =
      'id,cancellation_id,offer_type,presented_at,accepted\nuz1,c09,extension,2024-06-20T15:05:00Z,false\n';
    const response = await post(form([{ name: 'offers.csv.gz', content: new Uint8Array(gzipSync(offers)) }]));
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files.map((file) => [file.name, file.kind, file.loaded, file.rejected])).toEqual([
      ['offers.csv.gz', 'offers', 1, 0],
    ]);
  });

  it('fails a compressed upload that expands past 16 times the upload limit, loading nothing', async () => {
    const offers = await count('offers');
    const header = 'id,cancellation_id,offer_type,presented_at,accepted\n';
    const row = 'ub1,c09,extension,2024-06-20T15:05:00Z,false\n';
    const bomb = new Uint8Array(gzipSync(`${header}${row.repeat(2000)}`));
    expect(bomb.length).toBeLessThan(4096);
    const response = await post(form([{ name: 'offers.csv.gz', content: bomb }]));
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files.map((file) => [file.name, file.status, file.error])).toEqual([
      [
        'offers.csv.gz',
        'failed',
        "cannot decompress it (gzip): it expands to more than 64 KiB, the limit: 16 times the server's upload limit of 4 KiB (churnlens serve --max-upload-size)",
      ],
    ]);
    expect(await count('offers')).toBe(offers);
    expect(uploadDirectories()).toEqual([]);
  });

  it('uses only the base name of a client filename that tries to climb out of the upload directory', async () => {
    const target = `churnlens-traversal-${process.pid}.csv`;
    const response = await post(
      form([{ name: `../../../../${tmpdir()}/${target}`, content: OFFERS_CSV }], { kind: 'offers' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files[0]?.name).toBe(target);
    expect(existsSync(join(tmpdir(), target))).toBe(false);
    const runs = await t.getJson('/api/ingest/runs', ADMIN);
    expect(runs.body.runs[0].file).toBe(target);
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a Content-Length', false],
  ])('answers 413 for an upload over the limit (%s) and writes nothing', async (_title, withLength) => {
    const [offers, runs] = [await count('offers'), await count('ingest_runs')];
    const big = form([{ name: 'offers.csv', content: OFFERS_CSV + `x${'y'.repeat(80)}\n`.repeat(100) }]);
    const { bytes, type } = await serialized(big);
    const headers: Record<string, string> = { 'Content-Type': type };
    if (withLength) headers['Content-Length'] = String(bytes.length);
    const response = await post(withLength ? bytes : new Blob([bytes]).stream(), ADMIN, headers);
    expect(response.status).toBe(413);
    const error = await errorOf(response);
    expect(error.error).toBe('payload_too_large');
    expect(error.message).toContain("larger than 4 KiB, the server's upload limit");
    expect([await count('offers'), await count('ingest_runs')]).toEqual([offers, runs]);
    expect(uploadDirectories()).toEqual([]);
  });

  it('requires a part named file', async () => {
    const body = new FormData();
    body.append('kind', 'offers');
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('file:');
  });

  it('rejects an unknown kind, naming the field, and ingests nothing', async () => {
    const runs = await count('ingest_runs');
    const response = await post(
      form([{ name: 'offers.csv', content: OFFERS_CSV }], { kind: "offers'; DROP TABLE offers; --" }),
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('kind:');
    expect(await count('ingest_runs')).toBe(runs);
  });

  it('names a form field it does not know as a field of the upload, and ingests nothing', async () => {
    const runs = await count('ingest_runs');
    const response = await post(form([{ name: 'offers.csv', content: OFFERS_CSV }], { knd: 'offers' }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('unknown field "knd"');
    expect(await count('ingest_runs')).toBe(runs);
  });

  it("reads an upload through its mapping (headers, the file's own offer names) and date order", async () => {
    const csv = `Angebot,Kündigung,Art,Gezeigt,Angenommen
m1,c09,Rabatt,03.06.2024 15:01,yes
m2,c11,Pause,04.06.2024 13:01,no
`;
    const mapping = {
      columns: {
        Angebot: 'id',
        Kündigung: 'cancellation_id',
        Art: 'offer_type',
        Gezeigt: 'presented_at',
        Angenommen: 'accepted',
      },
      values: { offer_type: { rabatt: 'discount' } },
    };
    const response = await post(
      form([{ name: 'angebote.csv', content: csv }], { mapping: JSON.stringify(mapping), dateOrder: 'dmy' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(body.files[0]).toMatchObject({ kind: 'offers', status: 'ok', read: 2, loaded: 2, rejected: 0 });
    expect(
      await t.fixture.db.query(
        `SELECT id, offer_type, strftime(presented_at, '%Y-%m-%d %H:%M') AS presented_at, accepted
         FROM offers WHERE id IN ('m1', 'm2') ORDER BY id`,
      ),
    ).toEqual([
      { id: 'm1', offer_type: 'discount', presented_at: '2024-06-03 15:01', accepted: true },
      { id: 'm2', offer_type: 'pause', presented_at: '2024-06-04 13:01', accepted: false },
    ]);
  });

  it('reads a churn export with one row per customer through a mapping that reads its customer id as the id too', async () => {
    const customers =
      'customer_id,signed_up_at,plan,country\nup1,2026-01-01,pro,US\nup2,2026-06-01,basic,US\n';
    const churned = `customer_id,cancelled_at,plan,mrr,currency,reason
up1,2026-10-01,pro,49,USD,too pricey for us
up2,2026-10-02,basic,19,USD,we switched to a competitor
`;
    const mapping = {
      columns: { customer_id: ['customer_id', 'id'] },
      defaults: { channel: 'self_serve', outcome: 'cancelled' },
    };
    const files = [
      { name: 'customers.csv', content: customers },
      { name: 'churned.csv', content: churned },
    ];
    const response = await post(form(files, { mapping: JSON.stringify(mapping) }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestUploadResult;
    expect(
      body.files.map(({ name, kind, loaded, rejected, error }) => ({ name, kind, loaded, rejected, error })),
    ).toEqual([
      { name: 'customers.csv', kind: 'customers', loaded: 2, rejected: 0, error: null },
      { name: 'churned.csv', kind: 'cancellations', loaded: 2, rejected: 0, error: null },
    ]);
    expect(
      await t.fixture.db.query(
        `SELECT id, subscription_id, customer_id FROM cancellations WHERE customer_id LIKE 'up%' ORDER BY id`,
      ),
    ).toEqual([
      { id: 'up1', subscription_id: 'up1', customer_id: 'up1' },
      { id: 'up2', subscription_id: 'up2', customer_id: 'up2' },
    ]);
  });

  it.each([
    ['not JSON', '{"columns": ', 'mapping is not valid JSON'],
    ['an unknown key', '{"colums": {}}', 'mapping is invalid: (file): Unrecognized key: "colums"'],
    [
      'a list naming a field no kind has',
      '{"columns": {"customer_id": ["customer_id", "idd"]}}',
      'mapping is invalid: columns.customer_id: no kind has a field idd',
    ],
  ])('rejects a mapping that is %s, naming it, and ingests nothing', async (_title, mapping, message) => {
    const runs = await count('ingest_runs');
    const response = await post(form([{ name: 'offers.csv', content: OFFERS_CSV }], { mapping }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain(message);
    expect(await count('ingest_runs')).toBe(runs);
  });

  it('rejects a body that is not multipart', async () => {
    const response = await post(OFFERS_CSV, ADMIN, { 'Content-Type': 'text/csv' });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('multipart/form-data');
  });
});

describe('POST /api/ingest with an Excel workbook', () => {
  const app = useTestApp();

  it('ingests an uploaded Excel workbook from its first sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Offers');
    sheet.addRow(['id', 'cancellation_id', 'offer_type', 'presented_at', 'accepted']);
    sheet.addRow(['x1', 'c09', 'discount', new Date(Date.UTC(2024, 5, 20, 15, 1)), true]);
    const body = new FormData();
    body.append('file', new File([new Uint8Array(await workbook.xlsx.writeBuffer())], 'offers.xlsx'));
    const response = await app.app.request('/api/ingest', { method: 'POST', body });
    expect(response.status).toBe(200);
    const result = (await response.json()) as IngestUploadResult;
    expect(result.files[0]).toMatchObject({ name: 'offers.xlsx', kind: 'offers', loaded: 1, rejected: 0 });
    expect(
      await app.fixture.db.query(
        `SELECT presented_at::VARCHAR AS presented_at, accepted FROM offers WHERE id = 'x1'`,
      ),
    ).toEqual([{ presented_at: '2024-06-20 15:01:00', accepted: true }]);
  });
});
