/** GET /api/summary: outcome metrics for a period and the equally long period before it. */
import { CANCELLATION_MONTH_CELLS, CANCELLATION_MONTH_TOTALS } from '@churnlens/models/database/month-cells';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { comparedPeriodsGap } from '@churnlens/models/report/period-change';
import { comparedPeriods } from '@churnlens/models/reporting-period';
import type { ApiDatabase } from '../db.ts';
import type { OutcomeMetrics } from '../schemas/outcome-metrics.ts';
import type { Summary } from '../schemas/summary.ts';
import { readDataSpan } from './data-end.ts';
import { coarsestCells, monthCellsSql } from './month-cells.ts';
import { type OutcomeMetricsRow, outcomeMetricsSql, toOutcomeMetrics } from './outcome-metrics.ts';

export async function querySummary(
  db: ApiDatabase,
  filters: InsightFilters,
  currency: string,
): Promise<Summary> {
  return db.read(async (connection) => {
    const span = await readDataSpan(connection);
    const periods = comparedPeriods(filters, span?.to ?? null);
    // Without a filter on the values the totals leave out, the totals hold the same counts in fewer rows.
    const cells = coarsestCells([CANCELLATION_MONTH_TOTALS, CANCELLATION_MONTH_CELLS], filters);
    const current = monthCellsSql(cells, { ...filters, ...periods.current }, 'current_');
    const previous = monthCellsSql(cells, { ...filters, ...periods.previous }, 'previous_');
    const reader = await connection.runAndReadAll(
      `SELECT 'current' AS period, * FROM (${outcomeMetricsSql(current.sql)})
       UNION ALL
       SELECT 'previous' AS period, * FROM (${outcomeMetricsSql(previous.sql)})`,
      { ...current.params, ...previous.params, currency },
    );
    const rows = reader.getRowObjectsJson() as unknown as (OutcomeMetricsRow & { period: string })[];
    const now = toOutcomeMetrics(rows.find((row) => row.period === 'current') as OutcomeMetricsRow);
    const before = toOutcomeMetrics(rows.find((row) => row.period === 'previous') as OutcomeMetricsRow);
    return {
      currency,
      period: periods.current,
      ...now,
      previous: { period: periods.previous, ...before },
      delta: difference(now, before),
      notCompared: comparedPeriodsGap(periods, span),
    };
  });
}

function difference(now: OutcomeMetrics, before: OutcomeMetrics): OutcomeMetrics {
  const cents = (value: number) => Math.round(value * 100) / 100;
  return {
    cancelRequests: now.cancelRequests - before.cancelRequests,
    cancelled: now.cancelled - before.cancelled,
    retained: now.retained - before.retained,
    saved: now.saved - before.saved,
    paused: now.paused - before.paused,
    downgraded: now.downgraded - before.downgraded,
    abandoned: now.abandoned - before.abandoned,
    saveRate: now.saveRate === null || before.saveRate === null ? null : now.saveRate - before.saveRate,
    mrrLost: cents(now.mrrLost - before.mrrLost),
    mrrRetained: cents(now.mrrRetained - before.mrrRetained),
  };
}
