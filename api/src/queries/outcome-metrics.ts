/**
 * The outcome metrics of docs/metrics.md as one SQL query over counted cells (`cells`, a relation from
 * month-cells.ts), so every endpoint counts requests, retention and money the same way. The cells are
 * grouped by outcome first and every metric summed from those few groups: one FILTER per metric over every
 * row took four times as long at 10M cancellations. Queries using it must bind $currency (the reporting
 * currency; amounts are converted through fx_rates' USD rates).
 */
export function outcomeMetricsSql(cells: string): string {
  const requests = (condition: string) => `coalesce(sum(requests) FILTER (WHERE ${condition}), 0)::INTEGER`;
  return `
    SELECT
      coalesce(sum(requests), 0)::INTEGER AS cancel_requests,
      ${requests("outcome = 'cancelled'")} AS cancelled,
      ${requests('retained')} AS retained,
      ${requests("outcome = 'saved'")} AS saved,
      ${requests("outcome = 'paused'")} AS paused,
      ${requests("outcome = 'downgraded'")} AS downgraded,
      ${requests("outcome = 'abandoned'")} AS abandoned,
      ${saveRateSql('sum(requests)', 'sum(requests) FILTER (WHERE retained)')},
      ${moneySql("outcome = 'cancelled'")} AS mrr_lost,
      ${moneySql('retained')} AS mrr_retained
    FROM (
      -- retained follows from the outcome (cancellation_facts_source), so each group has one value of it.
      SELECT outcome, any_value(retained) AS retained, sum(requests) AS requests, sum(mrr_usd) AS mrr_usd
      FROM (${cells})
      GROUP BY outcome
    ) per_outcome`;
}

/**
 * retained / cancelRequests as `save_rate`; NULL when there are no requests (a rate of nothing is unknown,
 * not 0), 0 when there are requests and none was retained (a filtered sum over no rows is NULL in SQL).
 * The two counts are SQL aggregates over pre-grouped counts.
 */
export function saveRateSql(requests: string, retained: string): string {
  return `CASE WHEN coalesce(${requests}, 0) = 0 THEN NULL ELSE coalesce(${retained}, 0)::DOUBLE / ${requests} END AS save_rate`;
}

/** Sum of mrr_usd of the rows matching `condition`, in the reporting currency, rounded to cents. */
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
