import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exceljsWorkbook } from './xlsx-file.ts';
import { columnLetters, escapeXml, type XlsxColumn, xlsxRowsXml } from './xlsx-rows.ts';

const COLUMNS: XlsxColumn[] = [
  { name: 'id', date: false },
  { name: 'requested_at', date: true },
  { name: 'mrr', date: false },
  { name: 'needs_review', date: false },
  { name: 'reason_text', date: false },
  { name: 'reactivated_at', date: true },
];

/** Every kind of value an export cell holds, and the strings that need escaping or neutralizing. */
const ROWS: unknown[][] = [
  ['c01', new Date('2024-06-02T10:00:00Z'), 49, false, 'switching to Projecto', null],
  ['c02', new Date('2024-06-02T10:00:00.123Z'), 12.5, true, '<b>Tom & "Jerry"</b> it\'s 💸', new Date(0)],
  ['c03', null, -0.0001, null, '=HYPERLINK("http://evil.example")', null],
  ['c04', new Date('1999-12-31T23:59:59Z'), 1e21, true, 'bell\u0007 tab\t line\nend\u007f', null],
  ['c05', new Date('2026-10-31T23:59:30Z'), null, false, '', null],
  ['c06', new Date('2025-01-01T00:00:00Z'), 0, false, null, null],
];

/** Rows as DuckDB hands a chunk to the writer: column by column, timestamps as the SQL's day numbers. */
function asChunk(rows: readonly unknown[][]): unknown[][] {
  const dayNumber = (value: unknown) =>
    value instanceof Date ? 25569 + value.getTime() / 86_400_000 : value;
  return COLUMNS.map((_, column) => rows.map((row) => dayNumber(row[column])));
}

/** The `<row>` markup exceljs' streaming writer produces for the rows, with the sheet set up as exports set it up. */
async function exceljsRowsXml(columns: readonly XlsxColumn[], rows: readonly unknown[][]): Promise<string> {
  const { worksheet, entries } = await exceljsWorkbook({ name: 'rows', columns });
  for (const row of rows) {
    worksheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell))).commit();
  }
  const xml = strFromU8((await entries())['xl/worksheets/sheet1.xml'] as Uint8Array);
  return xml.slice(xml.indexOf('<row r="2"'), xml.indexOf('</sheetData>'));
}

describe('xlsxRowsXml', () => {
  it('writes the same row markup as exceljs did for strings, numbers, booleans, dates and empty cells', async () => {
    expect(xlsxRowsXml(COLUMNS, asChunk(ROWS), 2)).toBe(await exceljsRowsXml(COLUMNS, ROWS));
  });

  it('writes a date as the day count spreadsheets read, with the date format, and keeps an empty date cell formatted', () => {
    const xml = xlsxRowsXml(COLUMNS, asChunk([ROWS[0] as unknown[]]), 2);
    // 2024-06-02 is day 45445 after 1899-12-30, and 10:00 is 10/24 of a day.
    expect(xml).toContain('<c r="B2" s="1"><v>45445.41666666667</v></c>');
    expect(xml).toContain('<c r="F2" s="1"/>');
  });

  it('numbers rows from the given row and leaves out empty cells of other columns', () => {
    const xml = xlsxRowsXml(COLUMNS, asChunk([ROWS[5] as unknown[]]), 7);
    expect(xml.startsWith('<row r="7" spans="1:6"')).toBe(true);
    expect(xml).toContain('<c r="C7"><v>0</v></c>');
    expect(xml).not.toContain('E7');
  });

  it('neutralizes a formula a customer typed', () => {
    expect(xlsxRowsXml(COLUMNS, asChunk([ROWS[2] as unknown[]]), 2)).toContain(
      '<c r="E2" t="str"><v>&apos;=HYPERLINK(&quot;http://evil.example&quot;)</v></c>',
    );
  });

  it('refuses a value type no export column has instead of writing a wrong cell', () => {
    expect(() => xlsxRowsXml(COLUMNS, asChunk([['c07', null, 10n, null, null, null]]), 2)).toThrow(
      'an xlsx cell cannot hold bigint values',
    );
  });
});

describe('escapeXml', () => {
  it.each([
    {
      title: 'markup characters become entities',
      input: `<a href="x">Tom & Jerry's</a>`,
      expected: '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    },
    {
      title: 'control characters XML cannot hold are dropped',
      input: 'a\u0000b\u0008c\u000bd\u001fe\u007f',
      expected: 'abcde',
    },
    { title: 'tab, line feed and carriage return stay', input: 'a\tb\nc\rd', expected: 'a\tb\nc\rd' },
    { title: 'other text stays as it is', input: 'café 💸 plain', expected: 'café 💸 plain' },
  ])('$title', ({ input, expected }) => {
    expect(escapeXml(input)).toBe(expected);
  });
});

describe('columnLetters', () => {
  it('names columns as spreadsheets do, past Z too', () => {
    expect([0, 1, 23, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual([
      'A',
      'B',
      'X',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});
