/**
 * The insight report as a PDF to forward as it is: title block with period and filters, the summary, KPI
 * cards, then each section with its charts (chart.js PNGs) and tables, and "Page n of m" on every page.
 * Laid out with pdfkit in its built-in Helvetica, so no font files are needed.
 */

import { formatChange, formatFigure } from '@churnlens/models/report/figure-format';
import type { InsightReport, Kpi, KpiKey } from '@churnlens/models/report/insight-report';
import { REPORT_SECTIONS, sectionTitle } from '@churnlens/models/report/report-figures';
import {
  type ReportTable,
  reportHeadingLines,
  reportTables,
  tableAsRead,
} from '@churnlens/models/report/report-tables';
import PDFDocument from 'pdfkit';
import { drawTable } from './pdf-table.ts';
import { pdfText } from './pdf-text.ts';
import {
  type ChartImage,
  channelSaveRateChart,
  channelWaitChart,
  chartedOffers,
  mrrLostChart,
  offerChart,
  reasonChart,
} from './report-charts.ts';

const MARGIN = 48;
const FOOTER_GAP = 24;
const COLORS = { ink: '#0f172a', muted: '#475569', rule: '#cbd5e1', good: '#047857', bad: '#b91c1c' };
const GAP = 12;
const KPI_COLUMNS = 4;
const KPI_CARD_HEIGHT = 62;
const CHANNEL_CHART_HEIGHT = 180;

/** KPIs where a rise is good news; for the rest (requests, losses, waits) a rise is bad. */
const HIGHER_IS_BETTER: ReadonlySet<KpiKey> = new Set(['retained', 'save_rate', 'mrr_saved']);

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/**
 * A section heading, moved to the next page unless `keepWith` points of what follows fit under it: by default
 * a table's header of up to three lines and the three rows it never starts with fewer of (see drawTable).
 */
function heading(doc: Doc, title: string, keepWith = 100): void {
  ensureSpace(doc, 40 + keepWith);
  doc.moveDown(0.8);
  const left = doc.page.margins.left;
  doc.font('Helvetica-Bold').fontSize(14).fillColor(COLORS.ink).text(pdfText(title), left, doc.y);
  const y = doc.y + 2;
  doc
    .moveTo(left, y)
    .lineTo(left + contentWidth(doc), y)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.y = y + 8;
}

function notes(doc: Doc, table: ReportTable): void {
  if (table.notes.length === 0) return;
  doc.moveDown(0.4);
  doc.font('Helvetica-Oblique').fontSize(8).fillColor(COLORS.muted);
  for (const note of table.notes)
    doc.text(pdfText(note), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(COLORS.ink);
}

function tableWithNotes(doc: Doc, table: ReportTable, currency: string): void {
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(COLORS.muted).text('No data in this period.');
    doc.fillColor(COLORS.ink);
    return;
  }
  drawTable(doc, table, currency);
  notes(doc, table);
}

/** Places charts side by side on one row, starting a new page when the row does not fit. */
function chartRow(doc: Doc, charts: ChartImage[]): void {
  if (charts.length === 0) return;
  const height = Math.max(...charts.map((chart) => chart.height));
  ensureSpace(doc, height);
  let x = doc.page.margins.left;
  const top = doc.y;
  for (const chart of charts) {
    doc.image(chart.png, x, top, { width: chart.width, height: chart.height });
    x += chart.width + GAP;
  }
  doc.x = doc.page.margins.left;
  doc.y = top + height + GAP;
}

function titleBlock(doc: Doc, report: InsightReport): void {
  doc.font('Helvetica-Bold').fontSize(22).fillColor(COLORS.ink).text(pdfText(report.title));
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(9.5).fillColor(COLORS.muted);
  for (const line of reportHeadingLines(report)) doc.text(pdfText(line));
  doc.fillColor(COLORS.ink);
}

function summary(doc: Doc, table: ReportTable): void {
  heading(doc, table.title);
  if (table.rows.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(pdfText(table.notes.join(' ')));
    return;
  }
  const left = doc.page.margins.left;
  const indent = 12;
  for (const [finding, source] of table.rows) {
    ensureSpace(doc, 30);
    doc.font('Helvetica').fontSize(10).fillColor(COLORS.ink);
    doc.text('•', left, doc.y, { continued: false, lineBreak: false });
    doc.text(pdfText(`${String(finding)} `), left + indent, doc.y, {
      continued: true,
      width: contentWidth(doc) - indent,
    });
    doc
      .font('Helvetica-Oblique')
      .fontSize(8.5)
      .fillColor(COLORS.muted)
      .text(pdfText(`(${String(source)})`));
    doc.moveDown(0.35);
  }
  doc.x = left;
  doc.fillColor(COLORS.ink);
}

function changeColor(kpi: Kpi): string {
  if (!kpi.significant || kpi.change === null || kpi.change === 0) return COLORS.muted;
  const rose = kpi.change > 0;
  return rose === HIGHER_IS_BETTER.has(kpi.key) ? COLORS.good : COLORS.bad;
}

function kpiComparisonNote(report: InsightReport): string {
  const { from, to } = report.previousPeriod;
  if (report.notCompared !== null) return `Not compared with ${from} to ${to}: ${report.notCompared}.`;
  return `Changes vs ${from} to ${to}. Green or red changes are statistically significant (p < 0.05); grey ones could be noise.`;
}

function kpiDefinitions(report: InsightReport): string {
  return `Retained: saved, paused or downgraded. Save rate changes are in rate points; money in ${report.currency}.`;
}

/** "+4% vs 181" under the figure; "not compared" when the data does not cover both periods, not "— vs —". */
function kpiComparison(doc: Doc, report: InsightReport, kpi: Kpi, at: { x: number; y: number }): void {
  if (kpi.previous === null) {
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted).text('not compared', at.x, at.y);
    return;
  }
  doc.font('Helvetica-Bold').fontSize(8).fillColor(changeColor(kpi));
  doc.text(pdfText(formatChange(kpi.change, kpi.unit)), at.x, at.y, { continued: true });
  doc.font('Helvetica').fillColor(COLORS.muted);
  doc.text(pdfText(` vs ${formatFigure(kpi.previous, kpi.unit, report.currency)}`));
}

function kpiCards(doc: Doc, report: InsightReport): void {
  heading(doc, REPORT_SECTIONS.kpis);
  const left = doc.page.margins.left;
  const cardWidth = (contentWidth(doc) - GAP * (KPI_COLUMNS - 1)) / KPI_COLUMNS;
  const rows = Math.ceil(report.kpis.length / KPI_COLUMNS);
  ensureSpace(doc, rows * (KPI_CARD_HEIGHT + GAP) + 30);
  const top = doc.y;
  report.kpis.forEach((kpi, index) => {
    const x = left + (index % KPI_COLUMNS) * (cardWidth + GAP);
    const y = top + Math.floor(index / KPI_COLUMNS) * (KPI_CARD_HEIGHT + GAP);
    const inner = { width: cardWidth - 16 };
    doc.roundedRect(x, y, cardWidth, KPI_CARD_HEIGHT, 4).lineWidth(0.6).strokeColor(COLORS.rule).stroke();
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted);
    doc.text(pdfText(kpi.label), x + 8, y + 7, { ...inner, height: 10, ellipsis: true, lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(15).fillColor(COLORS.ink);
    doc.text(pdfText(formatFigure(kpi.current, kpi.unit, report.currency)), x + 8, y + 20, inner);
    kpiComparison(doc, report, kpi, { x: x + 8, y: y + 42 });
  });
  doc.x = left;
  doc.y = top + rows * (KPI_CARD_HEIGHT + GAP);
  doc.font('Helvetica-Oblique').fontSize(8).fillColor(COLORS.muted);
  doc.text(pdfText(`${kpiComparisonNote(report)} ${kpiDefinitions(report)}`), { width: contentWidth(doc) });
  doc.fillColor(COLORS.ink);
}

function verbatims(doc: Doc, report: InsightReport): void {
  const themes = report.themes.filter((theme) => theme.verbatims.length > 0);
  if (themes.length === 0) return;
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.ink).text('Representative verbatims');
  doc.moveDown(0.3);
  for (const theme of themes) {
    ensureSpace(doc, 40);
    doc.font('Helvetica-Bold').fontSize(9.5).fillColor(COLORS.ink).text(pdfText(theme.label));
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(COLORS.muted);
    for (const verbatim of theme.verbatims) {
      doc.text(pdfText(`“${verbatim}”`), doc.page.margins.left + 12, doc.y, {
        width: contentWidth(doc) - 12,
      });
      doc.moveDown(0.2);
    }
    doc.x = doc.page.margins.left;
    doc.moveDown(0.4);
  }
  doc
    .font('Helvetica-Oblique')
    .fontSize(8)
    .text('Personal data was redacted when the answers were ingested.');
  doc.fillColor(COLORS.ink);
}

function footers(doc: Doc, report: InsightReport): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // Writing below the bottom margin would make pdfkit start a new page; lift the margin while we do.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom + FOOTER_GAP - 10;
    const width = contentWidth(doc);
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted);
    doc.text(pdfText(`${report.title}, ${report.period.from} to ${report.period.to}`), MARGIN, y, {
      width,
      lineBreak: false,
    });
    doc.text(`Page ${index - range.start + 1} of ${range.count}`, MARGIN, y, { width, align: 'right' });
    doc.page.margins.bottom = bottom;
  }
}

function layoutReport(doc: Doc, report: InsightReport): void {
  const tables = new Map(reportTables(report).map((table) => [table.id, tableAsRead(table)]));
  const table = (id: string) => tables.get(id) as ReportTable;
  const half = (contentWidth(doc) - GAP) / 2;
  const full = contentWidth(doc);

  titleBlock(doc, report);
  summary(doc, table('summary'));
  kpiCards(doc, report);

  const reasonChartHeight = Math.max(160, 40 + report.reasons.length * 18);
  heading(doc, REPORT_SECTIONS.reasons, report.reasons.length > 0 ? reasonChartHeight : undefined);
  if (report.reasons.length > 0) {
    const height = reasonChartHeight;
    chartRow(doc, [reasonChart(report, half, height), mrrLostChart(report, half, height)]);
  }
  tableWithNotes(doc, table('reasons'), report.currency);

  const charted = chartedOffers(report);
  const offerChartHeight = Math.min(560, 70 + charted.length * 18);
  heading(doc, REPORT_SECTIONS.offers, charted.length > 0 ? offerChartHeight : undefined);
  if (charted.length > 0) chartRow(doc, [offerChart(report, full, offerChartHeight)]);
  tableWithNotes(doc, table('offers'), report.currency);

  heading(doc, REPORT_SECTIONS.channels, report.channels.length > 0 ? CHANNEL_CHART_HEIGHT : undefined);
  if (report.channels.length > 0) {
    const waits = report.channels.some((row) => row.medianWaitMinutes !== null);
    chartRow(doc, [
      channelSaveRateChart(report, waits ? half : full, CHANNEL_CHART_HEIGHT),
      ...(waits ? [channelWaitChart(report, half, CHANNEL_CHART_HEIGHT)] : []),
    ]);
  }
  tableWithNotes(doc, table('channels'), report.currency);

  heading(doc, REPORT_SECTIONS.agents);
  tableWithNotes(doc, table('agents'), report.currency);

  heading(doc, sectionTitle(report, 'themes'));
  tableWithNotes(doc, table('themes'), report.currency);
  verbatims(doc, report);

  footers(doc, report);
}

export async function renderPdf(report: InsightReport): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_GAP },
    bufferPages: true,
    info: { Title: pdfText(report.title), Author: 'churnlens', CreationDate: new Date(report.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  layoutReport(doc, report);
  doc.end();
  return finished;
}
