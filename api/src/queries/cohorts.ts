/** GET /api/cohorts: reason mix per tenure bucket and per signup month. */
import { type ReasonCode, TENURE_BUCKET_KEYS } from '@churnlens/models';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import type { ApiDatabase } from '../db.ts';
import type { Cohort, Cohorts } from '../schemas/cohorts.ts';
import { buildFilterSql } from './filter-sql.ts';

interface CohortRow {
  cohort: string;
  reason: ReasonCode;
  count: number;
  total: number;
  share: number;
}

const COHORT_SQL = {
  tenure: 'tenure_bucket',
  signupMonth: `strftime(signed_up_at, '%Y-%m')`,
} as const;

function cohortSql(cohort: string, where: string): string {
  return `
    SELECT
      ${cohort} AS cohort,
      reason,
      count(*)::INTEGER AS count,
      (sum(count(*)) OVER (PARTITION BY ${cohort}))::INTEGER AS total,
      count(*) / sum(count(*)) OVER (PARTITION BY ${cohort}) AS share
    FROM cancellation_facts
    WHERE ${cohort} IS NOT NULL AND ${where}
    GROUP BY ${cohort}, reason
    ORDER BY cohort, count DESC, reason`;
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
  const filter = buildFilterSql(filters);
  return db.read(async (connection) => {
    const tenureRows = (
      await connection.runAndReadAll(cohortSql(COHORT_SQL.tenure, filter.sql), filter.params)
    ).getRowObjectsJson();
    const monthRows = (
      await connection.runAndReadAll(cohortSql(COHORT_SQL.signupMonth, filter.sql), filter.params)
    ).getRowObjectsJson();
    const byTenure = groupRows(tenureRows as unknown as CohortRow[]);
    return {
      byTenure: TENURE_BUCKET_KEYS.map((key) => byTenure.get(key) ?? { key, total: 0, reasons: [] }),
      bySignupMonth: [...groupRows(monthRows as unknown as CohortRow[]).values()],
    };
  });
}
