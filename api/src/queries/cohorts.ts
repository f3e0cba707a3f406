/** GET /api/cohorts: reason mix per tenure bucket and per signup month. */
import { type EffectiveReason, TENURE_BUCKET_KEYS } from '@churnlens/models';
import { CANCELLATION_MONTH_CELLS } from '@churnlens/models/database/month-cells';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { ApiDatabase } from '../db.ts';
import type { Cohort, Cohorts } from '../schemas/cohorts.ts';
import { monthCellsSql } from './month-cells.ts';

type CohortRow = {
  kind: 'tenure' | 'signupMonth';
  cohort: string;
  reason: EffectiveReason;
  count: number;
  total: number;
  share: number;
};

/**
 * Both cohort views from one pass over the counted cells: they are summed per (tenure bucket, signup month,
 * reason) and each view sums those few groups (two passes took twice as long at 10M cancellations).
 */
function cohortsSql(cells: string): string {
  return `
    WITH cells AS MATERIALIZED (
      SELECT tenure_bucket, signup_month, reason, sum(requests) AS count
      FROM (${cells})
      GROUP BY ALL
    ),
    cohorts AS (
      SELECT 'tenure' AS kind, tenure_bucket AS cohort, reason, sum(count) AS count
      FROM cells WHERE tenure_bucket IS NOT NULL GROUP BY ALL
      UNION ALL
      SELECT 'signupMonth', strftime(signup_month, '%Y-%m'), reason, sum(count)
      FROM cells WHERE signup_month IS NOT NULL GROUP BY ALL
    )
    SELECT kind, cohort, reason, count::INTEGER AS count,
      (sum(count) OVER cohort)::INTEGER AS total,
      count / sum(count) OVER cohort AS share
    FROM cohorts
    WINDOW cohort AS (PARTITION BY kind, cohort)
    ORDER BY kind, cohort, count DESC, reason`;
}

function groupRows(rows: CohortRow[]): Map<string, Cohort> {
  const cohorts = new Map<string, Cohort>();
  for (const row of rows) {
    const cohort = cohorts.get(row.cohort) ?? { key: row.cohort, total: row.total, reasons: [] };
    cohort.reasons.push({ reason: row.reason, count: row.count, share: row.share });
    cohorts.set(row.cohort, cohort);
  }
  return cohorts;
}

export async function queryCohorts(db: ApiDatabase, filters: InsightFilters): Promise<Cohorts> {
  const cells = monthCellsSql(CANCELLATION_MONTH_CELLS, filters);
  const rows = await db.query<CohortRow>(cohortsSql(cells.sql), cells.params);
  const byTenure = groupRows(rows.filter((row) => row.kind === 'tenure'));
  return {
    byTenure: TENURE_BUCKET_KEYS.map((key) => byTenure.get(key) ?? { key, total: 0, reasons: [] }),
    bySignupMonth: [...groupRows(rows.filter((row) => row.kind === 'signupMonth')).values()],
  };
}
