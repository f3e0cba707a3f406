import {
  CANCELLATION_MONTH_CELLS,
  CANCELLATION_MONTH_TOTALS,
  CHANNEL_MONTH_CELLS,
  type MonthCellTable,
  OFFER_MONTH_CELLS,
  OFFER_MONTH_TOTALS,
} from '@churnlens/models/database/month-cells';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAVED_AFTER_DAYS } from '../schemas/offers.ts';
import { createFixtureDatabase, type FixtureDatabase } from '../testing/churn-fixture.ts';
import { buildFilterSql } from './filter-sql.ts';
import { coarsestCells, factCellsSql, monthCellsSql, splitByMonths } from './month-cells.ts';

describe('splitByMonths', () => {
  it('reads a window of whole months from month cells alone', () => {
    expect(splitByMonths('2024-05-01', '2024-06-30')).toEqual({
      months: { from: '2024-05-01', to: '2024-07-01' },
      days: [],
    });
  });

  it('reads the days of a partial first and last month from the facts', () => {
    expect(splitByMonths('2024-04-27', '2024-07-04')).toEqual({
      months: { from: '2024-05-01', to: '2024-07-01' },
      days: [
        { from: '2024-04-27', to: '2024-05-01' },
        { from: '2024-07-01', to: '2024-07-05' },
      ],
    });
  });

  it('reads a window inside one month, or across two partial months, from the facts only', () => {
    expect(splitByMonths('2024-06-02', '2024-06-29')).toEqual({
      months: null,
      days: [{ from: '2024-06-02', to: '2024-06-30' }],
    });
    expect(splitByMonths('2024-05-20', '2024-06-10')).toEqual({
      months: null,
      days: [{ from: '2024-05-20', to: '2024-06-11' }],
    });
  });

  it('ends a window on the last day of December in the next year', () => {
    expect(splitByMonths('2023-12-01', '2023-12-31')).toEqual({
      months: { from: '2023-12-01', to: '2024-01-01' },
      days: [],
    });
  });

  it('leaves an open end open', () => {
    expect(splitByMonths(undefined, undefined)).toEqual({ months: {}, days: [] });
    expect(splitByMonths('2024-06-15', undefined)).toEqual({
      months: { from: '2024-07-01' },
      days: [{ from: '2024-06-15', to: '2024-07-01' }],
    });
    expect(splitByMonths(undefined, '2024-06-14')).toEqual({
      months: { to: '2024-06-01' },
      days: [{ from: '2024-06-01', to: '2024-06-15' }],
    });
  });
});

// The fixture's requests run from 2024-03-15 to 2024-06-30 23:59:59 (testing/churn-fixture.ts).
const WINDOWS: InsightFilters[] = [
  {},
  { from: '2024-05-01', to: '2024-06-30' },
  { from: '2024-05-02', to: '2024-06-30' },
  { from: '2024-03-15', to: '2024-06-29' },
  { from: '2024-05-01', to: '2024-05-01' },
  { from: '2024-06-01' },
  { to: '2024-05-31' },
  { from: '2024-04-02', to: '2024-06-20', plan: 'pro' },
  { from: '2024-03-01', to: '2024-06-30', reason: ['too_expensive', 'low_quality'], channel: 'self_serve' },
];

describe('coarsestCells', () => {
  const tables = [OFFER_MONTH_TOTALS, OFFER_MONTH_CELLS] as const;

  it('sums the offer totals when no filter reads a value they leave out', () => {
    expect(coarsestCells(tables, {}).table).toBe('offer_month_totals');
    expect(coarsestCells(tables, { from: '2024-05-01', reason: ['too_expensive'] }).table).toBe(
      'offer_month_totals',
    );
  });

  it('sums the offer cells when a filter reads a plan, country, channel, segment or tenure', () => {
    for (const filter of [
      { plan: 'pro' },
      { country: 'DE' },
      { channel: 'phone' },
      { segment: 'smb' },
      { tenure: '0-30d' },
    ] as InsightFilters[]) {
      expect(coarsestCells(tables, filter).table).toBe('offer_month_cells');
    }
  });
});

describe('monthCellsSql', () => {
  let fixture: FixtureDatabase;
  beforeAll(async () => {
    fixture = await createFixtureDatabase();
  });
  afterAll(() => fixture.cleanup());

  /**
   * The window's rows of `table` aggregated per group twice: from its cells with `cellColumns` and from its
   * fact table with `factColumns` (grouped by every non-aggregate column of each).
   */
  async function fromCellsAndFacts(
    table: MonthCellTable,
    filters: InsightFilters,
    cellColumns: string,
    factColumns: string,
  ) {
    const cells = monthCellsSql(table, filters);
    const fromCells = await fixture.db.query(
      `SELECT ${cellColumns} FROM (${cells.sql}) GROUP BY ALL ORDER BY ALL`,
      cells.params,
    );
    const facts = buildFilterSql(filters);
    const fromFacts = await fixture.db.query(
      `SELECT ${factColumns} FROM ${table.facts} WHERE ${facts.sql} GROUP BY ALL ORDER BY ALL`,
      facts.params,
    );
    return { fromCells, fromFacts };
  }

  it.each(
    [CANCELLATION_MONTH_CELLS, CANCELLATION_MONTH_TOTALS].flatMap((cells) =>
      WINDOWS.map((filters) => [cells.table, filters, cells] as const),
    ),
  )(
    'counts the cancellations of %s in the window %j as the facts do, per reason and outcome',
    async (_table, filters, cells) => {
      const { fromCells, fromFacts } = await fromCellsAndFacts(
        cells,
        filters,
        `reason, outcome, needs_review, sum(requests)::INTEGER AS requests, round(sum(mrr_usd), 6) AS mrr_usd,
         round(sum(sentiment_sum), 6) AS sentiment_sum, sum(sentiment_count)::INTEGER AS sentiment_count`,
        `reason, outcome, needs_review, count(*)::INTEGER AS requests, round(sum(mrr_usd), 6) AS mrr_usd,
         round(sum(sentiment), 6) AS sentiment_sum, count(sentiment)::INTEGER AS sentiment_count`,
      );
      expect(fromCells).toEqual(fromFacts);
    },
  );

  it.each(
    [OFFER_MONTH_CELLS, OFFER_MONTH_TOTALS].flatMap((cells) =>
      WINDOWS.map((filters) => [cells.table, filters, cells] as const),
    ),
  )(
    'counts the offers of %s in the window %j as the offer facts do, per type and acceptance',
    async (_table, filters, cells) => {
      const { fromCells, fromFacts } = await fromCellsAndFacts(
        cells,
        filters,
        `offer_type, accepted, reason, accepted_month::VARCHAR AS accepted_month, kept_days, churned,
         sum(offers)::INTEGER AS offers, round(sum(mrr_usd), 6) AS mrr_usd`,
        `offer_type, accepted, reason, accepted_month::VARCHAR AS accepted_month, kept_days, churned,
         count(*)::INTEGER AS offers, round(sum(mrr_usd), 6) AS mrr_usd`,
      );
      expect(fromCells).toEqual(fromFacts);
    },
  );

  it('stores for each accepted offer the longest save horizon its customer stayed past', async () => {
    const offers = await fixture.db.query<{
      accepted: boolean;
      churned_after_seconds: number | null;
      kept_days: number | null;
    }>('SELECT accepted, churned_after_seconds, kept_days FROM offer_facts ORDER BY id');
    const longestStayedPast = (seconds: number | null) =>
      Math.max(0, ...SAVED_AFTER_DAYS.filter((days) => seconds === null || seconds > days * 86_400));
    expect(offers.map((offer) => offer.kept_days)).toEqual(
      offers.map((offer) => (offer.accepted ? longestStayedPast(offer.churned_after_seconds) : null)),
    );
    expect(new Set(offers.map((offer) => offer.kept_days))).toEqual(new Set([null, 0, 60, 90]));
  });

  it.each(WINDOWS)(
    'counts the handled requests of the window %j as the facts do, per channel, agent and wait bucket',
    async (filters) => {
      const { fromCells, fromFacts } = await fromCellsAndFacts(
        CHANNEL_MONTH_CELLS,
        filters,
        `channel, agent_id, wait_bucket, sum(requests)::INTEGER AS requests,
         sum(retained)::INTEGER AS retained, sum(follow_up_answered)::INTEGER AS answered,
         sum(follow_up_score_sum)::INTEGER AS score_sum, sum(follow_up_score_count)::INTEGER AS score_count`,
        `channel, agent_id, wait_bucket, count(*)::INTEGER AS requests,
         count(*) FILTER (WHERE retained)::INTEGER AS retained,
         count(*) FILTER (WHERE follow_up_answered)::INTEGER AS answered,
         sum(follow_up_score_sum)::INTEGER AS score_sum, sum(follow_up_score_count)::INTEGER AS score_count`,
      );
      expect(fromCells.length).toBeGreaterThan(0);
      expect(fromCells).toEqual(fromFacts);
    },
  );

  it('gives the same cells per month as the facts, with the request times kept for finer groupings', async () => {
    const filters = { from: '2024-04-01', to: '2024-06-15' };
    const monthly = monthCellsSql(CANCELLATION_MONTH_CELLS, filters);
    const byMonth = await fixture.db.query(
      `SELECT requested_month::VARCHAR AS month, sum(requests)::INTEGER AS requests
       FROM (${monthly.sql}) GROUP BY ALL ORDER BY ALL`,
      monthly.params,
    );
    const each = factCellsSql(CANCELLATION_MONTH_CELLS, filters);
    const fromFacts = await fixture.db.query(
      `SELECT date_trunc('month', requested_at)::DATE::VARCHAR AS month, sum(requests)::INTEGER AS requests
       FROM (${each.sql}) GROUP BY ALL ORDER BY ALL`,
      each.params,
    );
    // c18 on 04-01; c13…c17 and c20 in May; c01…c07 up to 06-15 16:00.
    expect(byMonth).toEqual([
      { month: '2024-04-01', requests: 1 },
      { month: '2024-05-01', requests: 6 },
      { month: '2024-06-01', requests: 7 },
    ]);
    expect(fromFacts).toEqual(byMonth);
  });
});
