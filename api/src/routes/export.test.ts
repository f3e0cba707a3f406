import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHURN_FIXTURE, type ChurnFixture, type FixtureCancellation } from '../testing/churn-fixture.ts';
import { useTestApp } from '../testing/test-app.ts';

const FORMULA = '=HYPERLINK("http://evil.example","refund")';
const formulaRow: FixtureCancellation = {
  ...(CHURN_FIXTURE.cancellations[0] as FixtureCancellation),
  id: 'c21',
  requestedAt: '2024-06-29 12:00:00',
  reasonCode: null,
  reasonText: FORMULA,
};
/** April e-mail requests whose texts start with each formula trigger, and two that must stay as they are. */
const TRIGGER_TEXTS = ['+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=2+2', ' =padded', 'plain text'];
const triggerRows: FixtureCancellation[] = TRIGGER_TEXTS.map((text, index) => ({
  ...formulaRow,
  id: `t${index}`,
  requestedAt: `2024-04-${String(10 + index)} 12:00:00`,
  channel: 'email',
  reasonText: text,
}));
const fixture: ChurnFixture = {
  ...CHURN_FIXTURE,
  cancellations: [...CHURN_FIXTURE.cancellations, formulaRow, ...triggerRows],
};

describe('GET /api/export', () => {
  const t = useTestApp({ fixture });
  let scratch: string;
  let duckdb: DuckDBInstance;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'export-test-'));
    duckdb = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => {
    duckdb.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function download(query: string) {
    const response = await t.app.request(`/api/export?${query}`);
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** Saves a download and reads it back with DuckDB (read_csv / read_parquet picked by the extension). */
  async function readBack(bytes: Buffer, name: string) {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    const connection = await duckdb.connect();
    const reader = name.endsWith('.csv')
      ? await connection.runAndReadAll(`SELECT * FROM read_csv($path, header = true, all_varchar = true)`, {
          path,
        })
      : await connection.runAndReadAll(`SELECT * FROM read_parquet($path)`, { path });
    const rows = reader.getRowObjectsJson();
    connection.closeSync();
    return rows;
  }

  async function readXlsx(bytes: Buffer, sheetName: string): Promise<ExcelJS.Worksheet> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    return sheet;
  }

  it('streams filtered cancellations as CSV with a header, one row per cancellation', async () => {
    const { response, bytes } = await download(
      'dataset=cancellations&format=csv&from=2024-06-01&channel=self_serve',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="churnlens-cancellations-2024-06-01-to-end.csv"',
    );
    // June self-serve: c01, c04, c09 and the added c21.
    expect(response.headers.get('x-row-count')).toBe('4');
    const text = bytes.toString('utf8');
    expect(text.split('\n')[0]).toMatch(/^id,customer_id,subscription_id,requested_at,channel,/);
    const rows = await readBack(bytes, 'cancellations.csv');
    expect(rows.map((row) => row.id)).toEqual(['c01', 'c04', 'c09', 'c21']);
    expect(rows[0]).toMatchObject({
      requested_at: '2024-06-02 10:00:00',
      reason: 'too_expensive',
      mrr: '50.0',
    });
  });

  it('neutralizes a customer-written formula in CSV', async () => {
    const { bytes } = await download('dataset=cancellations&format=csv&from=2024-06-29');
    const rows = await readBack(bytes, 'formula.csv');
    const row = rows.find((candidate) => candidate.id === 'c21');
    expect(row?.reason_text).toBe(`'${FORMULA}`);
  });

  it('neutralizes every formula trigger in CSV exactly as neutralizeFormula does', async () => {
    const { bytes } = await download(
      'dataset=cancellations&format=csv&from=2024-04-10&to=2024-04-16&channel=email',
    );
    const rows = await readBack(bytes, 'triggers.csv');
    expect(rows.map((row) => row.reason_text)).toEqual(TRIGGER_TEXTS.map(neutralizeFormula));
    expect(rows.map((row) => row.reason_text)).toContain('plain text');
  });

  it('writes Parquet that DuckDB reads back with typed, unmodified values', async () => {
    const { response, bytes } = await download('dataset=cancellations&format=parquet');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    // Without dates the name says so, with the day of the export.
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="churnlens-cancellations-all-dates-exported-${today}.parquet"`,
    );
    const rows = await readBack(bytes, 'cancellations.parquet');
    expect(rows).toHaveLength(20 + 1 + TRIGGER_TEXTS.length);
    const c03 = rows.find((row) => row.id === 'c03');
    // 100 GBP at the fixture's 1.25 USD per GBP; reason from the v2 classification.
    expect(c03).toMatchObject({ mrr: 100, currency: 'GBP', mrr_usd: 125, reason: 'switched_service' });
    expect(rows.find((row) => row.id === 'c21')?.reason_text).toBe(FORMULA);
  });

  it('writes XLSX that exceljs opens, with dates as dates and formulas neutralized', async () => {
    const { response, bytes } = await download('dataset=cancellations&format=xlsx&from=2024-06-01');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('cancellations');
    expect(sheet).toBeDefined();
    const header = sheet?.getRow(1).values as unknown[];
    expect(header.slice(1, 5)).toEqual(['id', 'customer_id', 'subscription_id', 'requested_at']);
    // 12 June cancellations of the fixture and c21, after the header.
    expect(sheet?.rowCount).toBe(14);
    const first = sheet?.getRow(2);
    expect(first?.getCell(1).value).toBe('c01');
    expect(first?.getCell(4).value).toEqual(new Date('2024-06-02T10:00:00Z'));
    const reasonTextColumn = header.indexOf('reason_text');
    const c21 = sheet?.getRows(2, 13)?.find((row) => row.getCell(1).value === 'c21');
    expect(c21?.getCell(reasonTextColumn).value).toBe(`'${FORMULA}`);
  });

  it('writes XLSX cells as a spreadsheet user reads them: numbers, booleans, formatted dates, blank cells', async () => {
    const { response, bytes } = await download('dataset=cancellations&format=xlsx&from=2024-06-01');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    const sheet = await readXlsx(bytes, 'cancellations');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toHaveLength(24);
    expect(header.slice(-5)).toEqual([
      'reason_text',
      'confidence',
      'needs_review',
      'effective_at',
      'reactivated_at',
    ]);
    // c01: 50 USD on pro, 504 days of tenure, no review needed, never reactivated.
    const c01 = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
    expect(c01('requested_at').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getColumn(header.indexOf('requested_at') + 1).width).toBe(20);
    expect([c01('mrr').value, c01('mrr_usd').value, c01('tenure_days').value]).toEqual([50, 50, 504]);
    expect(c01('mrr').type).toBe(ExcelJS.ValueType.Number);
    expect(c01('needs_review').value).toBe(false);
    expect(c01('plan').value).toBe('pro');
    expect(c01('reactivated_at').value).toBeNull();
  });

  it('writes offers and verbatims as XLSX with their own sheet, header and typed cells', async () => {
    const offers = await readXlsx(
      (await download('dataset=offers&format=xlsx&reason=too_expensive')).bytes,
      'offers',
    );
    expect((offers.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      'id',
      'cancellation_id',
      'offer_type',
      'offer_detail',
      'presented_at',
    ]);
    // The same four offers as the Parquet export above, in the same order.
    expect(offers.rowCount).toBe(5);
    const o10 = offers.getRow(2);
    expect([o10.getCell(1).value, o10.getCell(6).value]).toEqual(['o10', true]);
    expect(o10.getCell(5).value).toEqual(new Date('2024-04-01T10:01:00Z'));
    expect(offers.getRow(3).getCell(7).value).toBeNull();

    const verbatims = await readXlsx(
      (await download('dataset=verbatims&format=xlsx&from=2024-05-02&to=2024-05-31')).bytes,
      'verbatims',
    );
    expect(verbatims.rowCount).toBe(6);
    expect((verbatims.getRow(5).values as unknown[]).slice(1, 4)).toEqual(['survey', 's7', 'c16']);
  });

  it('neutralizes every formula trigger in XLSX, as in CSV', async () => {
    const { bytes } = await download(
      'dataset=cancellations&format=xlsx&from=2024-04-10&to=2024-04-16&channel=email',
    );
    const sheet = await readXlsx(bytes, 'cancellations');
    const reasonText = (sheet.getRow(1).values as unknown[]).indexOf('reason_text');
    const texts = sheet.getRows(2, TRIGGER_TEXTS.length)?.map((row) => row.getCell(reasonText).value);
    // XML reads a carriage return as a line feed; exceljs' writer gave the same file.
    expect(texts).toEqual(TRIGGER_TEXTS.map(neutralizeFormula).map((text) => text.replace('\r', '\n')));
  });

  it('exports offers with the reason of the cancellation they were made on', async () => {
    const { bytes } = await download('dataset=offers&format=parquet&reason=too_expensive');
    const rows = await readBack(bytes, 'offers.parquet');
    // too_expensive cancellations with offers: c18 (o10), c01 (o04), c05 (o02), c12 (o07), by presented_at.
    expect(rows.map((row) => [row.id, row.offer_type, row.accepted])).toEqual([
      ['o10', 'discount', true],
      ['o04', 'discount', false],
      ['o02', 'downgrade', true],
      ['o07', 'pause', true],
    ]);
  });

  it('exports verbatims: reason texts and survey answers with their effective reason', async () => {
    const { bytes } = await download('dataset=verbatims&format=parquet&from=2024-05-02&to=2024-05-31');
    const rows = await readBack(bytes, 'verbatims.parquet');
    expect(rows.map((row) => [row.source, row.record_id, row.reason])).toEqual([
      ['cancellation', 'c13', 'switched_service'],
      ['cancellation', 'c14', 'other'],
      ['cancellation', 'c16', 'missing_features'],
      ['survey', 's7', 'other'],
      ['cancellation', 'c17', 'customer_service'],
    ]);
    expect(rows.find((row) => row.record_id === 's7')).toMatchObject({
      text: 'will probably return',
      cancellation_id: 'c16',
    });
  });

  it('deletes its temporary file once the download has been read', async () => {
    // A temporary folder of its own: other test files export into the shared one at the same time.
    const own = mkdtempSync(join(tmpdir(), 'churnlens-export-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      const response = await t.app.request('/api/export?dataset=offers&format=csv');
      expect(readdirSync(own)).toEqual([expect.stringMatching(/^churnlens-download-/)]);
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('requires a known dataset and format', async () => {
    const missing = await t.getJson('/api/export?format=csv');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('dataset:');
    const format = await t.getJson('/api/export?dataset=offers&format=pdf');
    expect(format.status).toBe(400);
    expect(format.body.message).toContain('format:');
  });
});
