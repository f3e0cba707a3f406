/** The PDF of a report with every section filled, read back with poppler-utils (pdftotext, pdfimages, pdfinfo). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from './render-pdf.ts';
import { SAMPLE_REPORT } from './testing/sample-report.ts';

describe('the PDF report', () => {
  let directory: string;
  let path: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'churnlens-pdf-'));
    path = join(directory, 'report.pdf');
    writeFileSync(path, await renderPdf(SAMPLE_REPORT));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const poppler = (tool: string, ...args: string[]) =>
    execFileSync(tool, [...args, path], { encoding: 'utf8' });
  // pdftotext writes to stdout only when given "-" as the output file.
  const text = () =>
    execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

  it('embeds the five charts as RGB images at twice their printed resolution', () => {
    const images = poppler('pdfimages', '-list')
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/));
    // Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
    expect(images.map((columns) => columns[5])).toEqual(['rgb', 'rgb', 'rgb', 'rgb', 'rgb']);
    for (const columns of images) expect(Number(columns[12])).toBeGreaterThanOrEqual(144);
  });

  it('numbers its pages and titles the document', () => {
    const info = poppler('pdfinfo');
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(info).toMatch(/Title:\s+Churn insight report/);
    expect(text()).toContain(`Page ${pages} of ${pages}`);
  });

  it('prints the narrative, the offers with their intervals, and names the small samples once under the table', () => {
    // A note may run onto the next page: leave out the page footer that pdftotext puts in the middle of it.
    const printed = text().replace(/Churn insight report, \S+ to \S+ Page \d+ of \d+ /g, '');
    expect(printed).toContain(
      'For “Too expensive”, discount offers worked best: 42.0% accepted (95% CI 35.4%–48.9%, n = 200), ahead of pause at 20.0%.',
    );
    expect(printed).toContain(
      'Too expensive Pause 120 24 20.0% 13.8% 28.1% 80.0% 20 Too expensive Downgrade',
    );
    expect(printed).toContain('Too expensive Downgrade 12 5 41.7% 19.3% 68.1% 80.0% 5 Unused Pause');
    expect(printed).toContain(
      'Too few to tell, presented fewer than 30 times (their intervals are too wide to compare): 2 of the 5 offers — Too expensive (Downgrade); every offer for Missing features, so what works for it cannot be told.',
    );
    expect(printed).toContain(
      'Kept 30 days is too few to tell as well where an offer presented often enough was judged on fewer than 30 (Judged at 30 days): Too expensive (Pause).',
    );
    expect(printed).toContain('Save rate 19.5% -4.5 pts vs 24.0%');
    expect(printed).toContain('new interface 11 0.9% 9 0.9% +2% Could be noise; Also “redesign”');
  });

  it('says “new” in the change in share of a theme absent in the previous period, without a column for it', () => {
    const printed = text();
    expect(printed).toContain('single sign-on 12 1.0% 0 0.0% new');
    expect(printed).not.toContain('New this period');
  });
});

describe('the PDF report of a period the data does not cover to its end', () => {
  it('says “not compared” on each KPI card and why under them, not “— vs —”', async () => {
    const report = {
      ...SAMPLE_REPORT,
      notCompared: 'the data ends on 2026-03-20',
      kpis: SAMPLE_REPORT.kpis.map((kpi) => ({ ...kpi, previous: null, change: null, significant: false })),
    };
    const directory = mkdtempSync(join(tmpdir(), 'churnlens-pdf-'));
    try {
      const path = join(directory, 'report.pdf');
      writeFileSync(path, await renderPdf(report));
      const printed = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      expect(printed).toContain('Save rate 19.5% not compared');
      expect(printed).toContain('Not compared with 2026-01-30 to 2026-02-28: the data ends on 2026-03-20.');
      expect(printed).not.toContain('vs —');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the PDF report of themes not compared with the previous period', () => {
  it('heads them “Frequent phrases”, not “Emerging themes”', async () => {
    const report = { ...SAMPLE_REPORT, themesNotCompared: 'the data begins on 2026-02-10' };
    const directory = mkdtempSync(join(tmpdir(), 'churnlens-pdf-'));
    try {
      const path = join(directory, 'report.pdf');
      writeFileSync(path, await renderPdf(report));
      const printed = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
      expect(printed).toContain('\nFrequent phrases\n');
      expect(printed).not.toContain('Emerging themes');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
