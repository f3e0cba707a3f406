/**
 * Assembles an InsightReport from the API's own insight queries (summary, reasons, offers, channels, themes),
 * so a report always shows the numbers the dashboard and /api endpoints show for the same filters. The
 * database part only runs those queries; `assembleReport` turns their results into the report, purely.
 */

import { describeFilters } from '@churnlens/models/describe-filters';
import type { InsightFilters } from '@churnlens/models/insight-filters';
import {
  type InsightReport,
  type InsightReportData,
  insightReportSchema,
  type Kpi,
  type OfferRow,
  type ReasonRow,
  type ThemeRow,
} from '@churnlens/models/report/insight-report';
import { writeNarrative } from '@churnlens/models/report/narrative';
import {
  countChangeIsSignificant,
  periodChange,
  rateChangeIsSignificant,
  reportPeriod,
  SIGNIFICANCE_LEVEL,
} from '@churnlens/models/report/period-change';
import { filteredPlan } from '@churnlens/models/report/report-plan';
import type { ApiDatabase } from '../db.ts';
import { queryChannels } from '../queries/channels.ts';
import { queryThemes } from '../queries/emerging-themes.ts';
import { queryOffers } from '../queries/offer-effectiveness.ts';
import { queryReasons } from '../queries/reasons.ts';
import { querySummary } from '../queries/summary.ts';
import type { Channels } from '../schemas/channels.ts';
import type { OffersResponse } from '../schemas/offers.ts';
import type { OutcomeMetrics } from '../schemas/outcome-metrics.ts';
import type { Reasons } from '../schemas/reasons.ts';
import type { Summary } from '../schemas/summary.ts';
import type { Themes } from '../schemas/themes.ts';

export const REPORT_TITLE = 'Churn insight report';
/** Agents listed, busiest first; the rest are too many to read and too few requests each to judge. */
export const REPORT_AGENT_LIMIT = 15;
export const REPORT_THEME_LIMIT = 8;

export interface ReportQueryResults {
  summary: Summary;
  /** Current period, with a breakdown by plan unless the report is filtered to one. */
  reasons: Reasons;
  previousReasons: Reasons;
  offers: OffersResponse;
  channels: Channels;
  themes: Themes;
}

/** A KPI whose change is the period change in its unit: relative, or in rate points for a ratio. */
function kpi(
  key: Kpi['key'],
  label: string,
  unit: Kpi['unit'],
  [current, previous]: [number | null, number | null],
  significant: boolean,
): Kpi {
  return { key, label, unit, current, previous, change: periodChange(current, previous, unit), significant };
}

/** A count's change is tested only against a previous period the data covers. */
function countKpi(key: Kpi['key'], label: string, current: number, previous: number | null): Kpi {
  const significant = previous !== null && countChangeIsSignificant(current, previous);
  return kpi(key, label, 'count', [current, previous], significant);
}

function moneyKpi(key: Kpi['key'], label: string, current: number, previous: number | null): Kpi {
  // A sum of money has no simple test; it is shown, never called a significant change.
  return kpi(key, label, 'money', [current, previous], false);
}

/** `previous` is null when the data does not cover both periods: the previous figures are not compared. */
function kpis(summary: Summary, previous: OutcomeMetrics | null): Kpi[] {
  return [
    countKpi('requests', 'Cancellation requests', summary.cancelRequests, previous?.cancelRequests ?? null),
    countKpi('cancelled', 'Cancelled', summary.cancelled, previous?.cancelled ?? null),
    countKpi('retained', 'Retained', summary.retained, previous?.retained ?? null),
    kpi(
      'save_rate',
      'Save rate',
      'ratio',
      [summary.saveRate, previous?.saveRate ?? null],
      previous !== null &&
        rateChangeIsSignificant(
          { successes: summary.retained, trials: summary.cancelRequests },
          { successes: previous.retained, trials: previous.cancelRequests },
        ),
    ),
    moneyKpi('mrr_lost', 'MRR lost', summary.mrrLost, previous?.mrrLost ?? null),
    moneyKpi('mrr_saved', 'MRR retained', summary.mrrRetained, previous?.mrrRetained ?? null),
  ];
}

/** No top plan without a breakdown by plan: a report filtered to one plan has none to give. */
function topPlan(
  current: Reasons,
  row: Reasons['reasons'][number],
): Pick<ReasonRow, 'topPlan' | 'topPlanShare'> {
  const [top] = (current.breakdown?.groups ?? [])
    .flatMap((group) =>
      group.reasons.map((cell) => ({ plan: group.key, reason: cell.reason, count: cell.count })),
    )
    .filter((cell) => cell.reason === row.reason)
    .sort((a, b) => b.count - a.count || a.plan.localeCompare(b.plan));
  return { topPlan: top?.plan ?? null, topPlanShare: top ? top.count / row.count : null };
}

/** `previous` is null when the data does not cover both periods: no reason's previous count is compared. */
function reasonRows(current: Reasons, previous: Reasons | null): ReasonRow[] {
  const previousCounts = new Map(previous?.reasons.map((row) => [row.reason, row.count]));
  const rows: ReasonRow[] = current.reasons.map((row) => {
    const before = previous === null ? null : (previousCounts.get(row.reason) ?? 0);
    return {
      reason: row.reason,
      label: row.label,
      current: row.count,
      previous: before,
      change: periodChange(row.count, before, 'count'),
      significant: before !== null && countChangeIsSignificant(row.count, before),
      share: row.share,
      mrrLost: row.mrrLost,
      ...topPlan(current, row),
    };
  });
  // A reason that disappeared this period is a movement too.
  const gone = (previous?.reasons ?? []).filter(
    (row) => !current.reasons.some((now) => now.reason === row.reason),
  );
  for (const row of gone) {
    rows.push({
      reason: row.reason,
      label: row.label,
      current: 0,
      previous: row.count,
      change: -1,
      significant: countChangeIsSignificant(0, row.count),
      share: 0,
      mrrLost: 0,
      topPlan: null,
      topPlanShare: null,
    });
  }
  return rows;
}

function offerRows(offers: OffersResponse): OfferRow[] {
  return (offers.reasons ?? []).flatMap((reasonRow) =>
    reasonRow.offers.map((stats) => ({
      reason: reasonRow.reason,
      offerType: stats.offerType,
      presented: stats.presented,
      accepted: stats.accepted,
      rate: stats.acceptanceRate.rate,
      low: stats.acceptanceRate.low,
      high: stats.acceptanceRate.high,
      smallSample: stats.acceptanceRate.smallSample,
      keptAt30: stats.keptAt30.rate,
      keptAt30Judged: stats.keptAt30.n,
    })),
  );
}

const minutes = (seconds: number | null) => (seconds === null ? null : seconds / 60);

/** Longer verbatims are cut at a word boundary: a report quotes, it does not reprint whole emails. */
export const VERBATIM_MAX_LENGTH = 280;

/** One line (e-mails arrive with greetings and line breaks), at most VERBATIM_MAX_LENGTH characters. */
export function quoteVerbatim(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= VERBATIM_MAX_LENGTH) return line;
  const cut = line.slice(0, VERBATIM_MAX_LENGTH - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > VERBATIM_MAX_LENGTH / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

/**
 * A theme is judged by the test /api/themes (and so the dashboard) reports: whether its share of the answers
 * rose, adjusted for every phrase tested (qValue). Its count alone also rises when there are simply more
 * answers, so its change is the share's growth. Themes /api/themes does not compare (notCompared) show no
 * previous figures, as the KPIs then do.
 */
function themeRows(themes: Themes): ThemeRow[] {
  const compared = themes.notCompared === null;
  return themes.emerging.map((theme) => ({
    key: theme.phrase,
    label: theme.phrase,
    current: theme.current,
    previous: compared ? theme.previous : null,
    currentShare: theme.currentShare,
    previousShare: compared ? theme.previousShare : null,
    change: theme.growth,
    significant: theme.qValue !== null && theme.qValue < SIGNIFICANCE_LEVEL,
    verbatims: theme.examples.map(quoteVerbatim),
    related: theme.related,
  }));
}

/** The report from query results; `generatedAt` is passed in so the same inputs give the same report. */
export function assembleReport(
  results: ReportQueryResults,
  filters: InsightFilters,
  generatedAt: Date,
): InsightReport {
  const { summary } = results;
  const period = reportPeriod(summary.period.from, summary.period.to);
  const previousPeriod = reportPeriod(summary.previous.period.from, summary.previous.period.to);
  const covered = summary.notCompared === null;
  const described = describeFilters(filters);
  const data: InsightReportData = {
    title: REPORT_TITLE,
    generatedAt: generatedAt.toISOString(),
    period,
    previousPeriod,
    notCompared: summary.notCompared,
    currency: summary.currency,
    filters: described,
    kpis: kpis(summary, covered ? summary.previous : null),
    reasons: reasonRows(
      filteredPlan(described) === undefined ? results.reasons : { ...results.reasons, breakdown: undefined },
      covered ? results.previousReasons : null,
    ),
    offers: offerRows(results.offers),
    channels: results.channels.channels.map((row) => ({
      channel: row.channel,
      requests: row.requests,
      retained: row.retained,
      saveRate: row.saveRate,
      medianWaitMinutes: minutes(row.medianWaitSeconds),
      p90WaitMinutes: minutes(row.p90WaitSeconds),
    })),
    agents: results.channels.agents.slice(0, REPORT_AGENT_LIMIT).map((row) => ({
      agentId: row.agentId,
      requests: row.requests,
      retained: row.retained,
      saveRate: row.saveRate,
      medianWaitMinutes: minutes(row.medianWaitSeconds),
    })),
    themesNotCompared: results.themes.notCompared,
    themesReasonSpecificOnly: results.themes.reasonSpecificOnly,
    themesTested: results.themes.phrasesTested,
    themes: themeRows(results.themes),
  };
  return insightReportSchema.parse({ ...data, narrative: writeNarrative(data) });
}

/**
 * Runs the insight queries for the filters' period (default: the last 30 days up to the data end date, as
 * /api/summary chooses it) and assembles the report.
 */
export async function buildReport(
  db: ApiDatabase,
  filters: InsightFilters,
  options: { currency: string; now?: Date },
): Promise<InsightReport> {
  const { currency } = options;
  const summary = await querySummary(db, filters, currency);
  const current = { ...filters, ...summary.period };
  const previous = { ...filters, ...summary.previous.period };
  // One after the other: DuckDB already spreads each query over every core, and queries run side by side
  // would only stretch each one towards the server's per-query timeout.
  const byPlan = filteredPlan(describeFilters(filters)) === undefined;
  const reasons = await queryReasons(db, current, currency, byPlan ? 'plan' : undefined);
  const previousReasons = await queryReasons(db, previous, currency, undefined);
  const offers = await queryOffers(db, current, { byReason: true, rankBy: 'acceptance', currency });
  const channels = await queryChannels(db, current);
  const themes = await queryThemes(db, current, { limit: REPORT_THEME_LIMIT });
  return assembleReport(
    { summary, reasons, previousReasons, offers, channels, themes },
    filters,
    options.now ?? new Date(),
  );
}
