import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderXlsx } from './render-xlsx.ts';
import { SAMPLE_REPORT } from './testing/sample-report.ts';

async function themesSheet(): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(SAMPLE_REPORT)).buffer);
  const sheet = workbook.getWorksheet('Emerging themes');
  if (!sheet) throw new Error('no Emerging themes sheet');
  return sheet;
}

/** The cells under a header, down to the last theme (the notes follow after an empty row). */
function column(sheet: ExcelJS.Worksheet, title: string): ExcelJS.Cell[] {
  const header = sheet.getRow(1).values as unknown[];
  const index = header.indexOf(title);
  if (index < 1) throw new Error(`no column ${title}`);
  return SAMPLE_REPORT.themes.map((_, row) => sheet.getRow(row + 2).getCell(index));
}

describe('the XLSX report', () => {
  it('writes the change in share as numbers only, a new theme’s left empty, and says it is new in a boolean column', async () => {
    const sheet = await themesSheet();
    const change = column(sheet, 'Change in share');
    expect(change.map((cell) => cell.type)).toEqual([
      ExcelJS.ValueType.Number,
      ExcelJS.ValueType.Number,
      ExcelJS.ValueType.Null,
    ]);
    expect(change[0]?.value).toBe(6);
    expect(change[0]?.numFmt).toBe('+0%;-0%;0%');
    const isNew = column(sheet, 'New this period');
    expect(isNew.map((cell) => cell.type)).toEqual([
      ExcelJS.ValueType.Boolean,
      ExcelJS.ValueType.Boolean,
      ExcelJS.ValueType.Boolean,
    ]);
    expect(isNew.map((cell) => cell.value)).toEqual([false, false, true]);
    expect(column(sheet, 'Theme').map((cell) => cell.value)).toEqual([
      'invoice errors',
      'new interface',
      'single sign-on',
    ]);
  });

  it('leaves a row without a note empty, so that the blanks filter finds it', async () => {
    const notes = column(await themesSheet(), 'Note');
    expect(notes.map((cell) => cell.type)).toEqual(
      SAMPLE_REPORT.themes.map((theme) =>
        theme.significant ? ExcelJS.ValueType.Null : ExcelJS.ValueType.String,
      ),
    );
    expect(notes.some((cell) => cell.type === ExcelJS.ValueType.Null)).toBe(true);
  });

  it('writes a change that rounds to zero as 0% and 0.0 pts, never −0% or +0.0 pts, and keeps its number', async () => {
    const kpis = SAMPLE_REPORT.kpis.map((kpi) => {
      if (kpi.key === 'requests') return { ...kpi, change: -0.002 };
      if (kpi.key === 'cancelled') return { ...kpi, change: 0.004 };
      if (kpi.key === 'save_rate') return { ...kpi, change: -0.0004 };
      return kpi;
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx({ ...SAMPLE_REPORT, kpis })).buffer);
    const sheet = workbook.getWorksheet('Headline KPIs') as ExcelJS.Worksheet;
    const change = (row: number) => sheet.getRow(row).getCell(4);
    // Every section of the format writes the rounded magnitude without a sign; Excel adds none of its own
    // to a negative number formatted by a second section.
    expect([change(2).value, change(2).numFmt]).toEqual([-0.002, '0%;0%;0%']);
    expect([change(3).value, change(3).numFmt]).toEqual([0.004, '0%;0%;0%']);
    expect(change(5).value).toBeCloseTo(-0.04);
    expect(change(5).numFmt).toBe('0.0" pts";0.0" pts";0.0" pts"');
    // A change that shows keeps its sign.
    expect(change(4).numFmt).toBe('+0%;-0%;0%');
  });

  it('names the themes sheet “Frequent phrases” when the themes are not compared', async () => {
    const workbook = new ExcelJS.Workbook();
    const report = { ...SAMPLE_REPORT, themesNotCompared: 'the data begins on 2026-02-10' };
    await workbook.xlsx.load((await renderXlsx(report)).buffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toContain('Frequent phrases');
    expect(names).not.toContain('Emerging themes');
  });
});
