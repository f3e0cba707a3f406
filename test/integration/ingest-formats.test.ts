/**
 * The same records arrive in many shapes: semicolon CSV with BOM and CRLF, TSV, JSON arrays, NDJSON,
 * Parquet, unfamiliar headers with a mapping file. Each loads into the same rows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type IngestReport, ingestFiles, MappingFileError, readMappingFile } from '@churnlens/ingest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  CANCELLATION_HEADER,
  cancellationRecord,
  cancellationRow,
  cancellationsCsv,
  keywordClassifier,
  tempDatabasePerTest,
} from '../support/ingest-fixtures.ts';

const CUSTOMERS = [
  { id: 'cus_1', signed_up_at: '2023-01-05T08:00:00Z', plan: 'pro', country: 'de', segment: 'smb' },
  { id: 'cus_2', signed_up_at: '2023-02-10', plan: 'team', country: 'FR', segment: null },
];
const EXPECTED = [
  { id: 'cus_1', signed_up_at: '2023-01-05 08:00:00', plan: 'pro', country: 'DE', segment: 'smb' },
  { id: 'cus_2', signed_up_at: '2023-02-10 00:00:00', plan: 'team', country: 'FR', segment: null },
];

const NOT_READ =
  'not read (churnlens reads .csv, .tsv, .json, .ndjson, .parquet and .xlsx files, also gzip-compressed, and ZIP archives of them; name a file of another extension to have its format detected)';

describe('ingest formats', () => {
  const temp = tempDatabasePerTest();

  const ingest = (paths: string | string[], options = {}) =>
    ingestFiles(temp.db, typeof paths === 'string' ? [paths] : paths, {
      classifier: keywordClassifier(),
      ...options,
    });
  const customers = () =>
    temp.rows(
      `SELECT id, signed_up_at::VARCHAR AS signed_up_at, plan, country, segment FROM customers ORDER BY id`,
    );

  it.each([
    {
      name: 'customers.csv',
      content:
        '\uFEFFCustomer ID;Signup Date;Plan;Country;Segment\r\ncus_1;2023-01-05T08:00:00Z;pro;de;smb\r\ncus_2;2023-02-10;team;FR;\r\n',
    },
    {
      name: 'customers.tsv',
      content:
        'id\tsigned_up_at\tplan\tcountry\tsegment\ncus_1\t2023-01-05T08:00:00Z\tpro\tde\tsmb\ncus_2\t2023-02-10\tteam\tFR\t\n',
    },
    { name: 'customers.json', content: JSON.stringify(CUSTOMERS) },
    { name: 'customers-with-bom.json', content: `\uFEFF${JSON.stringify(CUSTOMERS, null, 2)}` },
    { name: 'api-response.json', content: JSON.stringify({ data: CUSTOMERS, has_more: false, page: 1 }) },
    { name: 'odata.json', content: JSON.stringify({ '@odata.context': 'x', value: CUSTOMERS }) },
    { name: 'customers.ndjson', content: CUSTOMERS.map((row) => JSON.stringify(row)).join('\n') },
  ])('loads $name', async ({ name, content }) => {
    const report = await ingest(temp.file(name, content));
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      kind: 'customers',
      read: 2,
      loaded: 2,
      rejected: 0,
    });
    expect(await customers()).toEqual(EXPECTED);
  });

  /**
   * A semicolon-separated cancellations file, as European Excel saves one, whose rows c1, c2 … have these
   * amounts, each in its currency when one is given. The amount is put in after the row is written, since
   * it may hold the commas the row's fields are joined with.
   */
  function amountsFile(amounts: readonly [mrr: string, currency?: string][]): string {
    const rows = amounts.map(([mrr, currency], index) =>
      cancellationRow(`c${index + 1}`, { mrr: 'MRR', ...(currency ? { currency } : {}), reason_text: '' })
        .replaceAll(',', ';')
        .replace('MRR', mrr),
    );
    return temp.file(
      'cancellations.csv',
      `${CANCELLATION_HEADER.replaceAll(',', ';')}\n${rows.join('\n')}\n`,
    );
  }

  it('reads amounts written with a decimal comma or thousands separators, and rejects the ambiguous "1,234" and "1.200"', async () => {
    const mrrs = ['49,90', '1.234,50', '1,234.50', '49.90', '1,234', '1.200', '12.500.000', '1.20'];
    const report = await ingest(amountsFile(mrrs.map((mrr) => [mrr])));
    expect(report.files[0]).toMatchObject({ kind: 'cancellations', read: 8, loaded: 5, rejected: 3 });
    expect(await temp.rows(`SELECT id, mrr::VARCHAR AS mrr FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', mrr: '49.90' },
      { id: 'c2', mrr: '1234.50' },
      { id: 'c3', mrr: '1234.50' },
      { id: 'c4', mrr: '49.90' },
      { id: 'c8', mrr: '1.20' },
    ]);
    // A German export's 1.200 is 1200, an English one's 1.2: read as either, it would be wrong in the other.
    const why =
      'could be thousands or decimals (1.200 is 1200 in some exports and 1.2 in others): write it without the separator, or with two decimals (1200,00 or 1.20)';
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 6, message: `mrr: "1,234" ${why}` },
        { line: 7, message: `mrr: "1.200" ${why}` },
        { line: 8, message: `mrr: "12.500.000" ${why}` },
      ],
    );
  });

  it("reads thousands grouped by spaces (1 234,50, as French and Nordic Excel write them) or Swiss apostrophes (1'234.50)", async () => {
    const amounts: [string, string][] = [
      ['1 234,50', 'EUR'],
      ['12\u202f345\u202f678,90', 'EUR'],
      ['1\u00a0234,50\u00a0€', 'EUR'],
      ['1 234', 'SEK'],
      ["1'234.50", 'CHF'],
      ['CHF 1\u2019234.50', 'CHF'],
      ['$ 1 234.50', 'USD'],
      ['12 34', 'EUR'],
    ];
    const report = await ingest(amountsFile(amounts));
    expect(report.files[0]).toMatchObject({ read: 8, loaded: 7, rejected: 1 });
    expect(
      await temp.rows(`SELECT id, mrr::VARCHAR AS mrr, currency FROM cancellations ORDER BY id`),
    ).toEqual([
      { id: 'c1', mrr: '1234.50', currency: 'EUR' },
      { id: 'c2', mrr: '12345678.90', currency: 'EUR' },
      { id: 'c3', mrr: '1234.50', currency: 'EUR' },
      { id: 'c4', mrr: '1234.00', currency: 'SEK' },
      { id: 'c5', mrr: '1234.50', currency: 'CHF' },
      { id: 'c6', mrr: '1234.50', currency: 'CHF' },
      { id: 'c7', mrr: '1234.50', currency: 'USD' },
    ]);
    // A space that does not group three digits is no thousands mark: "12 34" may be two numbers run together.
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
      { line: 9, message: 'mrr: "12 34" is not a number' },
    ]);
  });

  it("reads amounts saved with their currency's sign or code, and rejects one in another currency", async () => {
    const amounts: [string, string][] = [
      ['$39.00', 'USD'],
      ['39,00 €', 'EUR'],
      ['£1,234.50', 'GBP'],
      ['R$ 49,90', 'BRL'],
      ['49.90 usd', 'USD'],
      ['$5', 'CAD'],
      ['€12', 'GBP'],
      ['12 EUR', 'USD'],
      // As Intl.NumberFormat writes money, with a no-break space.
      ['49,90\u00a0€', 'EUR'],
    ];
    const report = await ingest(amountsFile(amounts));
    expect(report.files[0]).toMatchObject({ read: 9, loaded: 7, rejected: 2 });
    expect(
      await temp.rows(`SELECT id, mrr::VARCHAR AS mrr, currency FROM cancellations ORDER BY id`),
    ).toEqual([
      { id: 'c1', mrr: '39.00', currency: 'USD' },
      { id: 'c2', mrr: '39.00', currency: 'EUR' },
      { id: 'c3', mrr: '1234.50', currency: 'GBP' },
      { id: 'c4', mrr: '49.90', currency: 'BRL' },
      { id: 'c5', mrr: '49.90', currency: 'USD' },
      { id: 'c6', mrr: '5.00', currency: 'CAD' },
      { id: 'c9', mrr: '49.90', currency: 'EUR' },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 8, message: 'mrr: "€12" is written in € but currency is "GBP"' },
        { line: 9, message: 'mrr: "12 EUR" is written in EUR but currency is "USD"' },
      ],
    );
  });

  it('says of an amount in parentheses that it is negative, as accounting formats write one, not that it is no number', async () => {
    const rows = ['(12.50)', '"($1,234.50)"', '(call me 555)'].map((mrr, index) =>
      cancellationRow(`c${index + 1}`, { mrr }),
    );
    const report = await ingest(temp.file('cancellations.csv', cancellationsCsv(rows)));
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 0, rejected: 3 });
    const negative =
      'is a negative amount, as accounting formats write one in parentheses, and must not be negative';
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 2, message: `mrr: "(12.50)" ${negative}` },
        { line: 3, message: `mrr: "($1,234.50)" ${negative}` },
        { line: 4, message: 'mrr: "(call me 555)" is not a number' },
      ],
    );
  });

  describe('the MRR in minor units (cents), as billing tools export it', () => {
    const CENTS_HEADER = CANCELLATION_HEADER.replace('mrr', 'mrr_in_cents');
    const centsCsv = (amounts: [string, string][]) =>
      `${CENTS_HEADER}\n${amounts.map(([cents, currency], index) => cancellationRow(`c${index + 1}`, { mrr: cents, currency })).join('\n')}\n`;
    const stored = () => temp.rows(`SELECT id, mrr::VARCHAR AS mrr, currency FROM cancellations ORDER BY id`);
    const run = async () =>
      (await temp.rows<{ mapping: string; message: string }>(`SELECT mapping, message FROM ingest_runs`))[0];

    it("divides a mrr_in_cents column by its row's currency's minor units: 4900 USD is 49.00, 4900 JPY 4900, 1 234 500 SEK 12345.00", async () => {
      const path = temp.file(
        'cancellations.csv',
        centsCsv([
          ['4900', 'USD'],
          ['4900', 'JPY'],
          ['4900', 'KWD'],
          ['4900.0', 'EUR'],
          ['1 234 500', 'SEK'],
        ]),
      );
      expect((await ingest(path)).files[0]).toMatchObject({ loaded: 5, rejected: 0 });
      expect(await stored()).toEqual([
        { id: 'c1', mrr: '49.00', currency: 'USD' },
        { id: 'c2', mrr: '4900.00', currency: 'JPY' },
        { id: 'c3', mrr: '4.90', currency: 'KWD' },
        { id: 'c4', mrr: '49.00', currency: 'EUR' },
        { id: 'c5', mrr: '12345.00', currency: 'SEK' },
      ]);
      const { mapping, message } = (await run()) ?? { mapping: '{}', message: '' };
      expect(message).toContain(
        `mrr: column "mrr_in_cents" in its currency's minor units (4900 USD as 49.00)`,
      );
      // Recorded as what it is, so that the recorded mapping reads such a file the same way again.
      expect(JSON.parse(mapping).columns).toMatchObject({ mrr_in_cents: 'mrr_minor_units' });
    });

    it('rejects a decimal, negative or oversized amount in minor units, naming the column and saying minor units', async () => {
      const path = temp.file(
        'cancellations.csv',
        centsCsv([
          ['4900', 'USD'],
          ['49.90', 'USD'],
          ['-4900', 'USD'],
          ['forty', 'USD'],
          ['100000000000000000', 'USD'],
        ]),
      );
      // Not redacted: to the redaction of rejected rows, 18 digits are a card number.
      expect((await ingest(path, { redact: false })).files[0]).toMatchObject({ loaded: 1, rejected: 4 });
      const label = 'mrr (minor units in column "mrr_in_cents")';
      expect(
        await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
      ).toEqual([
        {
          line: 3,
          field: 'mrr',
          message: `${label}: "49.90" is in minor units, so it must be a whole number`,
        },
        { line: 4, field: 'mrr', message: `${label}: "-4900" must not be negative` },
        { line: 5, field: 'mrr', message: `${label}: "forty" is not a number` },
        {
          line: 6,
          field: 'mrr',
          message: `${label}: "100000000000000000" is too large an amount to store`,
        },
      ]);
    });

    it('reads a column the mapping maps to "mrr_minor_units", and records that target so the mapping serves again', async () => {
      const header = CANCELLATION_HEADER.replace('mrr', 'Betrag');
      const path = temp.file(
        'cancellations.csv',
        `${header}\n${cancellationRow('c1', { mrr: '4900', currency: 'JPY' })}\n`,
      );
      const mapping = { columns: { Betrag: 'mrr_minor_units' }, defaults: {} };
      expect((await ingest(path, { mapping })).files[0]).toMatchObject({ loaded: 1, rejected: 0 });
      expect(await stored()).toEqual([{ id: 'c1', mrr: '4900.00', currency: 'JPY' }]);
      const recorded = JSON.parse((await run())?.mapping ?? '{}');
      expect(recorded.columns).toMatchObject({ Betrag: 'mrr_minor_units' });
      const again = await ingest(path, { mapping: { columns: recorded.columns, defaults: {} } });
      expect(again.files[0]).toMatchObject({ unchanged: 1, rejected: 0 });
    });

    it('refuses a price in cents it cannot tell is monthly, saying how to map it', async () => {
      const header = CANCELLATION_HEADER.replace('mrr', 'price_cents');
      const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1', { mrr: '4900' })}\n`);
      const report = await ingest(path);
      expect(report.files[0]?.status).toBe('failed');
      expect(report.files[0]?.error).toMatch(
        /^no column for required cancellations field\(s\) mrr .*\. "price_cents" says cents: if it holds the monthly amount, map it to "mrr_minor_units" \(\{"columns": \{"price_cents": "mrr_minor_units"\}\}\)$/,
      );
    });

    it("loads a cents column mapped to plain mrr as written, and warns in the file's report and in the run how to map it", async () => {
      const header = CANCELLATION_HEADER.replace('mrr', 'price_cents');
      const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1', { mrr: '4900' })}\n`);
      const mapping = { columns: { price_cents: 'mrr' }, defaults: {} };
      const report = await ingest(path, { mapping });
      expect(await stored()).toEqual([{ id: 'c1', mrr: '4900.00', currency: 'USD' }]);
      const warning =
        'mrr: column "price_cents" is read as written, but its name says minor units: if 4900 in it means 49.00, ' +
        'map it to "mrr_minor_units" instead ({"columns": {"price_cents": "mrr_minor_units"}})';
      expect(report.files[0]?.warnings).toEqual([warning]);
      expect((await run())?.message).toContain(warning);
    });
  });

  it('reads a currency column holding a sign of one currency, and one of several through the mapping file', async () => {
    const rows = [
      cancellationRow('c1', { currency: '€' }),
      cancellationRow('c2', { currency: '£' }),
      cancellationRow('c3', { currency: '$' }),
      cancellationRow('c4', { currency: 'Euro' }),
    ];
    const path = temp.file('cancellations.csv', cancellationsCsv(rows));
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(await temp.rows(`SELECT id, currency FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', currency: 'EUR' },
      { id: 'c2', currency: 'GBP' },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        {
          line: 4,
          message:
            'currency: "$" stands for several currencies (USD, CAD, AUD, NZD, SGD, HKD, MXN, CLP): write the ISO code, or map it with "values" in the mapping file',
        },
        { line: 5, message: 'currency: "Euro" is not a known ISO 4217 currency code' },
      ],
    );

    const mapping = { columns: {}, defaults: {}, values: { currency: { $: 'CAD', Euro: 'EUR' } } };
    const again = await ingest(path, { mapping });
    expect(again.files[0]).toMatchObject({ read: 4, loaded: 2, unchanged: 2, rejected: 0 });
    expect(
      await temp.rows(`SELECT id, currency FROM cancellations WHERE id IN ('c3', 'c4') ORDER BY id`),
    ).toEqual([
      { id: 'c3', currency: 'CAD' },
      { id: 'c4', currency: 'EUR' },
    ]);
  });

  /** A cancellations CSV whose requested_at and handled_at are the given texts, one row each. */
  const datedCancellations = (dates: [string, string][]) =>
    temp.file(
      'cancellations.csv',
      `${CANCELLATION_HEADER},handled_at\n${dates
        .map(
          ([requested, handled], index) =>
            `${cancellationRow(`c${index + 1}`, { requested_at: requested })},${handled}`,
        )
        .join('\n')}\n`,
    );
  const datesLoaded = () =>
    temp.rows(
      `SELECT id, requested_at::VARCHAR AS requested, handled_at::VARCHAR AS handled FROM cancellations ORDER BY id`,
    );

  it('reads dates as Excel saves them in the US (3/25/2024 9:05 PM) once one has a day above 12, and says so', async () => {
    const report = await ingest(
      datedCancellations([
        ['3/1/2024', '3/1/2024 9:05 PM'],
        ['3/25/2024', '3/25/2024 10:15:30'],
        ['2024-03-02', ''],
      ]),
    );
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect(await datesLoaded()).toEqual([
      { id: 'c1', requested: '2024-03-01 00:00:00', handled: '2024-03-01 21:05:00' },
      { id: 'c2', requested: '2024-03-25 00:00:00', handled: '2024-03-25 10:15:30' },
      { id: 'c3', requested: '2024-03-02 00:00:00', handled: null },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      'numeric dates read as month/day/year: "3/25/2024" has a second number above 12',
    );
  });

  it('reads day-first dates with dots or dashes (25.03.2024 14:30, 01-04-2024)', async () => {
    await ingest(
      datedCancellations([
        ['25.03.2024', '25.03.2024 14:30'],
        ['01-04-2024', ''],
      ]),
    );
    expect(await datesLoaded()).toEqual([
      { id: 'c1', requested: '2024-03-25 00:00:00', handled: '2024-03-25 14:30:00' },
      { id: 'c2', requested: '2024-04-01 00:00:00', handled: null },
    ]);
  });

  it('rejects numeric dates whose order a file does not settle, naming --date-order, and reads them as given', async () => {
    const path = datedCancellations([
      ['03/01/2024', ''],
      ['04/02/2024', ''],
    ]);
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ read: 2, loaded: 0, rejected: 2 });
    expect(await temp.rows(`SELECT DISTINCT field, message FROM rejected_rows WHERE line = 2`)).toEqual([
      {
        field: 'requested_at',
        message:
          'requested_at: "03/01/2024" is a numeric date whose day/month order the file does not settle: pass --date-order dmy or mdy (or "dateOrder" in the mapping file)',
      },
    ]);
    await ingest(path, { mapping: { columns: {}, defaults: {}, dateOrder: 'dmy' } });
    expect((await datesLoaded()).map((row) => row.requested)).toEqual([
      '2024-01-03 00:00:00',
      '2024-02-04 00:00:00',
    ]);
  });

  it('rejects a two-digit year and a spreadsheet date serial (46362) saying what they are, not that they are out of range', async () => {
    const path = datedCancellations([
      ['06/12/26', ''],
      ['6-Dec-26', ''],
      ['46362', ''],
      ['2026-12-06', '46362.75'],
      ['0026-12-06', ''],
    ]);
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 0, rejected: 5 });
    const twoDigits =
      'has a two-digit year, whose century churnlens does not guess: write years with four digits (2026-12-06; in a spreadsheet, a date format with yyyy)';
    const serial = (date: string) =>
      `is a number, not a date: a spreadsheet date serial (${date} as Excel counts)? Format the column as dates in the sheet (yyyy-mm-dd) and save it again`;
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows ORDER BY line`)).toEqual(
      [
        { line: 2, message: `requested_at: "06/12/26" ${twoDigits}` },
        { line: 3, message: `requested_at: "6-Dec-26" ${twoDigits}` },
        { line: 4, message: `requested_at: "46362" ${serial('2026-12-06')}` },
        { line: 5, message: `handled_at: "46362.75" ${serial('2026-12-06')}` },
        // Written with four digits, year 26 is what it says, and out of range.
        { line: 6, message: 'requested_at: "0026-12-06" must be between 1900-01-01 and 2999-12-31' },
      ],
    );
  });

  it('reads Unix seconds with a fraction (1709287200.0 as pandas writes them with gaps, 1709287200.25 from time.time())', async () => {
    const dates = ['1709287200.0', '1709287200.25', '1709287200.1234567'];
    const rows = dates.map((date, index) => cancellationRow(`c${index + 1}`, { requested_at: date }));
    const report = await ingest(temp.file('cancellations.csv', cancellationsCsv(rows)));
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(
      await temp.rows(`SELECT id, requested_at::VARCHAR AS requested_at FROM cancellations ORDER BY id`),
    ).toEqual([
      { id: 'c1', requested_at: '2024-03-01 10:00:00' },
      { id: 'c2', requested_at: '2024-03-01 10:00:00.25' },
    ]);
    // Finer than the microseconds a timestamp holds: no clock writes that, so it is no time.
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 4, field: 'requested_at' },
    ]);
  });

  it('reads Unix time (seconds, milliseconds), compact dates, dates with a month name, times marked UTC or GMT and Google Forms timestamps', async () => {
    const dates = [
      '1709287200',
      '1709287200000',
      '20240301',
      'March 1, 2024',
      '1 Mar 2024',
      'Mar 1, 2024 10:00 PM',
      'Fri, 01 Mar 2024 10:00:00 GMT',
      'March 1, 2024, 10:00 AM',
      '2024-03-01 10:00:00 UTC',
      '2024-03-01 10:00:00 GMT',
      'Marchish 1',
      // Google Forms' Timestamp, with and without the offset; then Excel's dd-mmm-yyyy, and a BI tool's seconds.
      '2024/03/01 11:00:00 AM GMT+1',
      '2024/03/01 10:00:00 AM',
      '01-Mar-2024 10:00',
      'Mar 1, 2024, 10:00:00 AM',
      '2024/03/01 4:00:00 AM GMT-6',
    ];
    const rows = dates.map((date, index) => cancellationRow(`c${index + 1}`, { requested_at: `"${date}"` }));
    const report = await ingest(temp.file('cancellations.csv', cancellationsCsv(rows)));
    expect(report.files[0]).toMatchObject({ read: 16, loaded: 15, rejected: 1 });
    expect(
      await temp.rows(
        `SELECT id, requested_at::VARCHAR AS requested_at FROM cancellations ORDER BY length(id), id`,
      ),
    ).toEqual([
      { id: 'c1', requested_at: '2024-03-01 10:00:00' },
      { id: 'c2', requested_at: '2024-03-01 10:00:00' },
      { id: 'c3', requested_at: '2024-03-01 00:00:00' },
      { id: 'c4', requested_at: '2024-03-01 00:00:00' },
      { id: 'c5', requested_at: '2024-03-01 00:00:00' },
      { id: 'c6', requested_at: '2024-03-01 22:00:00' },
      { id: 'c7', requested_at: '2024-03-01 10:00:00' },
      { id: 'c8', requested_at: '2024-03-01 10:00:00' },
      { id: 'c9', requested_at: '2024-03-01 10:00:00' },
      { id: 'c10', requested_at: '2024-03-01 10:00:00' },
      { id: 'c12', requested_at: '2024-03-01 10:00:00' },
      { id: 'c13', requested_at: '2024-03-01 10:00:00' },
      { id: 'c14', requested_at: '2024-03-01 10:00:00' },
      { id: 'c15', requested_at: '2024-03-01 10:00:00' },
      { id: 'c16', requested_at: '2024-03-01 10:00:00' },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 12, field: 'requested_at' },
    ]);
  });

  it('reads whether an offer was taken from its status (Accepted, Declined), and names the spellings it knows', async () => {
    await ingest(temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${cancellationRow('c1')}\n`));
    const offers = temp.file(
      'offers.csv',
      'Offer ID,Cancellation ID,Offer Type,Presented At,Offer Status\n' +
        'o1,c1,discount,2024-03-01T10:01:00Z,Accepted\no2,c1,pause,2024-03-01T10:02:00Z,Declined\n' +
        'o3,c1,pause,2024-03-01T10:03:00Z,maybe\n',
    );
    const report = await ingest(offers);
    expect(report.files[0]).toMatchObject({ kind: 'offers', read: 3, loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT id, accepted FROM offers ORDER BY id`)).toEqual([
      { id: 'o1', accepted: true },
      { id: 'o2', accepted: false },
    ]);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
      {
        message:
          'accepted (column "Offer Status"): "maybe" is not true or false (yes/no, 1/0, accepted/declined)',
      },
    ]);
  });

  it('reads an accepted column pandas wrote as floats (1.0, 0.0), and rejects a checkbox "x" whose blank would not say declined', async () => {
    await ingest(temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${cancellationRow('c1')}\n`));
    const offers = temp.file(
      'offers.csv',
      'id,cancellation_id,offer_type,presented_at,accepted\n' +
        'o1,c1,discount,2024-03-01T10:01:00Z,1.0\no2,c1,pause,2024-03-01T10:02:00Z,0.0\n' +
        'o3,c1,pause,2024-03-01T10:03:00Z,x\n',
    );
    const report = await ingest(offers);
    expect(report.files[0]).toMatchObject({ kind: 'offers', read: 3, loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT id, accepted FROM offers ORDER BY id`)).toEqual([
      { id: 'o1', accepted: true },
      { id: 'o2', accepted: false },
    ]);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
      { message: 'accepted: "x" is not true or false (yes/no, 1/0, accepted/declined)' },
    ]);
  });

  it('takes an offer with an acceptance time as accepted when the file has no column saying so', async () => {
    await ingest(temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${cancellationRow('c1')}\n`));
    const offers = temp.file(
      'offers.csv',
      'Offer ID,Cancellation ID,Offer Type,Presented At,Accepted At\n' +
        'o1,c1,discount,2024-03-01T10:01:00Z,2024-03-01T10:05:00Z\no2,c1,pause,2024-03-01T10:02:00Z,\n' +
        'o3,c1,pause,2024-03-01T10:03:00Z,NULL\n',
    );
    const report = await ingest(offers);
    expect(report.files[0]).toMatchObject({ kind: 'offers', read: 3, loaded: 3, rejected: 0 });
    expect(await temp.rows(`SELECT id, accepted FROM offers ORDER BY id`)).toEqual([
      { id: 'o1', accepted: true },
      { id: 'o2', accepted: false },
      { id: 'o3', accepted: false },
    ]);
    expect(await temp.rows(`SELECT message FROM ingest_runs WHERE kind = 'offers'`)).toEqual([
      { message: expect.stringContaining('accepted: whether column "Accepted At" has a value') },
    ]);
  });

  /** Ingests one cancellation per (outcome, channel) spelling, ids c1, c2 … in order. */
  function ingestSpellings(spelled: [outcome: string, channel: string][]) {
    const rows = spelled.map(([outcome, channel], index) =>
      cancellationRow(`c${index + 1}`, { outcome, channel }),
    );
    return ingest(temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${rows.join('\n')}\n`));
  }

  it('reads the other spellings exports use for channels and outcomes (Stripe\'s "canceled", "Live Chat")', async () => {
    const spelled: [string, string][] = [
      ['canceled', 'Live Chat'],
      ['Retained', 'phone'],
      ['churned', 'In-App'],
      ['downgrade', 'e-mail'],
      ['refunded', 'bot'],
    ];
    const report = await ingestSpellings(spelled);
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 4, rejected: 1 });
    expect(await temp.rows(`SELECT id, outcome, channel FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', outcome: 'cancelled', channel: 'agent_chat' },
      { id: 'c2', outcome: 'saved', channel: 'agent_phone' },
      { id: 'c3', outcome: 'cancelled', channel: 'self_serve' },
      { id: 'c4', outcome: 'downgraded', channel: 'email' },
    ]);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
      {
        message:
          'outcome: "refunded" is not one of cancelled, saved, paused, downgraded, abandoned (map other spellings with "values" in the mapping file)',
      },
    ]);
  });

  it('reads the words help desks and cancel flows write for a call, the app or an accepted offer ("Phone call", "Accepted offer")', async () => {
    const spelled: [string, string][] = [
      ['Accepted offer', 'Phone call'],
      ['Offer accepted', 'Mobile app'],
      ['Won back', 'Call center'],
      ['Cancelled', 'Web form'],
      ['Accepted', 'Mobile'],
    ];
    const report = await ingestSpellings(spelled);
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 4, rejected: 1 });
    expect(await temp.rows(`SELECT id, outcome, channel FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', outcome: 'saved', channel: 'agent_phone' },
      { id: 'c2', outcome: 'saved', channel: 'self_serve' },
      { id: 'c3', outcome: 'saved', channel: 'agent_phone' },
      { id: 'c4', outcome: 'cancelled', channel: 'self_serve' },
    ]);
    // Either could mean two things: the offer or the cancellation accepted, the app or a phone call.
    expect(await temp.rows(`SELECT field FROM rejected_rows`)).toEqual([{ field: 'channel, outcome' }]);
  });

  /** The tenure tests' outcome: of three rows, these loaded with these tenures and one rejected. */
  async function expectTenures(
    report: IngestReport,
    loaded: { id: string; tenure_days: number }[],
    message: string,
  ) {
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT id, tenure_days FROM cancellations ORDER BY id`)).toEqual(loaded);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([{ message }]);
  }

  it.each([
    { bad: '3/5/2024', problem: 'is after requested_at' },
    // Excel's day zero, which would count 45,000 days.
    { bad: '1899-12-30', problem: 'must be between 1900-01-01 and 2999-12-31' },
  ])(
    "counts the tenure in days from the subscription's start date, rejecting $bad",
    async ({ bad, problem }) => {
      // The start date stands where tenure_days would, under its own header.
      const header = CANCELLATION_HEADER.replace('tenure_days', 'Subscription Start');
      const starts = [
        ['c1', '2023-03-01'],
        ['c2', bad],
        ['c3', '4/20/2023'],
      ];
      const rows = starts.map(([id, start]) => cancellationRow(id ?? '', { tenure_days: start ?? '' }));
      const report = await ingest(temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`));
      await expectTenures(
        report,
        [
          { id: 'c1', tenure_days: 366 },
          { id: 'c3', tenure_days: 316 },
        ],
        `tenure_days (days since column "Subscription Start"): "${bad}" ${problem}`,
      );
    },
  );

  it('names the columns of the mapping the file does not have, such as a misspelt header', async () => {
    const header = CANCELLATION_HEADER.replace('reason_text', 'Kommentar');
    const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1')}\n`);
    const mapping = { columns: { Kommentare: 'reason_text' }, defaults: {} };
    await ingest(path, { mapping });
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('ignored columns: Kommentar');
    expect(run?.message).toContain('columns of the mapping not in this file: "Kommentare"');
  });

  it('reads a required field whose name is written twice from its first column, warns how often the two differ, and reads the other through the mapping', async () => {
    const header = `${CANCELLATION_HEADER},requested_at`;
    const rows = [`${cancellationRow('c1')},2024-03-05`, `${cancellationRow('c2')},2024-03-01T10:00:00Z`];
    const path = temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`);
    const warning =
      'column 13 "requested_at" repeats the name of column 4: read as "requested_at_1", which no field reads; ' +
      'requested_at is read from column 4, and the two differ in 1 of 2 rows (map "requested_at_1" with --mapping to use it)';
    const first = await ingest(path);
    expect(first.files[0]).toMatchObject({
      status: 'ok',
      loaded: 2,
      rejected: 0,
      warnings: [warning],
      ignoredColumns: ['requested_at_1 (the second "requested_at")'],
    });
    const requested = () =>
      temp.rows(`SELECT id, requested_at::VARCHAR AS requested_at FROM cancellations ORDER BY id`);
    expect(await requested()).toEqual([
      { id: 'c1', requested_at: '2024-03-01 10:00:00' },
      { id: 'c2', requested_at: '2024-03-01 10:00:00' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(warning);
    expect(run?.message).toContain('ignored columns: requested_at_1 (the second "requested_at")');

    const mapped = await ingest(path, {
      mapping: { columns: { requested_at_1: 'requested_at' }, defaults: {} },
    });
    expect(mapped.files[0]).toMatchObject({
      status: 'ok',
      updated: 1,
      warnings: [],
      ignoredColumns: ['requested_at (also names requested_at, read from "requested_at_1")'],
    });
    expect(await requested()).toEqual([
      { id: 'c1', requested_at: '2024-03-05 00:00:00' },
      { id: 'c2', requested_at: '2024-03-01 10:00:00' },
    ]);
    const [, mappedRun] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs ORDER BY id`);
    expect(mappedRun?.message).toContain(
      'column 13 "requested_at" repeats the name of column 4: read as "requested_at_1", which feeds requested_at',
    );
  });

  it('takes headers that differ only in case and spaces ("Comment", "comment ") for one name written twice, as the reader does', async () => {
    const header = `${CANCELLATION_HEADER.replace('reason_text', 'Comment')},comment `;
    const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1')},we moved to a rival\n`);
    const report = await ingest(path);
    expect(report.files[0]?.ignoredColumns).toEqual(['comment_1 (the second "comment")']);
    expect(report.files[0]?.warnings).toEqual([
      'column 13 "comment " repeats the name of column 11 ("Comment"): read as "comment_1", which no field reads; ' +
        'reason_text is read from column 11, and the two differ in 1 of 1 row (map "comment_1" with --mapping to use it)',
    ]);
    expect(await temp.rows(`SELECT reason_text FROM cancellations`)).toEqual([
      { reason_text: 'Too expensive for our team' },
    ]);
  });

  it('says of a real comment_1 after two "comment" columns that it is read as comment_1_1, the repeat having its name', async () => {
    const header = `${CANCELLATION_HEADER.replace('reason_text', 'comment')},comment,comment_1`;
    const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1')},we moved,call back\n`);
    const report = await ingest(path);
    expect(report.files[0]?.ignoredColumns).toEqual([
      'comment_1 (the second "comment")',
      'comment_1_1 (the "comment_1" of column 14)',
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      'column 14 "comment_1" is read as "comment_1_1": the second "comment" (column 13) is read as "comment_1"',
    );
  });

  it('only notes a name written twice whose copies hold the same values, as nothing is lost', async () => {
    const header = `${CANCELLATION_HEADER},plan`;
    const path = temp.file('cancellations.csv', `${header}\n${cancellationRow('c1')},pro\n`);
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, warnings: [] });
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      'column 13 "plan" repeats the name of column 6: read as "plan_1", which no field reads; plan is read from column 6, which holds the same values',
    );
  });

  it('counts the tenure from a start-date column a mapping names, and records the mapping so that it serves again', async () => {
    const header = CANCELLATION_HEADER.replace('tenure_days', 'Kunde seit');
    const rows = [cancellationRow('c1', { tenure_days: '2023-03-01' })];
    const path = temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`);
    const mapping = { columns: { 'Kunde seit': 'tenure_start' }, defaults: {} };
    expect((await ingest(path, { mapping })).files[0]).toMatchObject({ loaded: 1, rejected: 0 });
    expect(await temp.rows(`SELECT tenure_days FROM cancellations`)).toEqual([{ tenure_days: 366 }]);
    const [run] = await temp.rows<{ mapping: string }>(`SELECT mapping FROM ingest_runs`);
    const recorded = JSON.parse(run?.mapping ?? '{}');
    expect(recorded.columns).toMatchObject({ 'Kunde seit': 'tenure_start' });
    // The recorded mapping, given back, reads the same file the same way.
    const again = await ingest(path, { mapping: { columns: recorded.columns, defaults: {} } });
    expect(again.files[0]).toMatchObject({ unchanged: 1, rejected: 0 });
  });

  describe('a churn export with one row per customer and no cancellation id, channel or outcome', () => {
    const MINIMAL = [
      'customer_id,cancelled_at,plan,mrr,currency,reason',
      'c1,2026-10-01,pro,49,USD,too pricey for us',
      'c2,2026-10-02,basic,19,USD,we switched to a competitor',
    ].join('\n');
    const MAPPING = {
      columns: { customer_id: ['customer_id', 'id'] },
      defaults: { channel: 'self_serve', outcome: 'cancelled' },
    };
    // The export has no tenure: it is counted from the customers' signup dates.
    const customersCsv =
      'customer_id,signed_up_at,plan,country\nc1,2026-01-01,pro,US\nc2,2026-06-01,basic,US\n';

    it('loads with a mapping that reads its customer id as the id too, and re-ingesting it adds nothing', async () => {
      const churned = temp.file('churned.csv', `${MINIMAL}\n`);
      const customersFile = temp.file('customers.csv', customersCsv);
      const mapping = await readMappingFile(temp.file('map.json', JSON.stringify(MAPPING)));
      const report = await ingest([customersFile, churned], { mapping });
      expect(report.files.map((file) => [file.kind, file.loaded, file.rejected, file.error])).toEqual([
        ['customers', 2, 0, undefined],
        ['cancellations', 2, 0, undefined],
      ]);
      expect(
        await temp.rows(
          `SELECT id, subscription_id, customer_id, channel, outcome, tenure_days FROM cancellations ORDER BY id`,
        ),
      ).toEqual([
        {
          id: 'c1',
          subscription_id: 'c1',
          customer_id: 'c1',
          channel: 'self_serve',
          outcome: 'cancelled',
          tenure_days: 273,
        },
        {
          id: 'c2',
          subscription_id: 'c2',
          customer_id: 'c2',
          channel: 'self_serve',
          outcome: 'cancelled',
          tenure_days: 123,
        },
      ]);
      const [run] = await temp.rows<{ mapping: string; message: string }>(
        `SELECT mapping, message FROM ingest_runs WHERE file LIKE '%churned.csv'`,
      );
      expect(JSON.parse(run?.mapping ?? '{}').columns).toMatchObject({ customer_id: ['customer_id', 'id'] });
      expect(run?.message).toContain('matched (customer_id, id, subscription_id, requested_at,');
      expect(run?.message).toContain('subscription_id: column "customer_id", as id');

      const again = await ingest(churned, { mapping });
      expect(again.files[0]).toMatchObject({ read: 2, loaded: 0, updated: 0, unchanged: 2, rejected: 0 });
      expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 2 }]);
    });

    it('is refused without a mapping, with the defaults it needs and the mapping that reads the customer id as the id', async () => {
      const report = await ingest(temp.file('churned.csv', `${MINIMAL}\n`));
      expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
      expect(report.files[0]?.error).toBe(
        'no column for required cancellations field(s) id, subscription_id, channel, outcome ' +
          '(headers: customer_id, cancelled_at, plan, mrr, currency, reason); name them so or map them with ' +
          '--mapping (a file with one row per customer can use its customer id as the id, which serves as ' +
          'subscription_id too: {"columns": {"customer_id": ["customer_id", "id"]}}), or give every row one ' +
          'value with the mapping file\'s "defaults" ({"defaults": {"channel": "self_serve", "outcome": "cancelled"}})',
      );
    });

    it("names the file's own customer header in the mapping it suggests", async () => {
      const report = await ingest(
        temp.file('churned.csv', `${MINIMAL.replace('customer_id', 'Account ID')}\n`),
      );
      expect(report.files[0]?.error).toContain('{"columns": {"Account ID": ["customer_id", "id"]}}');
    });

    it('gives no customer-id hint to a file that has an id of its own, or no customer column', async () => {
      const withId = await ingest(temp.file('with-id.csv', `id,${MINIMAL.replace(/\n(c\d)/g, '\n$1,$1')}\n`));
      expect(withId.files[0]?.error).toMatch(/field\(s\) channel, outcome /);
      expect(withId.files[0]?.error).not.toContain('customer id');
      const noCustomer = await ingest(
        temp.file('no-customer.csv', `${MINIMAL.replace('customer_id', 'ref')}\n`),
      );
      expect(noCustomer.files[0]?.error).not.toContain('customer id');
    });

    it('refuses a mapping whose list names a field no kind has, naming it', async () => {
      const misspelt = temp.file(
        'map.json',
        JSON.stringify({ columns: { customer_id: ['customer_id', 'idd'] } }),
      );
      const refusal = readMappingFile(misspelt);
      await expect(refusal).rejects.toThrow(MappingFileError);
      await expect(refusal).rejects.toThrow(
        `mapping file ${misspelt} is invalid: columns.customer_id: no kind has a field idd`,
      );
    });
  });

  it("counts the tenure from the customer's signup when the file gives neither a tenure nor a start date", async () => {
    const header = CANCELLATION_HEADER.replace(',tenure_days', '');
    const row = (id: string, customer: string) =>
      cancellationRow(id, { customer_id: customer, tenure_days: 'DROP' }).replace(',DROP', '');
    const cancellations = temp.file(
      'cancellations.csv',
      `${header}\n${[row('c1', 'cus_1'), row('c2', 'cus_2'), row('c3', 'cus_9')].join('\n')}\n`,
    );
    const customers = temp.file(
      'customers.csv',
      'id,signed_up_at,plan,country\ncus_1,2023-03-01T08:00:00Z,pro,US\ncus_2,2024-02-01,pro,US\n',
    );
    // Named first, the cancellations are still read after the customers they need.
    const report = await ingestFiles(temp.db, [cancellations, customers], {
      classifier: keywordClassifier(),
    });
    expect(report.files.map((file) => [file.kind, file.loaded, file.rejected])).toEqual([
      ['customers', 2, 0],
      ['cancellations', 2, 1],
    ]);
    expect(await temp.rows(`SELECT id, tenure_days FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', tenure_days: 366 },
      { id: 'c2', tenure_days: 29 },
    ]);
    expect(await temp.rows(`SELECT field, message FROM rejected_rows`)).toEqual([
      {
        field: 'tenure_days',
        message:
          'tenure_days: no customer "cus_9" with a signup date has been ingested (load the customers file first, or give tenure_days, or the subscription\'s start date: a column such as start_date, or one mapped to "tenure_start" in a mapping file)',
      },
    ]);
  });

  it('reads a customers JSON that wraps its records ({"customers": [...]}) before the cancellations that need it', async () => {
    const header = CANCELLATION_HEADER.replace(',tenure_days', '');
    const row = cancellationRow('c1', { customer_id: 'cus_1', tenure_days: 'DROP' }).replace(',DROP', '');
    const cancellations = temp.file('cancellations.csv', `${header}\n${row}\n`);
    const customers = temp.file(
      'customers.json',
      JSON.stringify({
        customers: [{ id: 'cus_1', signed_up_at: '2023-03-01T08:00:00Z', plan: 'pro', country: 'US' }],
        page: 1,
      }),
    );
    const report = await ingestFiles(temp.db, [cancellations, customers], {
      classifier: keywordClassifier(),
    });
    expect(report.files.map((file) => [file.kind, file.loaded, file.rejected])).toEqual([
      ['customers', 1, 0],
      ['cancellations', 1, 0],
    ]);
    expect(await temp.rows(`SELECT tenure_days FROM cancellations`)).toEqual([{ tenure_days: 366 }]);
  });

  it('reads the nested objects of a billing API export as columns (customer.id, plan.name)', async () => {
    const record = (id: string, customer: string, status: unknown) => ({
      id,
      customer: { id: customer, email: `${customer}@example.com` },
      subscription: { id: `sub_${id}`, status },
      requested_at: '2024-03-01T10:00:00Z',
      channel: 'self_serve',
      plan: { name: 'pro', amount: { value: '49.00', currency: 'EUR' } },
      tenure_days: 120,
      outcome: 'cancelled',
      feedback: 'Too expensive',
    });
    const lines = [record('c1', 'cus_1', 'canceled'), record('c2', 'cus_2', null)].map((r) =>
      JSON.stringify(r),
    );
    const report = await ingest(temp.file('export.ndjson', `${lines.join('\n')}\n`), {
      mapping: { columns: { 'plan.amount.value': 'mrr', 'plan.amount.currency': 'currency' }, defaults: {} },
    });
    expect(report.files[0]).toMatchObject({ status: 'ok', kind: 'cancellations', loaded: 2, rejected: 0 });
    expect(report.files[0]?.ignoredColumns).toEqual([
      'customer.email',
      'subscription.status (also names outcome, read from "outcome")',
    ]);
    expect(
      await temp.rows(
        `SELECT id, customer_id, subscription_id, plan, mrr::VARCHAR AS mrr, currency, reason_text FROM cancellations ORDER BY id`,
      ),
    ).toEqual([
      {
        id: 'c1',
        customer_id: 'cus_1',
        subscription_id: 'sub_c1',
        plan: 'pro',
        mrr: '49.00',
        currency: 'EUR',
        reason_text: 'Too expensive',
      },
      {
        id: 'c2',
        customer_id: 'cus_2',
        subscription_id: 'sub_c2',
        plan: 'pro',
        mrr: '49.00',
        currency: 'EUR',
        reason_text: 'Too expensive',
      },
    ]);
  });

  it("leaves a JSON column of lists unread rather than take its JSON text for the customer's words, and says why", async () => {
    const record = (id: string, code: string, notes: unknown[]) => ({
      ...cancellationRecord(id, { reason_code: code }),
      reason_text: undefined,
      notes,
    });
    const lines = [
      record('c1', 'missing_features', [{ author: 'agt_3', body: 'Offered 20% off; declined.' }]),
      record('c2', 'too_expensive', []),
    ].map((line) => JSON.stringify(line));
    const report = await ingest(temp.file('cancellations.ndjson', `${lines.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      read: 2,
      loaded: 2,
      rejected: 0,
      ignoredColumns: ['notes'],
      nestedColumns: ['notes'],
    });
    expect(
      await temp.rows(`SELECT id, reason_code, reason_text, text_hash FROM cancellations ORDER BY id`),
    ).toEqual([
      { id: 'c1', reason_code: 'missing_features', reason_text: null, text_hash: null },
      { id: 'c2', reason_code: 'too_expensive', reason_text: null, text_hash: null },
    ]);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM verbatims`)).toEqual([{ n: 0 }]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('ignored columns: notes (holds lists, not text)');
  });

  it('takes the text column for the verbatim when a list column has a free-text name too, even through the mapping', async () => {
    const line = {
      ...cancellationRecord('c1'),
      reason_text: undefined,
      comments: [{ body: 'internal: escalated' }],
      feedback: 'Too expensive for us',
      reason: { tags: ['price'] },
    };
    const report = await ingest(temp.file('cancellations.json', JSON.stringify([line])), {
      mapping: { columns: { 'reason.tags': 'reason_text' }, defaults: {} },
    });
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      loaded: 1,
      ignoredColumns: ['comments', 'reason.tags'],
      nestedColumns: ['comments', 'reason.tags'],
    });
    expect(await temp.rows(`SELECT reason_text FROM cancellations`)).toEqual([
      { reason_text: 'Too expensive for us' },
    ]);
  });

  it("leaves Parquet LIST and MAP columns unread rather than take their text for the customer's words", async () => {
    const path = `${temp.dir}/cancellations.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT * FROM (VALUES
         ('c1', ['Offered 20% off; declined.'], MAP {'agent': 'agt_3'}, {'code': 'missing_features', 'notes': ['call back']}),
         ('c2', []::VARCHAR[], MAP {}::MAP(VARCHAR, VARCHAR), {'code': 'too_expensive', 'notes': []::VARCHAR[]})
       ) t(id, notes, comment, reason)) TO '${path}' (FORMAT parquet)`,
    );
    await temp.db.connection.run(
      `COPY (SELECT p.id, 'cus_' || p.id AS customer_id, 'sub_' || p.id AS subscription_id,
         TIMESTAMP '2024-03-01 10:00:00' AS requested_at, 'self_serve' AS channel, 'pro' AS plan, 49.0 AS mrr,
         'USD' AS currency, 30 AS tenure_days, 'cancelled' AS outcome, p.notes, p.comment, p.reason
       FROM read_parquet('${path}') p) TO '${temp.dir}/export.parquet' (FORMAT parquet)`,
    );
    const report = await ingest(`${temp.dir}/export.parquet`);
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      read: 2,
      loaded: 2,
      rejected: 0,
      ignoredColumns: ['notes', 'comment', 'reason.notes'],
      nestedColumns: ['notes', 'comment', 'reason.notes'],
    });
    expect(await temp.rows(`SELECT id, reason_code, reason_text FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', reason_code: 'missing_features', reason_text: null },
      { id: 'c2', reason_code: 'too_expensive', reason_text: null },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      'ignored columns: notes (holds lists, not text), comment (holds objects, not text), reason.notes (holds lists, not text)',
    );
  });

  it('reads the records of a JSON document under a key of its own (Zendesk\'s "tickets"), and says which', async () => {
    const tickets = [cancellationRecord('t1'), cancellationRecord('t2', { mrr: 'free' })];
    const page = { tickets, next_page: null, previous_page: null, count: 2 };
    const report = await ingest(temp.file('tickets.json', JSON.stringify(page)));
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 2, loaded: 1, rejected: 1 });
    expect(await temp.rows(`SELECT id FROM cancellations`)).toEqual([{ id: 't1' }]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 2, field: 'mrr' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toMatch(/^records read from the "tickets" array of the JSON document\. /);
  });

  it.each([
    { content: '[]', error: 'the file holds no records (an empty JSON array)' },
    { content: '\uFEFF[]', error: 'the file holds no records (an empty JSON array)' },
    {
      content: '[1, "two", [3]]',
      error: 'none of its 3 records is a JSON object with keys, so no column can be read',
    },
  ])('fails a JSON file without records ($content) by saying so', async ({ content, error }) => {
    const report = await ingest(temp.file('export.json', content));
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
    expect(report.files[0]?.error).toBe(`cannot be read as json: ${error}`);
  });

  it('fails a JSON array cut off while being written by saying so and where, and loads none of it', async () => {
    const whole = JSON.stringify([cancellationRecord('t1'), cancellationRecord('t2')], null, 1);
    const report = await ingest(temp.file('export.json', whole.slice(0, whole.indexOf('"t2"') + 6)));
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0, loaded: 0 });
    expect(report.files[0]?.error).toMatch(
      /^cannot be read as json: the file ends before its JSON document closes \(line \d+\): it was cut off, perhaps while still being written \(ingest it again once it is complete\); a JSON document is read whole, so none of its records was loaded/,
    );
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
  });

  it('refuses a JSON document with records under several keys, naming them and how to read one', async () => {
    const page = { tickets: [cancellationRecord('t1')], users: [{ id: 'u1', name: 'Ann' }], count: 1 };
    const report = await ingest(temp.file('export.json', JSON.stringify(page)));
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
    expect(report.files[0]?.error).toBe(
      'cannot be read as json: the JSON document holds arrays of records under several keys ("tickets", "users") and churnlens reads one: write the array you mean to a file of its own (jq \'.tickets\' export.json > tickets.json) and ingest that',
    );
  });

  it('reads a JSON document that is one record as that record, although it holds an array of objects', async () => {
    const record = { ...cancellationRecord('c1'), history: [{ at: '2024-03-01', event: 'opened' }] };
    const report = await ingest(temp.file('cancellation.json', JSON.stringify(record)));
    expect(report.files[0]).toMatchObject({ status: 'ok', read: 1, loaded: 1, ignoredColumns: ['history'] });
  });

  it('reads a reason nested three keys deep by its last two keys (cancellation.reason.text is reason_text)', async () => {
    const record = cancellationRecord('c1');
    delete record.reason_code;
    delete record.reason_text;
    const line = {
      ...record,
      cancellation: { reason: { code: 'too_expensive', text: 'Way too pricey for a team of three' } },
    };
    const report = await ingest(temp.file('export.ndjson', `${JSON.stringify(line)}\n`));
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1, rejected: 0, ignoredColumns: [] });
    expect(await temp.rows(`SELECT reason_code, reason_text FROM cancellations`)).toEqual([
      { reason_code: 'too_expensive', reason_text: 'Way too pricey for a team of three' },
    ]);
  });

  it('reads headers qualified by a table name, and one identifier as both the cancellation and its subscription', async () => {
    // As a SQL client exports `SELECT s.* FROM subscriptions s`: one row per subscription, no separate id.
    const header =
      's.id,s.customer_id,s.plan_id,s.cancelled_at,s.channel,s.mrr,s.currency,s.tenure_days,s.status,s.cancel_reason';
    const rows = [
      'sub_1,cus_1,pro-monthly,2024-03-01 10:00:00,self_serve,49.00,USD,120,cancelled,Too expensive for us',
      'sub_2,cus_2,team-yearly,2024-03-02 11:00:00,chat,99.00,USD,400,saved,Missing an export feature',
    ];
    const report = await ingest(temp.file('subscriptions.csv', `${header}\n${rows.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({
      kind: 'cancellations',
      loaded: 2,
      rejected: 0,
      ignoredColumns: [],
    });
    expect(
      await temp.rows(
        `SELECT id, subscription_id, customer_id, plan, outcome, reason_text FROM cancellations ORDER BY id`,
      ),
    ).toEqual([
      {
        id: 'sub_1',
        subscription_id: 'sub_1',
        customer_id: 'cus_1',
        plan: 'pro-monthly',
        outcome: 'cancelled',
        reason_text: 'Too expensive for us',
      },
      {
        id: 'sub_2',
        subscription_id: 'sub_2',
        customer_id: 'cus_2',
        plan: 'team-yearly',
        outcome: 'saved',
        reason_text: 'Missing an export feature',
      },
    ]);
    const [run] = await temp.rows<{ message: string; mapping: string }>(
      `SELECT message, mapping FROM ingest_runs`,
    );
    expect(run?.message).toContain('subscription_id: column "s.id", as id');
    expect(JSON.parse(run?.mapping ?? '{}').columns).toMatchObject({ 's.id': 'id', 's.plan_id': 'plan' });
  });

  it('reads gzip-compressed exports as their content, rejections on the lines of the content', async () => {
    const csv = cancellationsCsv([
      cancellationRow('c1', { reason_text: 'Trop cher — vraiment' }),
      cancellationRow('c2', { mrr: '-5' }),
    ]);
    const ndjson = ['c3', 'c4'].map((id) => JSON.stringify(cancellationRecord(id))).join('\n');
    // A directory of them, as a warehouse unload leaves them.
    const exports = join(dirname(temp.file('notes.txt', '')), 'exports');
    mkdirSync(exports);
    writeFileSync(join(exports, 'cancellations.csv.gz'), gzipSync(csv));
    writeFileSync(join(exports, 'more.ndjson.gz'), gzipSync(ndjson));
    const report = await ingest(exports);
    expect(report.files.map((file) => [file.path.split('/').pop(), file.loaded, file.rejected])).toEqual([
      ['cancellations.csv.gz', 1, 1],
      ['more.ndjson.gz', 2, 0],
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 3, field: 'mrr' },
    ]);
    expect(await temp.rows(`SELECT reason_text FROM cancellations WHERE id = 'c1'`)).toEqual([
      { reason_text: 'Trop cher — vraiment' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs ORDER BY id LIMIT 1`);
    expect(run?.message).toMatch(/^decompressed from gzip\. /);
  });

  it('names the files of a directory it does not read, and how to have one read', async () => {
    const exports = join(dirname(temp.file('notes.txt', '')), 'mixed');
    mkdirSync(exports);
    writeFileSync(join(exports, 'cancellations.csv'), cancellationsCsv([cancellationRow('c1')]));
    writeFileSync(join(exports, 'old_export.xls'), 'binary');
    writeFileSync(join(exports, 'unicode.txt'), 'id\tcustomer_id');
    writeFileSync(join(exports, '.DS_Store'), '');
    const notes: { file: string; note: string }[] = [];
    const report = await ingestFiles(temp.db, [exports], { classifier: keywordClassifier() }, (event) => {
      if (event.type === 'note') notes.push({ file: event.file, note: event.note });
    });
    expect(report.files.map((file) => [file.path.split('/').pop(), file.loaded])).toEqual([
      ['cancellations.csv', 1],
    ]);
    expect(notes).toContainEqual({
      file: exports,
      note: `${join(exports, 'old_export.xls')}, ${join(exports, 'unicode.txt')}: ${NOT_READ}`,
    });
  });

  it('fails a truncated gzip file by name, loading nothing from it', async () => {
    const whole = gzipSync(cancellationsCsv([cancellationRow('c1'), cancellationRow('c2')]));
    const report = await ingest(temp.file('cut.csv.gz', whole.subarray(0, whole.length - 12)));
    expect(report.files[0]).toMatchObject({
      status: 'failed',
      error: 'cannot decompress it (gzip): unexpected end of file',
    });
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
  });

  it('reads the exports a ZIP archive holds, each named by its place in the archive, customers first', async () => {
    const zip = new JSZip();
    zip.file(
      'export/cancellations.csv',
      cancellationsCsv([cancellationRow('c1'), cancellationRow('c2', { mrr: '-5' })]),
    );
    zip.file('export/customers.csv.gz', gzipSync('id,signed_up_at,plan,country\ncus_9,2023-01-05,pro,DE\n'));
    zip.file('export/README.txt', 'Exported by the billing system');
    zip.file('__MACOSX/export/._customers.csv.gz', 'resource fork');
    const archive = temp.file(
      'export.zip',
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    const notes: string[] = [];
    const report = await ingestFiles(temp.db, [archive], { classifier: keywordClassifier() }, (event) => {
      if (event.type === 'note') notes.push(event.note);
    });
    expect(report.files.map((file) => [file.path, file.kind, file.loaded, file.rejected])).toEqual([
      [`${archive}/export/customers.csv.gz`, 'customers', 1, 0],
      [`${archive}/export/cancellations.csv`, 'cancellations', 1, 1],
    ]);
    expect(await temp.rows(`SELECT file, line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { file: `${archive}/export/cancellations.csv`, line: 3, field: 'mrr' },
    ]);
    expect(notes).toContain(`export/README.txt: ${NOT_READ}`);
  });

  it('fails an archive that holds no export, or that is cut off, by name', async () => {
    const zip = new JSZip();
    zip.file('notes/README.txt', 'nothing to load');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const empty = temp.file('notes.zip', bytes);
    const cut = temp.file('cut.zip', bytes.subarray(0, bytes.length - 30));
    const report = await ingest([empty, cut]);
    expect(report.files.map((file) => [file.status, file.error])).toEqual([
      [
        'failed',
        'the ZIP archive holds no CSV, JSON, NDJSON, Parquet or Excel file; it holds notes/README.txt',
      ],
      ['failed', expect.stringMatching(/^cannot read the ZIP archive: /)],
    ]);
  });

  it('fails an archive whose exports expand past the expansion limit, before extracting the one that would pass it', async () => {
    const zip = new JSZip();
    zip.file('a/customers.csv', 'id,signed_up_at,plan,country\ncus_9,2023-01-05,pro,DE\n');
    zip.file(
      'a/cancellations.csv',
      cancellationsCsv(Array.from({ length: 500 }, (_, i) => cancellationRow(`c${i}`))),
    );
    zip.file('a/README.txt', 'x'.repeat(100_000));
    const archive = temp.file(
      'bomb.zip',
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    const limit = { bytes: 20_000, reason: 'the test says so' };
    const report = await ingestFiles(temp.db, [archive], {
      expansionLimit: limit,
      classifier: keywordClassifier(),
    });
    expect(report.files.map((file) => [file.path, file.status, file.error])).toEqual([
      [
        archive,
        'failed',
        'cannot read the ZIP archive: its files expand to more than 19.5 KiB, the limit: the test says so',
      ],
    ]);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM customers`)).toEqual([{ n: 0 }]);
    // The README is not extracted, so it counts for nothing: the customers alone fit.
    const small = new JSZip();
    small.file('a/customers.csv', 'id,signed_up_at,plan,country\ncus_9,2023-01-05,pro,DE\n');
    small.file('a/README.txt', 'x'.repeat(100_000));
    const fits = temp.file(
      'fits.zip',
      await small.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    const loaded = await ingestFiles(temp.db, [fits], {
      expansionLimit: limit,
      classifier: keywordClassifier(),
    });
    expect(loaded.files.map((file) => [file.status, file.loaded])).toEqual([['ok', 1]]);
  });

  it('reads a score written with its scale of 10 ("8/10", "9 out of 10"), and rejects one on another scale', async () => {
    const answers = ['8/10', '9 out of 10', '4/5'].map(
      (score, index) =>
        `s${index + 1},cus_1,exit,2024-03-01 10:00,How likely are you to recommend us?,${score}`,
    );
    const csv = `id,customer_id,survey,submitted_at,question,score\n${answers.join('\n')}\n`;
    const report = await ingest(temp.file('nps.csv', csv));
    expect(report.files[0]).toMatchObject({ kind: 'surveys', loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT id, score FROM survey_responses ORDER BY id`)).toEqual([
      { id: 's1', score: 8 },
      { id: 's2', score: 9 },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, message FROM rejected_rows`)).toEqual([
      { line: 4, message: 'score: "4/5" is not a whole number' },
    ]);
  });

  it('skips the empty rows spreadsheets export below and between their data (",,,,"), counting them as read', async () => {
    const empty = CANCELLATION_HEADER.replace(/[^,]+/g, '');
    const csv = cancellationsCsv([
      cancellationRow('c1'),
      empty,
      cancellationRow('c2'),
      empty,
      `"",${empty.slice(1)}`,
    ]);
    const report = await ingest(temp.file('sheet-export.csv', csv));
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 2, unchanged: 3, skipped: 3, rejected: 0 });
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('3 skipped as unchanged, e.g. the row is empty');
    expect(run?.message).not.toContain('the row is empty;');
  });

  it('skips the totals row a report ends with ("Total,,,,68.00"), saying so, and loads a record whose id is "total"', async () => {
    const totals = (label: string) =>
      CANCELLATION_HEADER.split(',')
        .map((field, index) => (index === 0 ? label : field === 'mrr' ? '68.00' : ''))
        .join(',');
    const csv = cancellationsCsv([
      cancellationRow('c1'),
      cancellationRow('total'),
      totals('Total'),
      totals('Grand total:'),
    ]);
    const report = await ingest(temp.file('report.csv', csv));
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 2, unchanged: 2, skipped: 2, rejected: 0 });
    expect(await temp.rows(`SELECT id FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1' },
      { id: 'total' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      '2 skipped as unchanged, e.g. a totals row ("Total" in column "id"); a totals row ("Grand total:" in column "id")',
    );
  });

  it('skips the lines of only spaces Excel leaves between the data ("   ", "  ,  ,  "), counting them as read', async () => {
    const spaces = CANCELLATION_HEADER.replace(/[^,]+/g, '  ');
    const csv = cancellationsCsv([
      cancellationRow('c1'),
      '   ',
      cancellationRow('c2'),
      spaces,
      '\t',
      cancellationRow('c3', { mrr: 'free' }),
      ' ,  ',
      cancellationRow('c4'),
    ]);
    const report = await ingest(temp.file('excel-export.csv', csv));
    expect(report.files[0]).toMatchObject({ read: 8, loaded: 3, unchanged: 4, skipped: 4, rejected: 1 });
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 7, field: 'mrr' },
    ]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('4 skipped as unchanged, e.g. the row is empty');
  });

  it('reads whole numbers written as floats (120.0), as pandas writes a column with gaps, and rejects 12.5', async () => {
    const rows = ['120.0', '7', '12.5'].map((tenure, index) =>
      cancellationRow(`c${index + 1}`, { tenure_days: tenure }),
    );
    const report = await ingest(
      temp.file('cancellations.csv', `${CANCELLATION_HEADER}\n${rows.join('\n')}\n`),
    );
    await expectTenures(
      report,
      [
        { id: 'c1', tenure_days: 120 },
        { id: 'c2', tenure_days: 7 },
      ],
      'tenure_days: "12.5" is not a whole number',
    );
  });

  it("reads a whole number with thousands grouped by a space or apostrophe (1 234, 1'234) and rejects the ambiguous 1,234 and 1.234", async () => {
    const header = CANCELLATION_HEADER.replaceAll(',', ';');
    const tenures = ['1 234', "1'234", '1\u202f234', '1,234', '1.234'];
    const rows = tenures.map((tenure, index) =>
      cancellationRow(`c${index + 1}`, { tenure_days: 'TENURE', reason_text: '' })
        .replaceAll(',', ';')
        .replace('TENURE', tenure),
    );
    const report = await ingest(temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 3, rejected: 2 });
    expect(await temp.rows(`SELECT id, tenure_days FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', tenure_days: 1234 },
      { id: 'c2', tenure_days: 1234 },
      { id: 'c3', tenure_days: 1234 },
    ]);
    const why =
      'could be thousands or decimals (1.200 is 1200 in some exports and 1.2 in others): write it without the separator (1200)';
    expect(
      await temp.rows(`SELECT line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
    ).toEqual([
      { line: 5, field: 'tenure_days', message: `tenure_days: "1,234" ${why}` },
      { line: 6, field: 'tenure_days', message: `tenure_days: "1.234" ${why}` },
    ]);
  });

  it('reads a date column with its time column ("Cancel Date", "Cancel Time") as one time, and says so', async () => {
    const header = CANCELLATION_HEADER.replace('requested_at', 'Cancel Date,Cancel Time');
    const times = ['14:32', '2:32 PM', '', 'soon', '25:00'];
    const rows = times.map((time, index) =>
      cancellationRow(`c${index + 1}`, { requested_at: `2026-12-06,${time}` }),
    );
    const path = temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`);
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ read: 5, loaded: 3, rejected: 2, ignoredColumns: [] });
    expect(
      await temp.rows(`SELECT id, requested_at::VARCHAR AS requested_at FROM cancellations ORDER BY id`),
    ).toEqual([
      { id: 'c1', requested_at: '2026-12-06 14:32:00' },
      { id: 'c2', requested_at: '2026-12-06 14:32:00' },
      { id: 'c3', requested_at: '2026-12-06 00:00:00' },
    ]);
    const label = 'requested_at (columns "Cancel Date" and "Cancel Time")';
    const notATime = 'in column "Cancel Time" is not a time of day (14:32, 14:32:05 or 2:32 PM)';
    expect(
      await temp.rows(`SELECT file, line::INTEGER AS line, field, message FROM rejected_rows ORDER BY line`),
    ).toEqual([
      { file: path, line: 5, field: 'requested_at', message: `${label}: "soon" ${notATime}` },
      { file: path, line: 6, field: 'requested_at', message: `${label}: "25:00" ${notATime}` },
    ]);
    const [run] = await temp.rows<{ message: string; mapping: string }>(
      `SELECT message, mapping FROM ingest_runs`,
    );
    expect(run?.message).toContain('requested_at: columns "Cancel Date" and "Cancel Time"');
    expect(run?.message).not.toContain('ignored columns');
    // Recorded as the mapping that pairs them, so that it reads the file the same way again.
    expect(JSON.parse(run?.mapping ?? '{}').columns).toMatchObject({
      'Cancel Date': 'requested_at',
      'Cancel Time': 'requested_at_time',
    });
  });

  it('reads a time column the mapping maps to "requested_at_time" with the date column it maps to requested_at', async () => {
    const header = CANCELLATION_HEADER.replace('requested_at', 'Datum,Uhrzeit');
    const row = cancellationRow('c1', { requested_at: '2026-12-06,09:05:30' });
    const mapping = await readMappingFile(
      temp.file(
        'map.json',
        JSON.stringify({ columns: { Datum: 'requested_at', Uhrzeit: 'requested_at_time' } }),
      ),
    );
    const report = await ingest(temp.file('cancellations.csv', `${header}\n${row}\n`), { mapping });
    expect(report.files[0]).toMatchObject({ loaded: 1, rejected: 0, ignoredColumns: [] });
    expect(await temp.rows(`SELECT requested_at::VARCHAR AS requested_at FROM cancellations`)).toEqual([
      { requested_at: '2026-12-06 09:05:30' },
    ]);
  });

  it('leaves the empty columns of blank header cells (…,outcome,,,) out of the ignored ones, and lists one holding values by its place', async () => {
    const rows = [cancellationRow('c1'), cancellationRow('c2')].map((row) => `${row},,,`);
    const empty = await ingest(
      temp.file('cancellations.csv', `${CANCELLATION_HEADER},,,\n${rows.join('\n')}\n`),
    );
    expect(empty.files[0]).toMatchObject({ loaded: 2, rejected: 0, ignoredColumns: [] });
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain('3 columns with no header and no value left out');
    expect(run?.message).not.toContain('ignored columns');

    const noted = [cancellationRow('c3'), `${cancellationRow('c4')},,see ticket 4411,`];
    const csv = `${CANCELLATION_HEADER},,,\n${noted.map((row) => (row.endsWith(',') ? row : `${row},,,`)).join('\n')}\n`;
    const filled = await ingest(temp.file('more-cancellations.csv', csv));
    expect(filled.files[0]).toMatchObject({
      loaded: 2,
      ignoredColumns: ['column13 (column 14, which has no header)'],
    });
  });

  it("names a blank header cell by its place when a file is refused for a missing field, not by the reader's name", async () => {
    const report = await ingest(
      temp.file('partial.csv', 'id,customer_id,requested_at,,\nc1,u1,2026-11-01,,\n'),
      {
        kind: 'cancellations',
      },
    );
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toContain(
      '(headers: id, customer_id, requested_at, column3 (column 4, which has no header), column4 (column 5, which has no header))',
    );
  });

  const DUMPED_NULLS = [
    cancellationRecord('c1', { reason_code: 'NULL', reason_text: 'null' }),
    cancellationRecord('c2', { reason_code: '\\N', reason_text: 'Too pricey' }),
    cancellationRecord('c3', { tenure_days: 'NULL' }),
  ];
  it.each([
    {
      name: 'cancellations.csv',
      content: cancellationsCsv(DUMPED_NULLS.map((record) => cancellationRow(record.id ?? '', record))),
    },
    { name: 'cancellations.json', content: JSON.stringify(DUMPED_NULLS) },
    {
      name: 'cancellations.ndjson',
      content: DUMPED_NULLS.map((record) => JSON.stringify(record)).join('\n'),
    },
  ])(
    'reads the null markers of database dumps (NULL, \\N) in $name as missing values, not as text',
    async ({ name, content }) => {
      const report = await ingest(temp.file(name, content));
      expect(report.files[0]).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
      expect(
        await temp.rows(
          `SELECT id, reason_code, reason_text IS NULL AS no_text FROM cancellations ORDER BY id`,
        ),
      ).toEqual([
        { id: 'c1', reason_code: null, no_text: true },
        { id: 'c2', reason_code: null, no_text: false },
      ]);
      expect(await temp.rows(`SELECT text FROM verbatims`)).toEqual([{ text: 'Too pricey' }]);
      expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
        { message: 'tenure_days: is required' },
      ]);
    },
  );

  it('reads the null markers of database dumps (NULL, \\N) in Parquet string columns as missing values, not as text', async () => {
    const path = `${temp.dir}/cancellations.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT id, 'cus_' || id AS customer_id, 'sub_' || id AS subscription_id,
         TIMESTAMP '2024-03-01 10:00:00' AS requested_at, 'self_serve' AS channel, 'pro' AS plan, 49.0 AS mrr,
         'USD' AS currency, 120 AS tenure_days, reason_code, reason_text, 'cancelled' AS outcome
       FROM (VALUES ('c1', NULL, 'NULL'), ('c2', NULL, '\\N'), ('c3', 'NULL', 'Too pricey')) t(id, reason_code, reason_text))
       TO '${path}' (FORMAT parquet)`,
    );
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect(await temp.rows(`SELECT id, reason_code, reason_text FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', reason_code: null, reason_text: null },
      { id: 'c2', reason_code: null, reason_text: null },
      { id: 'c3', reason_code: null, reason_text: 'Too pricey' },
    ]);
    expect(await temp.rows(`SELECT text FROM verbatims`)).toEqual([{ text: 'Too pricey' }]);
  });

  it('loads Parquet, with typed columns read as text and validated the same way', async () => {
    const path = `${temp.dir}/customers.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT * FROM (VALUES
         ('cus_1', TIMESTAMP '2023-01-05 08:00:00', 'pro', 'de', 'smb'),
         ('cus_2', TIMESTAMP '2023-02-10 00:00:00', 'team', 'FR', NULL),
         ('cus_3', NULL, 'team', 'FR', NULL)) t(id, signed_up_at, plan, country, segment))
       TO '${path}' (FORMAT parquet)`,
    );
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ kind: 'customers', read: 3, loaded: 2, rejected: 1 });
    expect(await customers()).toEqual(EXPECTED);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 3, field: 'signed_up_at' },
    ]);
  });

  it("reads a Parquet STRUCT column's fields as columns of their own, not as one text of them all", async () => {
    const path = `${temp.dir}/cancellations.parquet`;
    const row = cancellationRecord('c1');
    await temp.db.connection.run(
      `COPY (SELECT $id AS id, $customer AS customer_id, $subscription AS subscription_id, $requested AS requested_at,
         'self_serve' AS channel, 'pro' AS plan, 49.9 AS mrr, 'USD' AS currency, 30 AS tenure_days, 'cancelled' AS outcome,
         {'code': 'too_expensive', 'text': 'pricey for us'} AS reason) TO '${path}' (FORMAT parquet)`,
      {
        id: row.id ?? '',
        customer: row.customer_id ?? '',
        subscription: row.subscription_id ?? '',
        requested: '2024-03-01 10:00:00',
      },
    );
    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({
      kind: 'cancellations',
      loaded: 1,
      rejected: 0,
      ignoredColumns: [],
    });
    expect(await temp.rows(`SELECT reason_code, reason_text FROM cancellations`)).toEqual([
      { reason_code: 'too_expensive', reason_text: 'pricey for us' },
    ]);
  });

  it('fails a Parquet file whose columns expand past the expansion limit, by the sizes its metadata declares', async () => {
    const path = `${temp.dir}/customers-many.parquet`;
    await temp.db.connection.run(
      `COPY (SELECT 'cus_' || range AS id, TIMESTAMP '2023-01-05' AS signed_up_at, repeat('pro', 20) AS plan,
         'DE' AS country FROM range(5000)) TO '${path}' (FORMAT parquet)`,
    );
    const limit = { bytes: 10_000, reason: 'the test says so' };
    const report = await ingestFiles(temp.db, [path], {
      expansionLimit: limit,
      classifier: keywordClassifier(),
    });
    expect(report.files.map((file) => [file.status, file.error])).toEqual([
      [
        'failed',
        'cannot read it as Parquet: its columns expand to more than 9.8 KiB, the limit: the test says so',
      ],
    ]);
    const within = await ingestFiles(temp.db, [path], { classifier: keywordClassifier() });
    expect(within.files[0]).toMatchObject({ status: 'ok', loaded: 5000 });
  });

  it('reads unfamiliar headers through a mapping file with defaults', async () => {
    const mappingPath = temp.file(
      'map.json',
      JSON.stringify({
        kind: 'cancellations',
        columns: {
          Vorgang: 'id',
          Kunde: 'customer_id',
          Abo: 'subscription_id',
          Datum: 'requested_at',
          Grund: 'reason_text',
          Notiz: null,
        },
        defaults: {
          channel: 'email',
          plan: 'basic',
          mrr: '10',
          currency: 'EUR',
          tenure_days: '30',
          outcome: 'cancelled',
        },
      }),
    );
    const path = temp.file(
      'export.csv',
      'Vorgang,Kunde,Abo,Datum,Grund,Notiz\nk1,c1,a1,2024-05-01,Zu teuer,intern\n',
    );
    const report = await ingest(path, { mapping: await readMappingFile(mappingPath) });
    expect(report.files[0]).toMatchObject({
      kind: 'cancellations',
      loaded: 1,
      rejected: 0,
      ignoredColumns: [],
    });
    expect(
      await temp.rows(
        `SELECT id, customer_id, channel, currency, mrr::VARCHAR AS mrr, reason_text FROM cancellations`,
      ),
    ).toEqual([
      {
        id: 'k1',
        customer_id: 'c1',
        channel: 'email',
        currency: 'EUR',
        mrr: '10.00',
        reason_text: 'Zu teuer',
      },
    ]);
  });

  it("reads a cancel flow's own reason options: the common ones by name, the others through the mapping's values", async () => {
    const options = [
      'Price',
      'Switched to a competitor',
      'Zu teuer',
      'Not using it',
      'Kein Bedarf',
      'Weather',
    ];
    const rows = options.map((option, index) => cancellationRow(`c${index + 1}`, { reason_code: option }));
    const mapping = await readMappingFile(
      temp.file(
        'map.json',
        JSON.stringify({ values: { reason_code: { 'zu teuer': 'too_expensive', 'Kein-Bedarf': 'unused' } } }),
      ),
    );
    const report = await ingest(temp.file('cancellations.csv', cancellationsCsv(rows)), { mapping });
    expect(report.files[0]).toMatchObject({ read: 6, loaded: 5, rejected: 1 });
    expect(await temp.rows(`SELECT id, reason_code FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', reason_code: 'too_expensive' },
      { id: 'c2', reason_code: 'switched_service' },
      { id: 'c3', reason_code: 'too_expensive' },
      { id: 'c4', reason_code: 'unused' },
      { id: 'c5', reason_code: 'unused' },
    ]);
    expect(await temp.rows(`SELECT message FROM rejected_rows`)).toEqual([
      {
        message:
          'reason_code: "Weather" is not one of too_expensive, missing_features, switched_service, unused, customer_service, too_complex, low_quality, other (map other spellings with "values" in the mapping file)',
      },
    ]);
  });

  it.each([
    { values: ['Price', 'competitor', 'Zu teuer'], field: 'reason_code', stored: 'too_expensive' },
    { values: ['Price', 'competitor', 'the price went up'], field: 'reason_text', stored: 'Price' },
  ])('reads a lone "Churn Reason" column of $values as $field', async ({ values, field, stored }) => {
    const header = CANCELLATION_HEADER.replace('reason_code,reason_text', 'Churn Reason');
    const rows = values.map((value, index) =>
      cancellationRow(`c${index + 1}`, { reason_code: value, reason_text: 'dropped' }).replace(
        ',dropped',
        '',
      ),
    );
    const mapping = { columns: {}, defaults: {}, values: { reason_code: { zu_teuer: 'too_expensive' } } };
    const report = await ingest(temp.file('cancellations.csv', `${header}\n${rows.join('\n')}\n`), {
      mapping,
    });
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 3, rejected: 0 });
    expect(await temp.rows(`SELECT ${field} AS value FROM cancellations WHERE id = 'c1'`)).toEqual([
      { value: stored },
    ]);
  });

  it('leaves a "Cancel Reason" of system codes unread beside the customer\'s picked reason (Chargebee)', async () => {
    // Chargebee exports its own cancel_reason (not_paid, no_card …) beside the reason code the customer picked.
    const header = CANCELLATION_HEADER.replace('reason_code,reason_text', 'Cancel Reason Code,Cancel Reason');
    const rows = [
      cancellationRow('c1', { reason_code: 'Too Expensive', reason_text: 'no_card' }),
      cancellationRow('c2', { reason_code: 'Not using', reason_text: 'not_paid' }),
      cancellationRow('c3', { reason_code: 'Too Expensive', reason_text: '' }),
    ];
    const report = await ingest(temp.file('chargebee.csv', `${header}\n${rows.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({
      read: 3,
      loaded: 3,
      rejected: 0,
      ignoredColumns: ['Cancel Reason'],
    });
    expect(await temp.rows(`SELECT id, reason_code, reason_text FROM cancellations ORDER BY id`)).toEqual([
      { id: 'c1', reason_code: 'too_expensive', reason_text: null },
      { id: 'c2', reason_code: 'unused', reason_text: null },
      { id: 'c3', reason_code: 'too_expensive', reason_text: null },
    ]);
  });

  it('reads a run of two kinds through one mapping, each file using the fields of its kind', async () => {
    const mapping = {
      columns: { Grund: 'reason_code', Angebot: 'offer_type', Vorgang: 'cancellation_id' },
      defaults: {},
      values: { reason_code: { 'zu teuer': 'too_expensive' }, offer_type: { rabatt: 'discount' } },
    };
    const header = CANCELLATION_HEADER.replace('reason_code', 'Grund');
    const cancellations = temp.file(
      'cancellations.csv',
      `${header}\n${cancellationRow('c1', { reason_code: 'Zu teuer' })}\n`,
    );
    const offers = temp.file(
      'offers.csv',
      'id,Vorgang,Angebot,presented_at,accepted\no1,c1,Rabatt,2024-03-01T10:01:00Z,yes\n',
    );
    const report = await ingest([offers, cancellations], { mapping });
    expect(report.files.map((file) => [file.kind, file.loaded, file.rejected])).toEqual([
      ['cancellations', 1, 0],
      ['offers', 1, 0],
    ]);
    expect(await temp.rows(`SELECT reason_code FROM cancellations`)).toEqual([
      { reason_code: 'too_expensive' },
    ]);
    expect(await temp.rows(`SELECT offer_type FROM offers`)).toEqual([{ offer_type: 'discount' }]);

    const misspelt = temp.file('map.json', JSON.stringify({ ...mapping, columns: { Grund: 'reasn_code' } }));
    await expect(readMappingFile(misspelt)).rejects.toThrow(
      `mapping file ${misspelt} is invalid: columns.Grund: no kind has a field reasn_code`,
    );
  });

  it("fails a file whose mapping's values name no value of the field, or a field without a list", async () => {
    const mapping = await readMappingFile(
      temp.file(
        'map.json',
        JSON.stringify({ values: { reason_code: { Teuer: 'expensive' }, plan: { Pro: 'pro' } } }),
      ),
    );
    const report = await ingest(temp.file('cancellations.csv', cancellationsCsv([cancellationRow('c1')])), {
      mapping,
    });
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
    expect(report.files[0]?.error).toBe(
      'the mapping\'s values.reason_code: "Teuer" maps to "expensive", which is not one of too_expensive, missing_features, switched_service, unused, customer_service, too_complex, low_quality, other; values.plan: plan has no fixed list of values to map to',
    );
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
  });

  it("skips a billing export's running subscriptions (a running status, no cancellation date), counting them", async () => {
    const csv = cancellationsCsv([
      cancellationRow('c1'),
      cancellationRow('c2', { outcome: 'active', requested_at: '' }),
      cancellationRow('c3', { outcome: 'Past Due', requested_at: '' }),
      // A running status beside a cancellation date is a cancellation scheduled for later: not skipped.
      cancellationRow('c4', { outcome: 'active' }),
    ]);
    const report = await ingest(temp.file('subscriptions.csv', csv));
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 1, unchanged: 2, rejected: 1 });
    expect(await temp.rows(`SELECT field FROM rejected_rows`)).toEqual([{ field: 'outcome' }]);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toContain(
      '2 skipped as unchanged, e.g. not a cancellation: the subscription is active (column "outcome") and has no "requested_at"',
    );
  });

  it('reports a file whose columns fit no kind as failed, naming what is missing', async () => {
    const report = await ingest(temp.file('notes.csv', 'title,body\nhello,world\n'));
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(/^no column for required \w+ field\(s\) /);
  });

  it("points a form's export, its questions as headers, to the mapping's questions", async () => {
    const csv =
      '#,What is the main reason you are cancelling?,Anything else?,Submit Date (UTC)\n' +
      'r1,Too expensive,no,2024-03-01 10:02:00\n';
    const report = await ingest(temp.file('typeform.csv', csv));
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(
      /\)\. Its columns "What is the main reason you are cancelling\?", "Anything else\?" look like survey questions: a form's export loads as surveys with the mapping file's "questions" /,
    );
  });

  it("names only the question columns no field took, and reads a cancel flow's question as the reason", async () => {
    const csv =
      'Customer ID,Cancel Date,Why are you leaving?,How likely are you to recommend us?\n' +
      'cus_1,2024-03-01,Too pricey for us,3\n';
    const report = await ingest(temp.file('cancel-flow.csv', csv));
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(
      /\)\. Its column "How likely are you to recommend us\?" looks like a survey question: a form's export /,
    );
    expect(report.files[0]?.error).not.toMatch(/Its columns? "Why are you leaving/);
  });

  it('tells a correction file (id,outcome) to send its rows whole, and suggests no defaults that would overwrite them', async () => {
    const report = await ingest(temp.file('corrections.csv', 'id,outcome\nc1,cancelled\n'), {
      kind: 'cancellations',
    });
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toBe(
      'no column for required cancellations field(s) customer_id, requested_at, channel, plan, mrr, currency, tenure_days (headers: id, outcome); name them so or map them with --mapping. ' +
        'To correct stored requests, ingest their rows whole, as a newer export writes them: a file of only some columns is not read as a correction, and a "defaults" value would be written over each row\'s stored one',
    );
  });

  it('says how to give every row a currency when a file has no currency column', async () => {
    const csv = cancellationsCsv([cancellationRow('c1')]).replace(/,currency|,USD/g, '');
    const report = await ingest(temp.file('cancellations.csv', csv));
    expect(report.files[0]?.status).toBe('failed');
    expect(report.files[0]?.error).toMatch(
      /^no column for required cancellations field\(s\) currency .*; name them so or map them with --mapping, or give every row one value with the mapping file's "defaults" \(\{"defaults": \{"currency": "USD"\}\}\)$/,
    );
  });

  it.each([
    ['empty', '', 'the file is empty'],
    ['a lone byte-order mark', '\uFEFF', 'the file holds no text, only blank lines or a byte-order mark'],
    ['blank lines', '\n\r\n  \n', 'the file holds no text, only blank lines or a byte-order mark'],
  ])('fails a file that is %s, saying so rather than quoting the reader', async (_, content, error) => {
    const report = await ingest(temp.file('export.csv', content));
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0, error });
  });

  it.each([
    {
      title: 'a report title and a date',
      lines: ['Customer export;;;;', 'Generated 2024-03-01;;;;', ''],
    },
    { title: "Excel's delimiter line (sep=;)", lines: ['sep=;'] },
  ])('finds the header below $title, says so, and counts lines from the first', async ({ lines }) => {
    const table = [
      'id;signed_up_at;plan;country;segment',
      'cus_1;2023-01-05;pro;DE;smb',
      'cus_2;2023-02-30;team;FR;',
    ];
    const report = await ingest(temp.file('customers.csv', `${[...lines, ...table].join('\r\n')}\r\n`));
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      kind: 'customers',
      read: 2,
      loaded: 1,
      rejected: 1,
    });
    expect(await temp.rows(`SELECT id, plan, country FROM customers`)).toEqual([
      { id: 'cus_1', plan: 'pro', country: 'DE' },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: lines.length + 3, field: 'signed_up_at' },
    ]);
    const skipped = lines.length === 1 ? 'line' : `${lines.length} lines`;
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toMatch(
      new RegExp(
        `^header on line ${lines.length + 1}: the ${skipped} above it skipped as no part of the table\\. `,
      ),
    );
  });

  it('takes a first line with a name over 1,000 characters for no title but a line that is no header, and refuses the file', async () => {
    // A title is a report's name; a line this long is data (a binary file's, a JSON document's), and looking
    // below a megabyte-long one for the header took seconds per line.
    const table = ['id,signed_up_at,plan,country,segment', 'cus_1,2023-01-05,pro,DE,smb'];
    const report = await ingest(temp.file('customers.csv', `${'x'.repeat(1_001)}\n${table.join('\n')}\n`));
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0, loaded: 0 });
    expect(report.files[0]?.error).toMatch(
      /^line 1 is not a header: a column name in it \("x{20}…"\) is 1,001 characters long, and a column name may have at most 1,000 /,
    );
  });

  it.each([
    ['sep=;', 'Kundennummer;Kündigungsdatum;Grund\nK-1;01.03.2024;zu teuer\nK-2;02.03.2024;zu langsam'],
    ['sep=,', 'Kundennummer,Kündigungsdatum,Grund\nK-1,01.03.2024,zu teuer\nK-2,02.03.2024,zu langsam'],
  ])(
    "names the file's own headers below Excel's %s line when none of them is a field",
    async (sep, table) => {
      const report = await ingest(
        temp.file('kuendigungen.csv', `${sep}\r\n${table.replaceAll('\n', '\r\n')}\r\n`),
      );
      expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
      expect(report.files[0]?.error).toContain('(headers: Kundennummer, Kündigungsdatum, Grund)');
    },
  );

  it('keeps the header when every row has a field more than it, rather than take a row for the header', async () => {
    const rows = Array.from({ length: 8 }, (_, index) => `cus_${index},2023-01-05,pro,DE,smb,note,x,y`);
    const report = await ingest(
      temp.file('customers.csv', ['id,signed_up_at,plan,country,segment,Notes', ...rows].join('\n')),
    );
    expect(report.files[0]).toMatchObject({ status: 'ok', kind: 'customers', read: 8, rejected: 8 });
    expect(await temp.rows(`SELECT DISTINCT message FROM rejected_rows`)).toEqual([
      { message: 'the row has 8 fields but the header has 6' },
    ]);
  });

  /** A workbook as a person makes one: a title above the table, typed cells, a second sheet. */
  async function cancellationsWorkbook(): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cancellations');
    sheet.addRow(['Cancellations, November']);
    sheet.addRow([]);
    const header = CANCELLATION_HEADER.split(',').filter((field) => field !== 'reason_text');
    sheet.addRow([...header, 'reason_text']);
    const row = (id: string, values: Record<string, unknown>) =>
      [...header, 'reason_text'].map((field) => values[field] ?? cancellationRecord(id)[field] ?? null);
    sheet.addRow(
      row('x1', { requested_at: new Date(Date.UTC(2024, 2, 1, 9, 30)), mrr: 39.9, tenure_days: 120 }),
    );
    sheet.addRow(
      row('x2', { requested_at: new Date(Date.UTC(2024, 2, 2)), mrr: { formula: 'G4*2', result: 79.8 } }),
    );
    sheet.addRow(row('x3', { reason_text: 'too expensive\nand slow' }));
    sheet.addRow(row('x4', { mrr: -5, reason_text: null }));
    workbook.addWorksheet('Notes').addRow(['not part of the table']);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it('fails a workbook whose sheet expands past the expansion limit, by its rows or by its text', async () => {
    const limit = { bytes: 5000, reason: 'the test says so' };
    const manyRows = new ExcelJS.Workbook();
    const rows = manyRows.addWorksheet('Offers');
    for (let index = 0; index < 2000; index++) rows.addRow(['o', 'c', 'discount', '2024-01-01', 'no']);
    const longText = new ExcelJS.Workbook();
    const texts = longText.addWorksheet('Notes');
    for (let index = 0; index < 10; index++) texts.addRow(['x'.repeat(1000)]);
    const files = [
      temp.file('rows.xlsx', new Uint8Array(await manyRows.xlsx.writeBuffer())),
      temp.file('text.xlsx', new Uint8Array(await longText.xlsx.writeBuffer())),
    ];
    const report = await ingestFiles(temp.db, files, {
      expansionLimit: limit,
      classifier: keywordClassifier(),
    });
    const error =
      'cannot read the workbook: its sheet expands to more than 4.9 KiB, the limit: the test says so';
    expect(report.files.map((file) => [file.path, file.status, file.error])).toEqual([
      [files[0], 'failed', error],
      [files[1], 'failed', error],
    ]);
  });

  it("reads an Excel workbook's first sheet: typed cells as they show, rejections on their sheet rows", async () => {
    const events: string[] = [];
    const report = await ingestFiles(
      temp.db,
      [temp.file('cancellations.xlsx', await cancellationsWorkbook())],
      { classifier: keywordClassifier() },
      (event) => {
        if (event.type === 'note') events.push(event.note);
      },
    );
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      kind: 'cancellations',
      read: 4,
      loaded: 3,
      rejected: 1,
    });
    expect(
      await temp.rows(
        `SELECT id, requested_at::VARCHAR AS requested_at, mrr::VARCHAR AS mrr, tenure_days, reason_text
         FROM cancellations ORDER BY id`,
      ),
    ).toEqual([
      {
        id: 'x1',
        requested_at: '2024-03-01 09:30:00',
        mrr: '39.90',
        tenure_days: 120,
        reason_text: expect.any(String),
      },
      {
        id: 'x2',
        requested_at: '2024-03-02 00:00:00',
        mrr: '79.80',
        tenure_days: 120,
        reason_text: expect.any(String),
      },
      {
        id: 'x3',
        requested_at: '2024-03-01 10:00:00',
        mrr: '49.00',
        tenure_days: 120,
        reason_text: 'too expensive\nand slow',
      },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 7, field: 'mrr' },
    ]);
    expect(events).toEqual([
      "copying the workbook's first sheet to CSV",
      'read sheet "Cancellations" of the workbook (the first; not read: "Notes", name one with "sheet" in the mapping file); lines are its row numbers',
      'header on line 3: the 2 lines above it skipped as no part of the table',
    ]);
  });

  it('reads the sheet the mapping names, and names the sheets when the workbook has no such sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Summary').addRow(['Churn report']);
    const data = workbook.addWorksheet('Data');
    data.addRow(CANCELLATION_HEADER.split(','));
    data.addRow(cancellationRow('s1').split(','));
    const path = temp.file('report.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const ingestSheet = (sheet: string) => ingest(path, { mapping: { columns: {}, defaults: {}, sheet } });

    expect((await ingestSheet('data')).files[0]).toMatchObject({ status: 'ok', loaded: 1 });
    expect(await temp.rows(`SELECT message FROM ingest_runs`)).toEqual([
      {
        message: expect.stringMatching(
          /^read sheet "Data" of the workbook \(as the mapping names it; not read: "Summary"\); lines are its row numbers\. kind cancellations/,
        ),
      },
    ]);
    expect((await ingestSheet('Daten')).files[0]).toMatchObject({
      status: 'failed',
      error: 'the workbook has no sheet "Daten" (its sheets: Summary, Data)',
    });
  });

  /** A workbook of these sheets, in order, each given as its rows. */
  async function workbookOf(sheets: Record<string, unknown[][]>): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows);
    return temp.file('report.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
  }
  /** An analyst's summary sheet: a title and a few key/value rows, no table. */
  const SUMMARY_ROWS = [
    ['Churn report, March 2024'],
    [],
    ['Period', '2024-03'],
    ['Cancellations', 3],
    ['Plan', 'all'],
  ];
  /** A cancellations table with a row for each id, on the sheet's first row. */
  const cancellationRows = (...ids: string[]) => {
    const header = CANCELLATION_HEADER.split(',');
    return [header, ...ids.map((id) => header.map((field) => cancellationRecord(id)[field] ?? ''))];
  };

  it('reads the rows of a workbook whose first sheet is a summary from its data sheet, and says so', async () => {
    const data = cancellationRows('d1', 'd2', 'd3');
    (data[3] as string[])[6] = 'lots';
    const path = await workbookOf({ Summary: SUMMARY_ROWS, Data: data, Notes: [['checked by Ana']] });

    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ status: 'ok', kind: 'cancellations', loaded: 2, rejected: 1 });
    expect(await temp.rows(`SELECT id FROM cancellations ORDER BY id`)).toEqual([{ id: 'd1' }, { id: 'd2' }]);
    // The row of "Data" that Excel shows as 4.
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 4, field: 'mrr' },
    ]);
    expect(await temp.rows(`SELECT message FROM ingest_runs`)).toEqual([
      {
        message: expect.stringMatching(
          /^read sheet "Data" of the workbook: sheet "Summary", the first, has no columns churnlens can place \(not read: "Notes"\); lines are its row numbers\. kind cancellations/,
        ),
      },
    ]);
  });

  it('reads the first sheet whose columns fit the kind given with --kind', async () => {
    const customers = [
      ['id', 'signed_up_at', 'plan', 'country'],
      ['cus_9', '2023-01-05', 'pro', 'DE'],
    ];
    const path = await workbookOf({ Cancellations: cancellationRows('c1'), Customers: customers });

    const report = await ingest(path, { kind: 'customers' });
    expect(report.files[0]).toMatchObject({ status: 'ok', kind: 'customers', loaded: 1 });
    expect(await temp.rows(`SELECT id FROM customers`)).toEqual([{ id: 'cus_9' }]);
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
  });

  it('refuses a workbook none of whose sheets can be placed, naming every sheet it looked at', async () => {
    const path = await workbookOf({
      Summary: SUMMARY_ROWS,
      Pivot: [
        ['Plan', 'Count'],
        ['pro', 3],
      ],
      Notes: [['n']],
    });

    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
    expect(report.files[0]?.error).toMatch(/^no column for required cancellations field\(s\) /);
    expect(report.files[0]?.error).toContain(
      '. No sheet of the workbook has columns churnlens can place (sheets looked at: "Summary", "Pivot", "Notes"; the first was read): name the one to read with "sheet" in the mapping file',
    );
  });

  it('reads the summary sheet a mapping names, and refuses it for its columns as before', async () => {
    const path = await workbookOf({ Summary: SUMMARY_ROWS, Data: cancellationRows('d1') });

    const report = await ingest(path, { mapping: { columns: {}, defaults: {}, sheet: 'Summary' } });
    expect(report.files[0]).toMatchObject({ status: 'failed', read: 0 });
    expect(report.files[0]?.error).toBe(
      'no column for required cancellations field(s) id, customer_id, subscription_id, requested_at, channel, mrr, currency, tenure_days, outcome (headers: Plan, all); name them so or map them with --mapping, or give every row one value with the mapping file\'s "defaults" ({"defaults": {"channel": "self_serve", "currency": "USD", "outcome": "cancelled"}})',
    );
    expect(await temp.rows(`SELECT count(*)::INTEGER AS n FROM cancellations`)).toEqual([{ n: 0 }]);
  });

  it('reads a first sheet that can be placed even when a later sheet could be too', async () => {
    const path = await workbookOf({ March: cancellationRows('m1'), April: cancellationRows('a1', 'a2') });

    const report = await ingest(path);
    expect(report.files[0]).toMatchObject({ status: 'ok', loaded: 1 });
    expect(await temp.rows(`SELECT id FROM cancellations`)).toEqual([{ id: 'm1' }]);
    expect(await temp.rows(`SELECT message FROM ingest_runs`)).toEqual([
      {
        message: expect.stringMatching(
          /^read sheet "March" of the workbook \(the first; not read: "April", name one with "sheet" in the mapping file\)/,
        ),
      },
    ]);
  });

  it('fails a damaged workbook and an OpenDocument spreadsheet by name', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
    const report = await ingestFiles(temp.db, [temp.file('broken.xlsx', zip), temp.file('sheet.ods', zip)]);
    expect(report.files.map((file) => [file.status, file.error?.split(':')[0]])).toEqual([
      ['failed', 'cannot read the workbook'],
      ['failed', 'it is an OpenDocument spreadsheet, which churnlens does not read'],
    ]);
  });

  /** The encoding tests' files: cus_1 and cus_3 load with these plans, cus_2 (line 3) has no such date. */
  async function expectPlansAroundBadLine(report: IngestReport, plans: [string, string]) {
    expect(report.files[0]).toMatchObject({
      status: 'ok',
      kind: 'customers',
      read: 3,
      loaded: 2,
      rejected: 1,
    });
    expect(await temp.rows(`SELECT id, plan FROM customers ORDER BY id`)).toEqual([
      { id: 'cus_1', plan: plans[0] },
      { id: 'cus_3', plan: plans[1] },
    ]);
    expect(await temp.rows(`SELECT line::INTEGER AS line, field FROM rejected_rows`)).toEqual([
      { line: 3, field: 'signed_up_at' },
    ]);
  }

  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ] as const)(
    'reads a %s file (Excel\'s "Unicode Text") with its text and line numbers intact',
    async (encoding, mark) => {
      const text = [
        'id\tsigned_up_at\tplan\tcountry\tsegment',
        'cus_1\t2023-01-05\tProfi-Zugang für Teams 😀\tde\tsmb',
        'cus_2\t2023-02-30\tteam\tFR\t',
        'cus_3\t2023-03-01\tcrème\tFR\t',
      ].join('\r\n');
      const bytes = Buffer.from(text, 'utf16le');
      if (encoding === 'utf-16be') bytes.swap16();
      const report = await ingest(temp.file('customers.txt', Buffer.concat([mark, bytes])));
      expect(report.files[0]?.path).toMatch(/customers\.txt$/);
      await expectPlansAroundBadLine(report, ['Profi-Zugang für Teams 😀', 'crème']);
    },
  );

  it('reads a Windows-1252 CSV (Excel on Windows) as such, and says so in the run', async () => {
    const text = [
      'id;signed_up_at;plan;country;segment',
      'cus_1;2023-01-05;Café 10€;FR;smb',
      'cus_2;2023-02-30;Größe M;DE;',
      'cus_3;2023-03-01;Señor Ñandú;ES;',
    ].join('\r\n');
    const windows1252: Record<string, number> = {
      é: 0xe9,
      '€': 0x80,
      ö: 0xf6,
      ß: 0xdf,
      ñ: 0xf1,
      Ñ: 0xd1,
      ú: 0xfa,
    };
    const bytes = Buffer.from(
      [...text].map((character) => windows1252[character] ?? character.charCodeAt(0)),
    );
    const report = await ingest(temp.file('customers.csv', bytes));
    await expectPlansAroundBadLine(report, ['Café 10€', 'Señor Ñandú']);
    const [run] = await temp.rows<{ message: string }>(`SELECT message FROM ingest_runs`);
    expect(run?.message).toMatch(
      /^read as windows-1252: it is not UTF-8 and holds no UTF-8 character\. kind customers/,
    );
  });
});
