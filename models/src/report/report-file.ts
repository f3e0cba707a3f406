/** What a rendered report is called and how it is served, per format. */
import type { InsightReport, ReportFormat } from './insight-report.ts';

export const REPORT_MEDIA = {
  pdf: { extension: 'pdf', contentType: 'application/pdf' },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  // One CSV per table, zipped.
  csv: { extension: 'zip', contentType: 'application/zip' },
  md: { extension: 'md', contentType: 'text/markdown; charset=utf-8' },
} as const satisfies Record<ReportFormat, { extension: string; contentType: string }>;

/** e.g. churnlens-report-2026-03-01-to-2026-03-30.pdf */
export function reportFileName(report: Pick<InsightReport, 'period'>, format: ReportFormat): string {
  return `churnlens-report-${report.period.from}-to-${report.period.to}.${REPORT_MEDIA[format].extension}`;
}
