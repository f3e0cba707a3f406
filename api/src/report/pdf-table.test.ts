/**
 * A table drawn from anywhere on a page, read back per page with pdftotext: wherever it starts and however
 * long it is, no page holds only one or two of its rows, and every page it continues on opens with its header.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportTable } from '@churnlens/models/report/report-tables';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { drawTable } from './pdf-table.ts';

const MARGIN = 48;

function agentTable(rows: number): ReportTable {
  return {
    id: 'agents',
    title: 'Agents',
    columns: [
      { title: 'Agent', numeric: false },
      { title: 'Requests', numeric: true },
    ],
    rows: Array.from({ length: rows }, (_, index) => [
      `agent-${String(index + 1).padStart(2, '0')}`,
      { value: 100 - index, unit: 'count' },
    ]),
    notes: [],
  };
}

async function render(table: ReportTable, spaceLeft: number): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 72 },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
  doc.font('Helvetica').fontSize(10).text('Text above the table');
  doc.y = doc.page.height - doc.page.margins.bottom - spaceLeft;
  drawTable(doc, table, 'USD');
  doc.end();
  return finished;
}

const directory = mkdtempSync(join(tmpdir(), 'churnlens-pdf-table-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Each page's lines as pdftotext reads them. */
function pages(pdf: Uint8Array): string[][] {
  const path = join(directory, 'table.pdf');
  writeFileSync(path, pdf);
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: count }, (_, index) =>
    execFileSync('pdftotext', ['-layout', '-f', `${index + 1}`, '-l', `${index + 1}`, path, '-'], {
      encoding: 'utf8',
    })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  );
}

/** Per page the table is on: how many of its rows, and whether its header comes first. */
function tablePages(pdf: Uint8Array): { rows: number; headerFirst: boolean }[] {
  return pages(pdf)
    .map((lines) => {
      const rows = lines.filter((line) => /^agent-\d\d\b/.test(line));
      const header = lines.findIndex((line) => /^Agent\s+Requests$/.test(line));
      const firstRow = lines.findIndex((line) => /^agent-\d\d\b/.test(line));
      return { rows: rows.length, headerFirst: header !== -1 && header < firstRow };
    })
    .filter((page) => page.rows > 0);
}

/** The space under the line of text at the top of the page: a table started there has the page to itself. */
const WHOLE_PAGE = 700;

function expectSplitWell(
  layout: { rows: number; headerFirst: boolean }[],
  rows: number,
  where: string,
): void {
  expect(
    layout.reduce((sum, page) => sum + page.rows, 0),
    where,
  ).toBe(rows);
  for (const page of layout) {
    expect(page.rows, where).toBeGreaterThanOrEqual(Math.min(3, rows));
    expect(page.headerFirst, where).toBe(true);
  }
}

describe('a PDF table split across pages', () => {
  it('leaves no page with fewer than 3 of its rows and repeats its header, wherever it starts', async () => {
    // From a few points to two rows' height past three rows left at the foot, in steps of under half a row.
    for (let spaceLeft = 10; spaceLeft <= 110; spaceLeft += 6) {
      expectSplitWell(tablePages(await render(agentTable(12), spaceLeft)), 12, `${spaceLeft} pt left`);
    }
  });

  it('carries no fewer than 3 rows onto the next page, however far it runs past the first', async () => {
    // Starting at the top of a page, one of these lengths overflows it by one row, the next by two, …
    const counts = new Set<number>();
    for (let rows = 38; rows <= 54; rows += 1) {
      const layout = tablePages(await render(agentTable(rows), WHOLE_PAGE));
      expectSplitWell(layout, rows, `${rows} rows`);
      if (layout.length > 1) counts.add(rows);
    }
    expect(counts.size).toBeGreaterThan(3);
  });

  it('keeps a table of two rows together with its header', async () => {
    for (let spaceLeft = 10; spaceLeft <= 70; spaceLeft += 6) {
      expect(tablePages(await render(agentTable(2), spaceLeft))).toEqual([{ rows: 2, headerFirst: true }]);
    }
  });
});
