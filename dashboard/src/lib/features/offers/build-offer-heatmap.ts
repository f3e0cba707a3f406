/**
 * The offer × reason matrix as a table model: one row per reason, one cell per offer type, coloured by the
 * chosen rate, with small samples marked and the best offer (with its significance against the runner-up)
 * named per reason. Its data table lists every cell's interval too, which the matrix shows only on hover.
 */

import { offerLabel } from '@churnlens/models/labels';
import { formatPValue } from '@churnlens/models/report/figure-format';
import { SIGNIFICANCE_LEVEL } from '@churnlens/models/report/period-change';
import { OFFER_TYPES } from '@churnlens/models/schema/records';
import { reasonLabel } from '@churnlens/models/taxonomy';
import { type HeatColors, heatColors } from '../../charts/heat-scale.ts';
import type { TableModel } from '../../charts/table-model.ts';
import { describeRate } from '../../format/describe-rate.ts';
import { formatCount, formatPercent } from '../../format/number-format.ts';
import { type OffersResponse, type RateMeasure, type RateMeasureKey, rateMeasure } from './offers-data.ts';

export interface HeatmapCell {
  offerType: string;
  /** The rate as shown in the cell, "–" without trials. */
  text: string;
  /** The offers the rate is out of, shown under it ("n = 120"); empty where the offer was not made. */
  sampleSize: string;
  /** Rate, interval and n, for the cell's accessible description and tooltip. */
  detail: string;
  colors: HeatColors | null;
  smallSample: boolean;
  best: boolean;
}

export interface HeatmapRow {
  reason: string;
  reasonLabel: string;
  cells: HeatmapCell[];
  /** e.g. "Discount, 41.2% vs Pause 30.5% (p = 0.012)" or "no offer with n ≥ 30". */
  verdict: string;
}

export interface OfferHeatmap {
  offerTypes: { key: string; label: string }[];
  rows: HeatmapRow[];
  measureLabel: string;
  /**
   * What a kept cell counts and what its n counts, e.g. "Kept 30 days: the customer accepted … Kept 30 days is
   * out of the offers made in months that ended at least 30 days before the newest request (2026-10-31), …, n
   * under each rate": a kept share is out of fewer offers than acceptance, so it can read higher, which looks
   * impossible without it.
   */
  outOf: string;
  /** One row per offer made for a reason, with its rate, interval, n and mark, for keyboard and touch. */
  table: TableModel;
}

export function buildOfferHeatmap(response: OffersResponse, measureKey: RateMeasureKey): OfferHeatmap {
  const measure = rateMeasure(measureKey);
  const reasons = response.reasons ?? [];
  const present = new Set(reasons.flatMap((row) => row.offers.map((stats) => stats.offerType)));
  const offerTypes = OFFER_TYPES.filter((offerType) => present.has(offerType));
  return {
    measureLabel: measure.label,
    table: buildHeatmapTable(response, measure),
    outOf: describeOutOf(measure, response.dataEndDate),
    offerTypes: offerTypes.map((key) => ({ key, label: offerLabel(key) })),
    rows: reasons.map((row) => ({
      reason: row.reason,
      reasonLabel: reasonLabel(row.reason),
      verdict: describeVerdict(row.best, response.smallSampleThreshold),
      cells: offerTypes.map((offerType) => {
        const stats = row.offers.find((candidate) => candidate.offerType === offerType);
        if (!stats) {
          return {
            offerType,
            text: '–',
            sampleSize: '',
            detail: 'not offered',
            colors: null,
            smallSample: false,
            best: false,
          };
        }
        const rate = measure.pick(stats);
        return {
          offerType,
          text: formatPercent(rate.rate),
          sampleSize: `n = ${formatCount(rate.n)}`,
          detail: describeRate(rate),
          colors: rate.rate === null ? null : heatColors(rate.rate),
          smallSample: rate.smallSample,
          best: row.best?.offerType === offerType,
        };
      }),
    })),
  };
}

function buildHeatmapTable(response: OffersResponse, measure: RateMeasure): TableModel {
  const threshold = response.smallSampleThreshold;
  return {
    columns: [
      { key: 'reason', label: 'Reason' },
      { key: 'offer', label: 'Offer' },
      { key: 'rate', label: `${measure.label} (95% interval), n`, numeric: true },
      { key: 'mark', label: 'Best offer' },
    ],
    rows: (response.reasons ?? []).flatMap((row) =>
      OFFER_TYPES.flatMap((offerType) => {
        const stats = row.offers.find((candidate) => candidate.offerType === offerType);
        if (!stats) return [];
        const rate = measure.pick(stats);
        const best = row.best?.offerType === offerType ? row.best : null;
        return [
          {
            reason: reasonLabel(row.reason),
            offer: offerLabel(offerType),
            rate: describeRate(rate),
            mark: best ? `★ best, ${describeLead(best, threshold)}` : rate.smallSample ? '† not ranked' : '',
          },
        ];
      }),
    ),
  };
}

function describeOutOf(measure: RateMeasure, dataEndDate: string | null): string {
  const newest = dataEndDate === null ? 'the newest request' : `the newest request (${dataEndDate})`;
  const outOf = `${measure.label} is out of ${measure.outOf(newest)}`;
  if (measure.key === 'acceptance') return `${outOf}; n under each rate.`;
  return `${measure.means} ${outOf}, n under each rate: fewer offers than were presented, so it can read above the acceptance.`;
}

type BestOffer = NonNullable<NonNullable<OffersResponse['reasons']>[number]['best']>;

function describeVerdict(best: BestOffer | null, threshold: number): string {
  if (!best) return `no offer with n ≥ ${threshold}`;
  const leader = `${offerLabel(best.offerType)}, ${formatPercent(best.rate)}`;
  if (!best.runnerUp || best.pValue === null) return `${leader} (${describeLead(best, threshold)})`;
  return `${leader}, ${describeLead(best, threshold)}`;
}

/** How the best offer stands against the runner-up: "ahead of Discount 20.0% (p = 0.005)". */
function describeLead(best: BestOffer, threshold: number): string {
  if (!best.runnerUp || best.pValue === null) return `only offer with n ≥ ${threshold}`;
  const verdict = best.pValue < SIGNIFICANCE_LEVEL ? 'ahead' : 'not clearly ahead';
  return `${verdict} of ${offerLabel(best.runnerUp.offerType)} ${formatPercent(best.runnerUp.rate)} (${formatPValue(best.pValue)})`;
}
