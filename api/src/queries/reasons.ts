/** GET /api/reasons: the reason mix with money, save rate, sentiment and review counts, optionally broken down. */
import { type EffectiveReason, reasonLabel, TENURE_BUCKET_KEYS } from '@churnlens/models';
import {
  CANCELLATION_MONTH_CELLS,
  CANCELLATION_MONTH_TOTALS,
  type MonthCellTable,
} from '@churnlens/models/database/month-cells';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ApiDatabase } from '../db.ts';
import type { ReasonBreakdown, ReasonStats, Reasons } from '../schemas/reasons.ts';
import type { FilterSql } from './filter-sql.ts';
import { coarsestCells, factCellsSql, monthCellsSql } from './month-cells.ts';
import { moneySql, saveRateSql } from './outcome-metrics.ts';

/**
 * Each breakdown dimension over counted cells (month-cells.ts): the value cells are grouped by, its
 * label as SQL over `group_value`, and whether it needs the facts' request times (weeks) rather than month
 * cells. Dates are grouped as dates and formatted per group, not per row. `by` only ever selects from this map.
 */
interface Dimension {
  group: string;
  label: string;
  byWeek?: boolean;
  /** Whether `group` is a filter value, which only the month cells carry, not their totals. */
  byFilterValue?: boolean;
}

const BREAKDOWN_SQL: Record<ReasonBreakdown, Dimension> = {
  plan: { group: 'plan', label: 'group_value', byFilterValue: true },
  country: { group: 'country', label: 'group_value', byFilterValue: true },
  channel: { group: 'channel', label: 'group_value', byFilterValue: true },
  tenure: { group: 'tenure_bucket', label: 'group_value', byFilterValue: true },
  month: { group: 'requested_month', label: `strftime(group_value, '%Y-%m')` },
  week: {
    group: `date_trunc('week', requested_at)`,
    label: `strftime(group_value, '%Y-%m-%d')`,
    byWeek: true,
  },
};

const WHOLE_SELECTION: Dimension = { group: `'all'`, label: 'group_value' };

interface ReasonRow {
  group_key: string;
  reason: EffectiveReason;
  count: number;
  group_total: number;
  share: number;
  mrr_lost: number;
  save_rate: number | null;
  avg_sentiment: number | null;
  needs_review: number;
}

function reasonRowsSql(dimension: Dimension, cells: string): string {
  return `
    WITH reason_groups AS (
      SELECT
        ${dimension.group} AS group_value,
        reason,
        sum(requests)::INTEGER AS count,
        ${moneySql("outcome = 'cancelled'")} AS mrr_lost,
        ${saveRateSql('sum(requests)', 'sum(requests) FILTER (WHERE retained)')},
        sum(sentiment_sum) / nullif(sum(sentiment_count), 0) AS avg_sentiment,
        coalesce(sum(requests) FILTER (WHERE needs_review), 0)::INTEGER AS needs_review
      FROM (${cells})
      GROUP BY ALL
    )
    SELECT
      coalesce((${dimension.label})::VARCHAR, 'unknown') AS group_key,
      reason, count,
      (sum(count) OVER (PARTITION BY group_value))::INTEGER AS group_total,
      count / sum(count) OVER (PARTITION BY group_value) AS share,
      mrr_lost, save_rate, avg_sentiment, needs_review
    FROM reason_groups
    ORDER BY group_key, count DESC, reason`;
}

function toStats(row: ReasonRow): ReasonStats {
  return {
    reason: row.reason,
    label: reasonLabel(row.reason),
    count: row.count,
    share: row.share,
    mrrLost: row.mrr_lost,
    saveRate: row.save_rate,
    avgSentiment: row.avg_sentiment,
    needsReview: row.needs_review,
  };
}

/** Keys sort as text (months, weeks, names), except tenure buckets, which keep their natural order. */
function orderGroups<T extends { key: string }>(by: ReasonBreakdown, groups: T[]): T[] {
  if (by !== 'tenure') return groups;
  const rank = (key: string) => (TENURE_BUCKET_KEYS as readonly string[]).indexOf(key);
  return groups.toSorted((a, b) => rank(a.key) - rank(b.key));
}

/** The month totals when neither the filters nor the breakdown read a value they leave out, else the cells. */
function cellTable(dimension: Dimension, filters: InsightFilters): MonthCellTable {
  if (dimension.byFilterValue) return CANCELLATION_MONTH_CELLS;
  return coarsestCells([CANCELLATION_MONTH_TOTALS, CANCELLATION_MONTH_CELLS], filters);
}

export async function queryReasons(
  db: ApiDatabase,
  filters: InsightFilters,
  currency: string,
  by: ReasonBreakdown | undefined,
): Promise<Reasons> {
  const read = async (connection: DuckDBConnection, dimension: Dimension) => {
    const cells: FilterSql = dimension.byWeek
      ? factCellsSql(CANCELLATION_MONTH_CELLS, filters)
      : monthCellsSql(cellTable(dimension, filters), filters);
    const reader = await connection.runAndReadAll(reasonRowsSql(dimension, cells.sql), {
      ...cells.params,
      currency,
    });
    return reader.getRowObjectsJson() as unknown as ReasonRow[];
  };
  return db.read(async (connection) => {
    const rows = await read(connection, WHOLE_SELECTION);
    const result: Reasons = { currency, total: rows[0]?.group_total ?? 0, reasons: rows.map(toStats) };
    if (by === undefined) return result;
    const grouped = await read(connection, BREAKDOWN_SQL[by]);
    const groups = new Map<string, { key: string; total: number; reasons: ReasonStats[] }>();
    for (const row of grouped) {
      const group = groups.get(row.group_key) ?? { key: row.group_key, total: row.group_total, reasons: [] };
      group.reasons.push(toStats(row));
      groups.set(row.group_key, group);
    }
    return { ...result, breakdown: { by, groups: orderGroups(by, [...groups.values()]) } };
  });
}
