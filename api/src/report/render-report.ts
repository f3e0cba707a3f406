/** Renders a built report in the requested format, with the file name and media type to serve it under. */
import type { InsightReport, ReportFormat } from '@churnlens/models/report/insight-report';
import { REPORT_MEDIA, reportFileName } from '@churnlens/models/report/report-file';
import { renderCsvZip } from './render-csv.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPdf } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';

export interface RenderedReport {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  contentType: string;
}

async function renderBytes(report: InsightReport, format: ReportFormat): Promise<Uint8Array<ArrayBuffer>> {
  switch (format) {
    case 'pdf':
      return renderPdf(report);
    case 'xlsx':
      return renderXlsx(report);
    case 'csv':
      return renderCsvZip(report);
    case 'md':
      return new TextEncoder().encode(renderMarkdown(report));
  }
}

export async function renderReport(report: InsightReport, format: ReportFormat): Promise<RenderedReport> {
  return {
    bytes: await renderBytes(report, format),
    fileName: reportFileName(report, format),
    contentType: REPORT_MEDIA[format].contentType,
  };
}
