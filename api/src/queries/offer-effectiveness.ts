/**
 * GET /api/offers: acceptance and save rates per offer type, optionally per effective reason
 * (docs/metrics.md, "Offer effectiveness in detail"). DuckDB counts; models/src/metrics turns counts into
 * intervals and picks the best offer per reason.
 */
import type { OfferType } from '@churnlens/models';
import { OFFER_MONTH_CELLS, OFFER_MONTH_TOTALS } from '@churnlens/models/database/month-cells';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { bestOffer, rateWithInterval, SMALL_SAMPLE_THRESHOLD } from '@churnlens/models/metrics/offer-ranking';
import { EFFECTIVE_REASONS, type EffectiveReason } from '@churnlens/models/taxonomy';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ApiDatabase } from '../db.ts';
import {
  type OfferRateKey,
  type OfferStats,
  type OffersResponse,
  SAVED_AFTER_DAYS,
} from '../schemas/offers.ts';
import { dayOf, readDataEnd } from './data-end.ts';
import { buildFilterSql } from './filter-sql.ts';
import { coarsestCells, monthCellsSql } from './month-cells.ts';
import { moneySql } from './outcome-metrics.ts';

interface OfferCountsRow {
  offer_type: OfferType;
  reason: EffectiveReason | null;
  presented: number;
  accepted: number;
  eligible_30: number;
  saved_30: number;
  eligible_60: number;
  saved_60: number;
  eligible_90: number;
  saved_90: number;
  kept_30: number;
  kept_60: number;
  kept_90: number;
  made_30: number;
  made_60: number;
  made_90: number;
  mrr_retained: number;
}

const LONGEST_HORIZON = Math.max(...SAVED_AFTER_DAYS);

/**
 * An accepted offer's `judged_days`: the largest of SAVED_AFTER_DAYS for which it was accepted at least that
 * long before the data end date ($end_at, the newest requested_at in the whole database), 0 when none.
 * savedAtN counts only offers old enough to judge (judged_days ≥ N), so recent acceptances do not look like
 * saves yet; of those, the ones whose `kept_days` (offer_facts, migration 17: the largest horizon the
 * customer stayed past; migration 24: 0 when the request is now cancelled) is ≥ N saved the customer.
 */
function judgedDaysSql(): string {
  return horizonCaseSql((days) => `accepted_at <= ${endMinusSql(days)}`);
}

/**
 * An offer's `month_judged_days`, keptAtN's horizon: the largest of SAVED_AFTER_DAYS by which the month of its
 * cancellation request had ended before the data end date, i.e. the month lies before the one holding the end
 * date minus N days. Judged by month, declined offers are counted from the month cells alone; by day, the
 * declined offers of the last months (2M at 10M cancellations) would be read one by one, which took 40–60 ms.
 */
function monthJudgedDaysSql(request: 'requested_month' | 'requested_at'): string {
  const type = request === 'requested_month' ? 'DATE' : 'TIMESTAMP';
  return horizonCaseSql((days) => `${request} < CAST(date_trunc('month', ${endMinusSql(days)}) AS ${type})`);
}

function endMinusSql(days: number): string {
  return `CAST($end_at AS TIMESTAMP) - INTERVAL ${days} DAY`;
}

function horizonCaseSql(holdsFor: (days: number) => string): string {
  const holds = (days: number) => `WHEN ${holdsFor(days)} THEN ${days}`;
  return `CASE ${SAVED_AFTER_DAYS.toReversed().map(holds).join(' ')} ELSE 0 END`;
}

/**
 * The first day of the month holding the data end date minus the longest horizon: offers accepted before it
 * are judged at every horizon, so their month cells say all the save rates need.
 */
const JUDGED_FROM_SQL = `date_trunc('month', ${endMinusSql(LONGEST_HORIZON)})`;

/**
 * Per horizon: the accepted offers old enough to judge and those of them saved (savedAtN), those saved on a
 * request of a judged month (keptAtN's successes), and `unjudged`: accepted offers of a judged month whose
 * acceptance is not yet N days old (a request at a month's end accepted days later, or no accepted_at).
 * keptAtN leaves those out of its trials until they can be judged, rather than count them as lost.
 */
function savedAtSql(days: number): string {
  const saved = `judged_days >= ${days} AND kept_days >= ${days}`;
  const monthJudged = `month_judged_days >= ${days}`;
  return `coalesce(sum(offers) FILTER (WHERE judged_days >= ${days}), 0)::INTEGER AS eligible_${days},
    coalesce(sum(offers) FILTER (WHERE ${saved}), 0)::INTEGER AS saved_${days},
    coalesce(sum(offers) FILTER (WHERE ${saved} AND ${monthJudged}), 0)::INTEGER AS kept_${days},
    coalesce(sum(offers) FILTER (WHERE judged_days < ${days} AND ${monthJudged}), 0)::INTEGER AS unjudged_${days}`;
}

function madeSql(days: number): string {
  return `coalesce(sum(offers) FILTER (WHERE month_judged_days >= ${days}), 0)::INTEGER AS made_${days}`;
}

/** keptAtN's trials: the offers made on requests of judged months, less the accepted ones not yet judged. */
function keptTrialsSql(days: number): string {
  return `p.made_${days} - coalesce(k.unjudged_${days}, 0) AS made_${days}`;
}

/**
 * One row per offer type (`reason` null), plus one per (offer type, reason) when `byReason`, as grouping
 * sets (the effective reason is never null, so null marks the totals). Offers count when their
 * cancellation matches the filters. Everything is summed from the offers' month cells, or their totals
 * over the filter values when no filter reads those (month-cells.ts),
 * except the save rates and retained mrr of offers accepted since JUDGED_FROM_SQL, which are read one by one
 * (at 10M cancellations, a fifth of the 1.7M accepted offers), since whether each is old enough to judge
 * depends on the data end date.
 */
async function readOfferCounts(
  connection: DuckDBConnection,
  filters: InsightFilters,
  options: { byReason: boolean; currency: string; endAt: string | null },
): Promise<OfferCountsRow[]> {
  const filter = buildFilterSql(filters, { alias: 'f' });
  // Without a filter on the values the totals leave out, the totals hold the same counts in fewer rows.
  const cells = monthCellsSql(coarsestCells([OFFER_MONTH_TOTALS, OFFER_MONTH_CELLS], filters), filters);
  const groupingSets = options.byReason ? '(offer_type), (offer_type, reason)' : '(offer_type)';
  const reason = options.byReason ? 'reason' : 'NULL::VARCHAR AS reason';
  const judgedCounts = SAVED_AFTER_DAYS.flatMap((days) => [
    `eligible_${days}`,
    `saved_${days}`,
    `kept_${days}`,
  ]);
  const reader = await connection.runAndReadAll(
    `WITH presented AS (
       SELECT offer_type, ${reason}, sum(offers)::INTEGER AS presented,
         coalesce(sum(offers) FILTER (WHERE accepted), 0)::INTEGER AS accepted,
         ${SAVED_AFTER_DAYS.map(madeSql).join(',\n')}
       FROM (SELECT *, ${monthJudgedDaysSql('requested_month')} AS month_judged_days FROM (${cells.sql}))
       GROUP BY GROUPING SETS (${groupingSets})
     ),
     accepted_offers AS (
       SELECT offer_type, ${reason},
         CASE WHEN accepted_month IS NULL THEN 0 ELSE ${LONGEST_HORIZON} END AS judged_days,
         ${monthJudgedDaysSql('requested_month')} AS month_judged_days, kept_days, sum(offers) AS offers,
         sum(mrr_usd) FILTER (WHERE NOT churned) AS mrr_usd
       FROM (${cells.sql})
       -- An accepted offer without accepted_at has no accepted_month and is never old enough to judge.
       WHERE accepted AND (accepted_month < ${JUDGED_FROM_SQL} OR accepted_month IS NULL)
       GROUP BY ALL
       UNION ALL
       SELECT offer_type, ${reason}, ${judgedDaysSql()} AS judged_days,
         ${monthJudgedDaysSql('requested_at')} AS month_judged_days, kept_days,
         count(*) AS offers, sum(mrr_usd) FILTER (WHERE NOT churned) AS mrr_usd
       FROM offer_facts f
       WHERE f.accepted AND f.accepted_at >= ${JUDGED_FROM_SQL} AND ${filter.sql}
       GROUP BY ALL
     ),
     kept AS (
       SELECT offer_type, ${reason},
         ${SAVED_AFTER_DAYS.map(savedAtSql).join(',\n')},
         ${moneySql('TRUE')} AS mrr_retained
       FROM accepted_offers
       GROUP BY GROUPING SETS (${groupingSets})
     )
     SELECT p.* EXCLUDE (${SAVED_AFTER_DAYS.map((days) => `made_${days}`).join(', ')}),
       ${SAVED_AFTER_DAYS.map(keptTrialsSql).join(', ')},
       ${[...judgedCounts, 'mrr_retained'].map((column) => `coalesce(k.${column}, 0) AS ${column}`).join(', ')}
     FROM presented p
     LEFT JOIN kept k ON k.offer_type = p.offer_type AND k.reason IS NOT DISTINCT FROM p.reason
     ORDER BY p.offer_type, p.reason NULLS FIRST`,
    { ...filter.params, ...cells.params, currency: options.currency, end_at: options.endAt },
  );
  return reader.getRowObjectsJson() as unknown as OfferCountsRow[];
}

function toOfferStats(row: OfferCountsRow): OfferStats {
  return {
    offerType: row.offer_type,
    presented: row.presented,
    accepted: row.accepted,
    acceptanceRate: rateWithInterval(row.accepted, row.presented),
    savedAt30: rateWithInterval(row.saved_30, row.eligible_30),
    savedAt60: rateWithInterval(row.saved_60, row.eligible_60),
    savedAt90: rateWithInterval(row.saved_90, row.eligible_90),
    keptAt30: rateWithInterval(row.kept_30, row.made_30),
    keptAt60: rateWithInterval(row.kept_60, row.made_60),
    keptAt90: rateWithInterval(row.kept_90, row.made_90),
    mrrRetained: row.mrr_retained,
  };
}

function rateOf(stats: OfferStats, key: OfferRateKey) {
  return key === 'acceptance' ? stats.acceptanceRate : stats[key];
}

export async function queryOffers(
  db: ApiDatabase,
  filters: InsightFilters,
  options: { byReason: boolean; rankBy: OfferRateKey; currency: string },
): Promise<OffersResponse> {
  // One snapshot: the end date and the counts judged against it must come from the same data.
  const { endAt, rows } = await db.read(async (connection) => {
    const endAt = await readDataEnd(connection);
    const counts = { byReason: options.byReason, currency: options.currency, endAt };
    return { endAt, rows: await readOfferCounts(connection, filters, counts) };
  });
  const dataEndDate = dayOf(endAt);
  const totals = rows.filter((row) => row.reason === null);
  const cells = rows.filter((row) => row.reason !== null);
  const response: OffersResponse = {
    currency: options.currency,
    dataEndDate,
    smallSampleThreshold: SMALL_SAMPLE_THRESHOLD,
    offers: totals.map(toOfferStats),
  };
  if (!options.byReason) return response;
  // In taxonomy order: the order rows come in depends on which offer types the filters leave.
  const reasons = EFFECTIVE_REASONS.filter((reason) => cells.some((cell) => cell.reason === reason));
  return {
    ...response,
    rankBy: options.rankBy,
    reasons: reasons.map((reason) => {
      const offers = cells.filter((cell) => cell.reason === reason).map(toOfferStats);
      const candidates = offers.map((stats) => {
        const rate = rateOf(stats, options.rankBy);
        return { offerType: stats.offerType, successes: rate.successes, n: rate.n };
      });
      return { reason, offers, best: bestOffer(candidates) };
    }),
  };
}
