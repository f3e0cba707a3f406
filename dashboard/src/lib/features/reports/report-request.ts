/** What the Reports page asks the API for, and how a download is named when the server gives no name. */
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { REPORT_FORMATS } from '@churnlens/models/report/insight-report';
import { describeFilters } from '../../state/describe-filters.ts';

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FORMAT_CHOICES: { key: ReportFormat; label: string; extension: string }[] = [
  { key: 'pdf', label: 'PDF report', extension: 'pdf' },
  { key: 'xlsx', label: 'Excel workbook (XLSX)', extension: 'xlsx' },
  { key: 'csv', label: 'CSV tables (zip)', extension: 'zip' },
  { key: 'md', label: 'Markdown', extension: 'md' },
];

export { REPORT_FORMATS };

export function fallbackReportName(format: ReportFormat, filters: InsightFilters): string {
  const extension = REPORT_FORMAT_CHOICES.find((choice) => choice.key === format)?.extension ?? format;
  const period = filters.from || filters.to ? `-${filters.from ?? 'start'}-to-${filters.to ?? 'end'}` : '';
  return `churnlens-report${period}.${extension}`;
}

/** One line naming the scope of the report, e.g. "plan pro · channel Email · 2025-01-01 to 2025-03-31". */
export function describeReportScope(filters: InsightFilters): string {
  const scope = describeFilters(filters);
  const period =
    filters.from || filters.to
      ? `${filters.from ?? 'the first request'} to ${filters.to ?? 'the last request'}`
      : 'the last 30 days of data, compared with the 30 days before';
  return scope ? `${period}; ${scope}` : `${period}; all customers`;
}
