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

/** A file name part of lower-case letters, digits and single hyphens: "Agent (chat)" → "agent-chat". */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Keeps a name that plan or segment values typed by someone else made long within what file systems take. */
const MAX_FILTER_PART_LENGTH = 80;

/**
 * "-plan-pro-channel-agent-chat", or nothing without filters: two reports of the same period for different
 * plans saved side by side must not take each other's name.
 */
function filterPart(filters: InsightReport['filters']): string {
  const part = filters.map((filter) => slug(`${filter.name} ${filter.value}`)).join('-');
  return part === '' ? '' : `-${part.slice(0, MAX_FILTER_PART_LENGTH).replace(/-$/, '')}`;
}

/** e.g. churnlens-report-2026-03-01-to-2026-03-30.pdf, churnlens-report-2026-03-01-to-2026-03-30-plan-pro.xlsx */
export function reportFileName(
  report: Pick<InsightReport, 'period' | 'filters'>,
  format: ReportFormat,
): string {
  const { from, to } = report.period;
  return `churnlens-report-${from}-to-${to}${filterPart(report.filters)}.${REPORT_MEDIA[format].extension}`;
}
