/**
 * The reason mix per group of a dimension (plan, country, channel, tenure, signup quarter) as 100% stacked
 * bars, so groups of different sizes compare by mix; the table keeps the counts behind each share.
 */

import { EFFECTIVE_REASONS, reasonLabel } from '@churnlens/models/taxonomy';
import type { ChartConfiguration } from 'chart.js';
import { barChartOptions } from '../../charts/chart-options.ts';
import { type ChartPalette, reasonColor } from '../../charts/chart-palette.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { formatCount, formatPercent, formatPercentTick } from '../../format/number-format.ts';
import type { ReasonMixGroup } from './reason-mix.ts';

/** Groups beyond this many (countries, mostly) are folded into "Other groups" so bars stay legible. */
export const MAX_GROUPS = 12;
/**
 * Longer group names (plans as the data spells them) are cut on the axis: chart.js clips a label wider than
 * the space left of the bars at its start, so on a phone a plan "enterprise-annual-prepaid-2024-legacy-
 * contract-emea" read "…24-legacy-contract-emea (60)". The tooltip and the data table keep the whole name.
 */
export const MAX_AXIS_LABEL_LENGTH = 16;
const FOLDED_KEY = '\u0000other-groups';

export function buildBreakdownDataset(
  mix: readonly ReasonMixGroup[],
  palette: ChartPalette,
): {
  config: ChartConfiguration<'bar'>;
  table: TableModel;
  /** One per bar: the filter value that narrows to the group, null for folded or unknown groups. */
  groups: { value: string | null; label: string }[];
} {
  const groups = foldSmallGroups(mix);
  const reasons = EFFECTIVE_REASONS.filter((code) => groups.some((group) => group.counts.has(code)));
  const share = (group: ReasonMixGroup, reason: string) =>
    group.total === 0 ? 0 : (group.counts.get(reason) ?? 0) / group.total;
  const axisLabels = groups.map((group) => `${shorten(group.label)} (${formatCount(group.total)})`);
  const options = barChartOptions(palette, {
    horizontal: true,
    stacked: true,
    formatValue: formatPercent,
    formatTick: formatPercentTick,
    formatCategory: (index) => axisLabels[index] ?? '',
    valueMax: 1,
  });
  return {
    config: {
      type: 'bar',
      data: {
        labels: groups.map((group) => `${group.label} (${formatCount(group.total)})`),
        datasets: reasons.map((reason) => ({
          label: reasonLabel(reason),
          data: groups.map((group) => share(group, reason)),
          backgroundColor: reasonColor(palette, reason),
        })),
      },
      options,
    },
    table: {
      columns: [
        { key: 'group', label: 'Group' },
        { key: 'total', label: 'Requests', numeric: true },
        ...reasons.map((reason) => ({ key: reason, label: reasonLabel(reason), numeric: true })),
      ],
      rows: groups.map((group) => ({
        group: group.label,
        total: formatCount(group.total),
        ...Object.fromEntries(
          reasons.map((reason) => [
            reason,
            `${formatCount(group.counts.get(reason) ?? 0)} (${formatPercent(share(group, reason))})`,
          ]),
        ),
      })),
    },
    groups: groups.map((group) => ({ value: group.filterValue, label: group.label })),
  };
}

function shorten(label: string): string {
  return label.length <= MAX_AXIS_LABEL_LENGTH ? label : `${label.slice(0, MAX_AXIS_LABEL_LENGTH - 1)}…`;
}

/** Keeps the largest groups in their own order and sums the rest into one row. */
function foldSmallGroups(groups: readonly ReasonMixGroup[]): readonly ReasonMixGroup[] {
  if (groups.length <= MAX_GROUPS) return groups;
  const kept = new Set([...groups].sort((a, b) => b.total - a.total).slice(0, MAX_GROUPS - 1));
  const rest = groups.filter((group) => !kept.has(group));
  const counts = new Map<string, number>();
  for (const group of rest)
    for (const [reason, count] of group.counts) counts.set(reason, (counts.get(reason) ?? 0) + count);
  const other: ReasonMixGroup = {
    key: FOLDED_KEY,
    label: `${rest.length} other groups`,
    total: rest.reduce((sum, group) => sum + group.total, 0),
    counts,
    filterValue: null,
  };
  return [...groups.filter((group) => kept.has(group)), other];
}
