/**
 * The outcome metrics of docs/metrics.md as one SQL select list over `cancellation_facts`, so every endpoint
 * counts requests, retention and money the same way. Queries using it must bind $currency (the reporting
 * currency; amounts are converted through fx_rates' USD rates).
 */
export const OUTCOME_METRICS_SQL = `
  count(*)::INTEGER AS cancel_requests,
  count(*) FILTER (WHERE outcome = 'cancelled')::INTEGER AS cancelled,
  count(*) FILTER (WHERE retained)::INTEGER AS retained,
  count(*) FILTER (WHERE outcome = 'saved')::INTEGER AS saved,
  count(*) FILTER (WHERE outcome = 'paused')::INTEGER AS paused,
  count(*) FILTER (WHERE outcome = 'downgraded')::INTEGER AS downgraded,
  count(*) FILTER (WHERE outcome = 'abandoned')::INTEGER AS abandoned,
  ${saveRateSql()},
  ${moneySql("outcome = 'cancelled'")} AS mrr_lost,
  ${moneySql('retained')} AS mrr_retained`;

/** retained / cancelRequests; NULL when there are no requests (a rate of nothing is unknown, not 0). */
export function saveRateSql(): string {
  return `CASE WHEN count(*) = 0 THEN NULL ELSE (count(*) FILTER (WHERE retained))::DOUBLE / count(*) END AS save_rate`;
}

/** Sum of mrr of the rows matching `condition`, in the reporting currency, rounded to cents. */
export function moneySql(condition: string): string {
  return `round(coalesce(sum(mrr_usd) FILTER (WHERE ${condition}), 0) / (SELECT usd_per_unit FROM fx_rates WHERE currency = $currency), 2)::DOUBLE`;
}

export interface OutcomeMetricsRow {
  cancel_requests: number;
  cancelled: number;
  retained: number;
  saved: number;
  paused: number;
  downgraded: number;
  abandoned: number;
  save_rate: number | null;
  mrr_lost: number;
  mrr_retained: number;
}

export function toOutcomeMetrics(row: OutcomeMetricsRow) {
  return {
    cancelRequests: row.cancel_requests,
    cancelled: row.cancelled,
    retained: row.retained,
    saved: row.saved,
    paused: row.paused,
    downgraded: row.downgraded,
    abandoned: row.abandoned,
    saveRate: row.save_rate,
    mrrLost: row.mrr_lost,
    mrrRetained: row.mrr_retained,
  };
}
