/** What the Reports page asks the API for, and how a download is named when the server gives no name. */

import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { REPORT_FORMATS } from '@churnlens/models/report/insight-report';
import { DEFAULT_PERIOD_DAYS } from '@churnlens/models/reporting-period';
import { formatPeriod, formatPeriodKey } from '../../format/period-format.ts';
import { describeFiltersInline } from '../../state/describe-filters.ts';

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FORMAT_CHOICES: { key: ReportFormat; label: string; extension: string }[] = [
  { key: 'pdf', label: 'PDF report', extension: 'pdf' },
  { key: 'xlsx', label: 'Excel workbook (XLSX)', extension: 'xlsx' },
  { key: 'csv', label: 'CSV tables (zip)', extension: 'zip' },
  { key: 'md', label: 'Markdown', extension: 'md' },
];

export function fallbackReportName(format: ReportFormat, filters: InsightFilters): string {
  const extension = REPORT_FORMAT_CHOICES.find((choice) => choice.key === format)?.extension ?? format;
  const period = filters.from || filters.to ? `-${filters.from ?? 'start'}-to-${filters.to ?? 'end'}` : '';
  return `churnlens-report${period}.${extension}`;
}

/**
 * One line naming the scope of the report, e.g. "2025-01-01 to 2025-03-31; plan pro · channel Email", with the
 * period the API's comparedPeriods picks: a missing start is DEFAULT_PERIOD_DAYS before the end, a missing
 * end the newest request.
 */
export function describeReportScope(filters: InsightFilters): string {
  const scope = describeFiltersInline(filters);
  return `${describeReportPeriod(filters)}; ${scope || 'all customers'}`;
}

function describeReportPeriod({ from, to }: InsightFilters): string {
  const days = `${DEFAULT_PERIOD_DAYS} days`;
  if (from && to) return formatPeriod({ from, to });
  if (from) return `${formatPeriodKey(from)} to the last request`;
  if (to) return `the ${days} up to ${formatPeriodKey(to)}, compared with the ${days} before`;
  return `the last ${days} of data, compared with the ${days} before`;
}
