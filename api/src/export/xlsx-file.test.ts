import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeXlsxFile } from './xlsx-file.ts';
import type { XlsxColumn } from './xlsx-rows.ts';

const COLUMNS: XlsxColumn[] = [
  { name: 'id', date: false },
  { name: 'requested_at', date: true },
  { name: 'mrr', date: false },
];

/**
 * `count` chunks of `size` rows, column by column as DuckDB hands them over (the time as a spreadsheet day
 * number, one minute apart from 2024-01-01); throws `failure` instead of chunk `failure.at`.
 */
async function* chunks(count: number, size: number, failure?: { at: number; error: Error }) {
  const JANUARY_1_2024 = 45292;
  for (let chunk = 0; chunk < count; chunk++) {
    if (failure?.at === chunk) throw failure.error;
    const rows = Array.from({ length: size }, (_, index) => chunk * size + index);
    yield [
      rows.map((row) => `r${row}`),
      rows.map((row) => JANUARY_1_2024 + row / 1440),
      rows.map((row) => row / 4),
    ];
  }
}

describe('writeXlsxFile', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'xlsx-file-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes every chunk below the header, in order, as a workbook exceljs and unzip read', async () => {
    const path = join(scratch, 'rows.xlsx');
    await writeXlsxFile(path, { name: 'cancellations', columns: COLUMNS }, chunks(3, 2048));

    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('cancellations');
    expect(sheet?.rowCount).toBe(1 + 3 * 2048);
    expect(sheet?.getRow(1).values).toEqual([undefined, 'id', 'requested_at', 'mrr']);
    const last = sheet?.getRow(1 + 3 * 2048);
    expect(last?.getCell(1).value).toBe('r6143');
    expect(last?.getCell(2).value).toEqual(new Date('2024-01-05T06:23:00Z'));
    expect(last?.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(last?.getCell(3).value).toBe(6143 / 4);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('rejects with the error of the rows when they fail midway', async () => {
    const failure = { at: 2, error: new Error('the query was interrupted') };
    await expect(
      writeXlsxFile(
        join(scratch, 'failed.xlsx'),
        { name: 'offers', columns: COLUMNS },
        chunks(5, 2048, failure),
      ),
    ).rejects.toThrow('the query was interrupted');
  });

  it('rejects when the file cannot be written instead of waiting for the disk', async () => {
    await expect(
      writeXlsxFile('/dev/full', { name: 'offers', columns: COLUMNS }, chunks(50, 2048)),
    ).rejects.toThrow('ENOSPC');
  });
});
