/**
 * Renders a built report in the requested format, with the file name and media type to serve it under.
 * Each renderer is imported when first used: pdfkit with chart.js and the canvas, and exceljs, each take a
 * good part of a second to load, which `churnlens report` would otherwise pay for every format.
 */
import type { InsightReport, ReportFormat } from '@churnlens/models/report/insight-report';
import { REPORT_MEDIA, reportFileName } from '@churnlens/models/report/report-file';

export interface RenderedReport {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  contentType: string;
}

async function renderBytes(report: InsightReport, format: ReportFormat): Promise<Uint8Array<ArrayBuffer>> {
  switch (format) {
    case 'pdf':
      return (await import('./render-pdf.ts')).renderPdf(report);
    case 'xlsx':
      return (await import('./render-xlsx.ts')).renderXlsx(report);
    case 'csv':
      return (await import('./render-csv.ts')).renderCsvZip(report);
    case 'md':
      return new TextEncoder().encode((await import('./render-markdown.ts')).renderMarkdown(report));
  }
}

export async function renderReport(report: InsightReport, format: ReportFormat): Promise<RenderedReport> {
  return {
    bytes: await renderBytes(report, format),
    fileName: reportFileName(report, format),
    contentType: REPORT_MEDIA[format].contentType,
  };
}
