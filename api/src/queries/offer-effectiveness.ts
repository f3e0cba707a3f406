/**
 * GET /api/offers: acceptance and save rates per offer type, optionally per effective reason
 * (docs/metrics.md, "Offer effectiveness in detail"). DuckDB counts; models/src/metrics turns counts into
 * intervals and picks the best offer per reason.
 */
import type { OfferType } from '@churnlens/models';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { bestOffer, rateWithInterval, SMALL_SAMPLE_THRESHOLD } from '@churnlens/models/metrics/offer-ranking';
import type { ReasonCode } from '@churnlens/models/taxonomy';
import type { ApiDatabase } from '../db.ts';
import {
  type OfferRateKey,
  type OfferStats,
  type OffersResponse,
  SAVED_AFTER_DAYS,
} from '../schemas/offers.ts';
import { buildFilterSql } from './filter-sql.ts';
import { moneySql } from './outcome-metrics.ts';

interface OfferCountsRow {
  offer_type: OfferType;
  reason: ReasonCode | null;
  presented: number;
  accepted: number;
  eligible_30: number;
  saved_30: number;
  eligible_60: number;
  saved_60: number;
  eligible_90: number;
  saved_90: number;
  mrr_retained: number;
}

/**
 * savedAtN counts only accepted offers old enough to judge: accepted at least N days before the data end
 * date (the newest requested_at in the whole database), so recent acceptances do not look like saves yet.
 */
function savedAtSql(days: number): string {
  const oldEnough = `accepted AND accepted_at <= end_at - INTERVAL ${days} DAY`;
  return `count(*) FILTER (WHERE ${oldEnough})::INTEGER AS eligible_${days},
    count(*) FILTER (WHERE ${oldEnough} AND (churned_at IS NULL OR churned_at > accepted_at + INTERVAL ${days} DAY))::INTEGER AS saved_${days}`;
}

/**
 * One row per offer type (`reason` null), plus one per (offer type, reason) when `byReason` — both from one
 * scan of offer_facts, as grouping sets (the effective reason is never null, so null marks the totals).
 * Offers count when their cancellation matches the filters.
 */
async function readOfferCounts(
  db: ApiDatabase,
  filters: InsightFilters,
  options: { byReason: boolean; currency: string },
): Promise<OfferCountsRow[]> {
  const filter = buildFilterSql(filters, { alias: 'f' });
  const groupingSets = options.byReason ? '(offer_type), (offer_type, reason)' : '(offer_type)';
  return db.query<OfferCountsRow & Record<string, unknown>>(
    `WITH data_end AS (SELECT max(requested_at) AS end_at FROM cancellations),
     filtered_offers AS (
       SELECT f.offer_type, f.reason, f.accepted, f.accepted_at, f.churned_at, f.mrr_usd, data_end.end_at
       FROM offer_facts f CROSS JOIN data_end
       WHERE ${filter.sql}
     )
     SELECT
       offer_type,
       ${options.byReason ? 'reason' : 'NULL::VARCHAR AS reason'},
       count(*)::INTEGER AS presented,
       count(*) FILTER (WHERE accepted)::INTEGER AS accepted,
       ${SAVED_AFTER_DAYS.map(savedAtSql).join(',\n')},
       ${moneySql('accepted AND churned_at IS NULL')} AS mrr_retained
     FROM filtered_offers
     GROUP BY GROUPING SETS (${groupingSets})
     ORDER BY offer_type, reason NULLS FIRST`,
    { ...filter.params, currency: options.currency },
  );
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
    mrrRetained: row.mrr_retained,
  };
}

function rateOf(stats: OfferStats, key: OfferRateKey) {
  return key === 'acceptance' ? stats.acceptanceRate : stats[key];
}

async function readDataEndDate(db: ApiDatabase): Promise<string | null> {
  const [row] = await db.query<{ end_date: string | null }>(
    `SELECT max(requested_at)::DATE::VARCHAR AS end_date FROM cancellations`,
  );
  return row?.end_date ?? null;
}

export async function queryOffers(
  db: ApiDatabase,
  filters: InsightFilters,
  options: { byReason: boolean; rankBy: OfferRateKey; currency: string },
): Promise<OffersResponse> {
  const [rows, dataEndDate] = await Promise.all([
    readOfferCounts(db, filters, { byReason: options.byReason, currency: options.currency }),
    readDataEndDate(db),
  ]);
  const totals = rows.filter((row) => row.reason === null);
  const cells = rows.filter((row) => row.reason !== null);
  const response: OffersResponse = {
    currency: options.currency,
    dataEndDate,
    smallSampleThreshold: SMALL_SAMPLE_THRESHOLD,
    offers: totals.map(toOfferStats),
  };
  if (!options.byReason) return response;
  const reasons = [...new Set(cells.map((cell) => cell.reason as ReasonCode))];
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
