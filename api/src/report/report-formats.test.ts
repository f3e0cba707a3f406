/**
 * Builds the insight report from the hand-checked fixture database and reads each rendered format back:
 * the PDF through pdftotext (Debian poppler-utils), the XLSX through exceljs, the CSV zip through fflate.
 *
 * The fixture gets three more June cancellations whose free text is a spreadsheet formula. With them June
 * (2024-06-01 … 2024-06-30) has 15 requests: 8 cancelled, 6 retained, 1 abandoned, save rate 6/15 = 40.0%,
 * MRR lost 235 + 3 × 30 = $325; the previous period (2024-05-02 … 2024-05-31) has 5 requests, 2 retained.
 * The formula texts are unclassified, so their reason is 'other': 1 + 3 = 4 of 15 requests (26.7%); c08, with
 * neither a picked reason nor a verbatim, counts under 'no_reason_given'.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InsightReport } from '@churnlens/models/report/insight-report';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHURN_FIXTURE,
  type ChurnFixture,
  createFixtureDatabase,
  type FixtureCancellation,
  type FixtureDatabase,
} from '../testing/churn-fixture.ts';
import { buildReport } from './build-report.ts';
import { renderCsvZip } from './render-csv.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPdf } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';

const FORMULA = '=HYPERLINK("http://x","y")';
const NEUTRALIZED = `'${FORMULA}`;

function formulaCancellation(index: number): FixtureCancellation {
  return {
    id: `cx${index}`,
    customerId: 'cu1',
    requestedAt: `2024-06-2${index} 12:00:00`,
    channel: 'self_serve',
    agentId: null,
    waitSeconds: null,
    plan: 'pro',
    mrr: 30,
    currency: 'USD',
    tenureDays: 300,
    reasonCode: null,
    reasonText: FORMULA,
    outcome: 'cancelled',
  };
}

const FIXTURE: ChurnFixture = {
  ...CHURN_FIXTURE,
  cancellations: [...CHURN_FIXTURE.cancellations, ...[1, 2, 3].map(formulaCancellation)],
};

/** pdftotext's text in drawing order, runs of whitespace collapsed so wrapped lines read as one sentence. */
function pdfToText(pdf: Uint8Array, directory: string): string {
  const path = join(directory, 'report.pdf');
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('insight report formats, built from the fixture database', () => {
  let fixture: FixtureDatabase;
  let report: InsightReport;
  let directory: string;

  beforeAll(async () => {
    fixture = await createFixtureDatabase(FIXTURE);
    directory = mkdtempSync(join(tmpdir(), 'churnlens-report-'));
    report = await buildReport(
      fixture.db,
      { from: '2024-06-01', to: '2024-06-30' },
      {
        currency: 'USD',
        now: new Date('2024-07-05T08:00:00Z'),
      },
    );
  });
  afterAll(async () => {
    await fixture.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it('compares June with the 30 days before it and writes a sentence only for the significant rise', () => {
    expect(report.period).toEqual({ from: '2024-06-01', to: '2024-06-30', days: 30 });
    expect(report.previousPeriod).toEqual({ from: '2024-05-02', to: '2024-05-31', days: 30 });
    expect(report.kpis.find((kpi) => kpi.key === 'requests')).toMatchObject({
      current: 15,
      previous: 5,
      change: 2,
      significant: true,
    });
    expect(report.narrative.map((sentence) => sentence.text)).toContain(
      'Cancellation requests rose from 5 to 15 vs the previous 30 days.',
    );
    // 6/15 against 2/5 is the same save rate: no sentence about it.
    expect(report.narrative.some((sentence) => sentence.text.includes('save rate'))).toBe(false);
  });

  it('names the plan most requests of a reason came from', () => {
    expect(report.reasons.find((row) => row.reason === 'too_expensive')).toMatchObject({
      current: 3,
      previous: 0,
      topPlan: 'team',
      topPlanShare: 2 / 3,
    });
  });

  it('prints the KPIs, the reasons and the narrative into the PDF', async () => {
    const text = pdfToText(await renderPdf(report), directory);
    expect(text).toContain('Period: 2024-06-01 to 2024-06-30 (30 days)');
    expect(text).toContain('Cancellation requests 15 +200% vs 5');
    expect(text).toContain('Save rate 40.0% 0.0 pts vs 40.0%');
    expect(text).toContain('MRR lost $325 +91% vs $170');
    expect(text).toContain('Other 4 1 +300% 26.7% $100 pro 75.0%');
    expect(text).toContain('No reason given 1 0 — 6.7% $0 pro 100.0%');
    expect(text).toContain('Too expensive 3 0 — 20.0% $50 team 66.7%');
    expect(text).toContain('Cancellation requests rose from 5 to 15 vs the previous 30 days.');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('writes numbers as numeric XLSX cells with percentage formats, and verbatims as inert text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(report)).buffer);
    const kpis = workbook.getWorksheet('Headline KPIs');
    expect(kpis?.getRow(2).values).toEqual([undefined, 'Cancellation requests', 15, 5, 2]);
    const saveRate = kpis?.getRow(5);
    expect(saveRate?.getCell(1).value).toBe('Save rate');
    expect(saveRate?.getCell(2).value).toBe(0.4);
    expect(saveRate?.getCell(2).numFmt).toBe('0.0%');
    const reasons = workbook.getWorksheet('Top reasons');
    expect(reasons?.getRow(2).getCell(1).value).toBe('Other');
    expect(reasons?.getRow(2).getCell(5).value).toBeCloseTo(4 / 15);
    expect(reasons?.getRow(2).getCell(5).numFmt).toBe('0.0%');

    const verbatims = workbook.getWorksheet('Representative verbatims');
    const texts = verbatims?.getColumn(2).values ?? [];
    expect(texts).toContain(NEUTRALIZED);
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      ),
    );
  });

  it('zips one CSV per table with raw numbers and the formula neutralized', () => {
    const files = unzipSync(renderCsvZip(report));
    expect(Object.keys(files)).toEqual([
      '00-report.csv',
      '01-summary.csv',
      '02-kpis.csv',
      '03-reasons.csv',
      '04-offers.csv',
      '05-channels.csv',
      '06-agents.csv',
      '07-themes.csv',
      '08-verbatims.csv',
    ]);
    const csv = (name: string) => strFromU8(files[name] as Uint8Array).replace(/^\uFEFF/, '');
    expect(csv('02-kpis.csv')).toContain('Cancellation requests,15,5,2\r\n');
    expect(csv('02-kpis.csv')).toContain('Save rate,0.4,0.4,0\r\n');
    expect(csv('08-verbatims.csv')).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv('08-verbatims.csv')).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('gives waits as raw minutes in XLSX and CSV, with the unit in the header', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(report)).buffer);
    expect(workbook.getWorksheet('Channels')?.getRow(1).values).toEqual([
      undefined,
      'Channel',
      'Requests',
      'Retained',
      'Save rate',
      'Median wait (min)',
      '90th pct wait (min)',
    ]);
    expect(workbook.getWorksheet('Agents')?.getRow(1).getCell(5).value).toBe('Median wait (min)');
    const files = unzipSync(renderCsvZip(report));
    const header = (name: string) =>
      strFromU8(files[name] as Uint8Array)
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0];
    expect(header('05-channels.csv')).toBe(
      'Channel,Requests,Retained,Save rate,Median wait (min),90th pct wait (min)',
    );
    expect(header('06-agents.csv')).toBe('Agent,Requests,Retained,Save rate,Median wait (min)');
    // Markdown and PDF print each wait with its own unit ("8.9 h"), so their header has none.
    expect(renderMarkdown(report)).toContain(
      '| Channel | Requests | Retained | Save rate | Median wait | 90th pct wait |',
    );
  });

  it('renders Markdown tables for wikis and tickets', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| Cancellation requests | 15 | 5 | +200% |');
    expect(markdown).toContain('| Other | 4 | 1 | +300% | 26.7% | $100 | pro | 75.0% |');
    expect(markdown).toContain(`| ${NEUTRALIZED} |`);
  });
});
