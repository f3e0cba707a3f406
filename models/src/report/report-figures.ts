/**
 * Every number in a report under a stable key ("reason.too_expensive.change"), with the section that shows
 * it. Narrative sentences cite these keys, which is how each sentence is traced back to a table cell.
 */
import type { ChannelRow, InsightReportData } from './insight-report.ts';

export const REPORT_SECTIONS = {
  kpis: 'Headline KPIs',
  reasons: 'Top reasons',
  offers: 'Offers by reason',
  channels: 'Channels',
  agents: 'Agents',
  themes: 'Emerging themes',
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;

/**
 * The title `section` has in `report`. Themes not compared with the previous period are the period's most
 * frequent phrases, none emerging, so their section is titled as the dashboard's Themes page then titles them.
 */
export function sectionTitle(
  report: Pick<InsightReportData, 'themesNotCompared'>,
  section: ReportSection,
): string {
  if (section === 'themes' && report.themesNotCompared !== null) return 'Frequent phrases';
  return REPORT_SECTIONS[section];
}

export interface ReportFigure {
  key: string;
  section: ReportSection;
  value: number | null;
}

export const figureKey = {
  kpi: (key: string, field: 'current' | 'previous' | 'change') => `kpi.${key}.${field}`,
  reason: (
    reason: string,
    field: 'current' | 'previous' | 'change' | 'share' | 'mrr_lost' | 'top_plan_share',
  ) => `reason.${reason}.${field}`,
  offer: (reason: string, offerType: string, field: 'presented' | 'rate' | 'low' | 'high') =>
    `offer.${reason}.${offerType}.${field}`,
  channel: (channel: string, field: 'requests' | 'save_rate' | 'median_wait' | 'p90_wait') =>
    `channel.${channel}.${field}`,
  agent: (agentId: string, field: 'requests' | 'save_rate' | 'median_wait') => `agent.${agentId}.${field}`,
  theme: (theme: string, field: 'current' | 'previous' | 'current_share' | 'previous_share' | 'change') =>
    `theme.${theme}.${field}`,
};

/** The figures channels and agents share, under their figureKey fields. */
function handlingFigures(row: Pick<ChannelRow, 'requests' | 'saveRate' | 'medianWaitMinutes'>) {
  return { requests: row.requests, save_rate: row.saveRate, median_wait: row.medianWaitMinutes };
}

export function reportFigures(report: InsightReportData): Map<string, ReportFigure> {
  const figures = new Map<string, ReportFigure>();
  /** Adds a row's figures in the order `values` lists them, each under the key `keyOf` gives its field. */
  const add = <Field extends string>(
    section: ReportSection,
    keyOf: (field: Field) => string,
    values: Record<Field, number | null>,
  ) => {
    for (const [field, value] of Object.entries(values) as [Field, number | null][]) {
      const key = keyOf(field);
      figures.set(key, { key, section, value });
    }
  };
  for (const kpi of report.kpis) {
    add('kpis', (field) => figureKey.kpi(kpi.key, field), {
      current: kpi.current,
      previous: kpi.previous,
      change: kpi.change,
    });
  }
  for (const row of report.reasons) {
    add('reasons', (field) => figureKey.reason(row.reason, field), {
      current: row.current,
      previous: row.previous,
      change: row.change,
      share: row.share,
      mrr_lost: row.mrrLost,
      top_plan_share: row.topPlanShare,
    });
  }
  for (const row of report.offers) {
    add('offers', (field) => figureKey.offer(row.reason, row.offerType, field), {
      presented: row.presented,
      rate: row.rate,
      low: row.low,
      high: row.high,
    });
  }
  for (const row of report.channels) {
    add('channels', (field) => figureKey.channel(row.channel, field), {
      ...handlingFigures(row),
      p90_wait: row.p90WaitMinutes,
    });
  }
  for (const row of report.agents) {
    add('agents', (field) => figureKey.agent(row.agentId, field), handlingFigures(row));
  }
  for (const row of report.themes) {
    add('themes', (field) => figureKey.theme(row.key, field), {
      current: row.current,
      previous: row.previous,
      current_share: row.currentShare,
      previous_share: row.previousShare,
      change: row.change,
    });
  }
  return figures;
}

/** The sections a sentence's figures come from, in report order, for a "see …" reference. */
export function citedSections(
  figureKeys: readonly string[],
  figures: Map<string, ReportFigure>,
): ReportSection[] {
  const cited = new Set(figureKeys.map((key) => figures.get(key)?.section).filter((section) => !!section));
  return (Object.keys(REPORT_SECTIONS) as ReportSection[]).filter((section) => cited.has(section));
}
