/** Labels for the period keys the API groups by: months "YYYY-MM", weeks by their Monday "YYYY-MM-DD". */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatPeriodKey(key: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (day) return `${Number(day[3])} ${MONTHS[Number(day[2]) - 1] ?? day[2]} ${day[1]}`;
  return key;
}

/** "1 Mar 2025 – 30 Mar 2025" for a period with inclusive ISO day bounds. */
export function formatPeriod(period: { from: string; to: string }): string {
  return `${formatPeriodKey(period.from)} – ${formatPeriodKey(period.to)}`;
}

/** Week buckets for ranges up to about four months keep a trend readable; longer ones group by month. */
export function trendGranularity(filters: { from?: string; to?: string }): 'week' | 'month' {
  if (!filters.from || !filters.to) return 'month';
  const days = (Date.parse(filters.to) - Date.parse(filters.from)) / 86_400_000;
  return days <= 120 ? 'week' : 'month';
}

/** The date range of the filters in words, for chart descriptions: "all dates", "since 1 Mar 2025", … */
export function describeDateRange(filters: { from?: string; to?: string }): string {
  if (filters.from && filters.to) return formatPeriod({ from: filters.from, to: filters.to });
  if (filters.from) return `since ${formatPeriodKey(filters.from)}`;
  if (filters.to) return `up to ${formatPeriodKey(filters.to)}`;
  return 'all dates';
}
