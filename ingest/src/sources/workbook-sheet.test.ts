import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cellText, csvRecord, sheetRowLocator, writeSheetAsCsv } from './workbook-sheet.ts';

describe('cellText', () => {
  it.each([
    ['an empty cell', null, ''],
    ['a number', 39.9, '39.9'],
    ['a whole number', 120, '120'],
    ['a boolean', true, 'true'],
    ['a date at midnight', new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['a date with a time', new Date(Date.UTC(2024, 2, 1, 21, 5, 7)), '2024-03-01 21:05:07'],
    ['rich text', { richText: [{ text: 'too ' }, { text: 'expensive' }] }, 'too expensive'],
    ['a formula', { formula: 'A1*2', result: 78 }, '78'],
    ['a formula without a result', { formula: 'A1*2' }, ''],
    ['an error', { error: '#N/A' }, '#N/A'],
    ['a hyperlink', { text: 'ticket 42', hyperlink: 'https://example.com/42' }, 'ticket 42'],
  ])('shows %s as the sheet does', (_title, value, text) => {
    expect(cellText(value as never)).toBe(text);
  });
});

describe('csvRecord', () => {
  it('quotes only fields with a comma, a quote or a line break', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'one\ntwo', ''])).toBe(
      'plain,"a,b","say ""hi""","one\ntwo",',
    );
  });
});

describe('sheetRowLocator', () => {
  it('names the sheet row of a line after a cell that spans two lines', () => {
    // The copy's data records start on lines 2 and 4: the first has a cell with a line break.
    const starts = [2, 4];
    const lines = {
      prepare: async () => {},
      lineOfRow: (rowid: number) => starts[rowid] ?? 0,
      lineOfRecord: (n: number) => n,
    };
    const locator = sheetRowLocator(lines, {
      sheet: 'S',
      sheets: ['S'],
      chosen: false,
      passedOver: [],
      placed: true,
      rowOfLine: [1, 2, 2, 3],
    });
    expect([locator.lineOfRow(0), locator.lineOfRow(1)]).toEqual([2, 3]);
  });
});

describe('writeSheetAsCsv', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'churnlens-workbook-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps every multi-byte character of a sheet larger than one read chunk', async () => {
    const texts = Array.from(
      { length: 3000 },
      (_, index) => `${index} más barato, 日本語のテキスト ü ${'é'.repeat(index % 7)}`,
    );
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Texts');
    sheet.addRow(['id', 'text']);
    for (const [index, text] of texts.entries()) sheet.addRow([index, text]);
    await workbook.xlsx.writeFile(join(directory, 'texts.xlsx'));

    const copy = await writeSheetAsCsv(join(directory, 'texts.xlsx'), join(directory, 'texts.csv'));
    const lines = (await readFile(join(directory, 'texts.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines.slice(1).map((line) => line.slice(line.indexOf(',') + 1).replace(/^"|"$/g, ''))).toEqual(
      texts,
    );
    expect(copy).toMatchObject({ sheet: 'Texts', sheets: ['Texts'], chosen: false });
    expect(copy.rowOfLine).toHaveLength(3001);
  });

  /**
   * exceljs's reader sets a sheet aside in a temporary file until the workbook's parts it needs have been
   * read (exceljs writes xl/workbook.xml last). The `tmp` module it does that with, as exceljs loads it.
   */
  const exceljsTmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as {
    file: (callback: (...args: unknown[]) => void) => void;
  };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the whole workbook when setting a sheet aside takes longer than reading the file', async () => {
    // On a busy machine the file's last bytes arrived while the first sheet was still being set aside, and
    // the parts after it (the other sheet, the shared strings, xl/workbook.xml) were dropped: "Cannot read
    // properties of undefined (reading 'sheets')". A 100 ms delay makes that happen every time.
    const setAside = exceljsTmp.file;
    vi.spyOn(exceljsTmp, 'file').mockImplementation((callback) =>
      setAside((...args: unknown[]) => setTimeout(() => callback(...args), 100)),
    );
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Cancellations');
    sheet.addRow(['id', 'reason_text']);
    sheet.addRow(['x1', 'too expensive']);
    workbook.addWorksheet('Notes').addRow(['not part of the table']);
    await workbook.xlsx.writeFile(join(directory, 'slow.xlsx'));

    const copy = await writeSheetAsCsv(join(directory, 'slow.xlsx'), join(directory, 'slow.csv'));
    expect(await readFile(join(directory, 'slow.csv'), 'utf8')).toBe('id,reason_text\nx1,too expensive\n');
    expect(copy).toMatchObject({ sheet: 'Cancellations', sheets: ['Cancellations', 'Notes'] });
    expect(vi.mocked(exceljsTmp.file)).toHaveBeenCalled();
  });

  /** A workbook of these sheets, in order, each given as its rows, at `path`. */
  async function writeWorkbook(path: string, sheets: Record<string, unknown[][]>) {
    const workbook = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows);
    await workbook.xlsx.writeFile(path);
  }
  /** Places a sheet whose top rows have an `id` column, as kind detection would a table. */
  const hasIdColumn = (rows: readonly string[][]) => rows.some((row) => row.includes('id'));

  it('copies the first sheet that can be placed, with its own row numbers, when the first cannot be', async () => {
    const path = join(directory, 'report.xlsx');
    const data = [['Cancellations'], [], ['id', 'note'], ['x1', 'one\ntwo'], ['x2', 'b']];
    await writeWorkbook(path, {
      Summary: [['Report'], ['Period', '2024-03']],
      Pivot: [['Plan', 'Count']],
      Data: data,
      Later: [['id'], ['y1']],
    });

    const copy = await writeSheetAsCsv(path, join(directory, 'copy.csv'), undefined, undefined, hasIdColumn);
    expect(await readFile(join(directory, 'copy.csv'), 'utf8')).toBe(
      'Cancellations,\n\nid,note\nx1,"one\ntwo"\nx2,b\n',
    );
    expect(copy).toEqual({
      sheet: 'Data',
      sheets: ['Summary', 'Pivot', 'Data', 'Later'],
      chosen: false,
      passedOver: ['Summary', 'Pivot'],
      placed: true,
      rowOfLine: [1, 2, 3, 4, 4, 5],
    });
    expect(await readdir(directory)).toEqual(['copy.csv', 'report.xlsx']);
  });

  it('copies the first sheet when no sheet can be placed, or when the mapping names it', async () => {
    const path = join(directory, 'report.xlsx');
    await writeWorkbook(path, { Summary: [['Report']], Data: [['id'], ['x1']] });
    const csv = join(directory, 'copy.csv');

    const none = await writeSheetAsCsv(path, csv, undefined, undefined, () => false);
    expect(none).toMatchObject({ sheet: 'Summary', passedOver: [], placed: false });
    expect(await readFile(csv, 'utf8')).toBe('Report\n');
    const named = await writeSheetAsCsv(path, csv, 'summary', undefined, hasIdColumn);
    expect(named).toMatchObject({ sheet: 'Summary', chosen: true, passedOver: [], placed: true });
  });

  it('holds a later sheet it would read to the expansion limit', async () => {
    const path = join(directory, 'report.xlsx');
    const offers = Array.from({ length: 2000 }, () => ['o', 'c', 'discount', '2024-01-01', 'no']);
    await writeWorkbook(path, { Summary: [['Report']], Offers: [['id'], ...offers] });

    const limit = { bytes: 5000, reason: 'the test says so' };
    await expect(
      writeSheetAsCsv(path, join(directory, 'copy.csv'), undefined, limit, hasIdColumn),
    ).rejects.toThrow('its sheet expands to more than 4.9 KiB');
  });

  it('leaves no copy of a sheet past the expansion limit in the temp folder', async () => {
    // exceljs names the sheets it sets aside tmp-<pid>-<random>; an abandoned read left them there until the
    // process exited, so a server kept a copy of every workbook upload that went past the limit.
    const setAside = async () =>
      (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = await setAside();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Offers');
    for (let index = 0; index < 2000; index++) sheet.addRow(['o', 'c', 'discount', '2024-01-01', 'no']);
    await workbook.xlsx.writeFile(join(directory, 'offers.xlsx'));

    const limit = { bytes: 5000, reason: 'the test says so' };
    await expect(
      writeSheetAsCsv(join(directory, 'offers.xlsx'), join(directory, 'offers.csv'), undefined, limit),
    ).rejects.toThrow('its sheet expands to more than 4.9 KiB');
    // The sheet is closed and removed asynchronously, after the error.
    await vi.waitFor(async () => expect(await setAside()).toEqual(before));
  });
});
