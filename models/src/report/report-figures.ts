/**
 * Every number in a report under a stable key ("reason.too_expensive.change"), with the section that shows
 * it. Narrative sentences cite these keys, which is how each sentence is traced back to a table cell.
 */
import type { InsightReportData } from './insight-report.ts';

export const REPORT_SECTIONS = {
  kpis: 'Headline KPIs',
  reasons: 'Top reasons',
  offers: 'Offers by reason',
  channels: 'Channels',
  agents: 'Agents',
  themes: 'Emerging themes',
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;

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

export function reportFigures(report: InsightReportData): Map<string, ReportFigure> {
  const figures = new Map<string, ReportFigure>();
  const add = (section: ReportSection, key: string, value: number | null) =>
    figures.set(key, { key, section, value });
  for (const kpi of report.kpis) {
    add('kpis', figureKey.kpi(kpi.key, 'current'), kpi.current);
    add('kpis', figureKey.kpi(kpi.key, 'previous'), kpi.previous);
    add('kpis', figureKey.kpi(kpi.key, 'change'), kpi.change);
  }
  for (const row of report.reasons) {
    add('reasons', figureKey.reason(row.reason, 'current'), row.current);
    add('reasons', figureKey.reason(row.reason, 'previous'), row.previous);
    add('reasons', figureKey.reason(row.reason, 'change'), row.change);
    add('reasons', figureKey.reason(row.reason, 'share'), row.share);
    add('reasons', figureKey.reason(row.reason, 'mrr_lost'), row.mrrLost);
    add('reasons', figureKey.reason(row.reason, 'top_plan_share'), row.topPlanShare);
  }
  for (const row of report.offers) {
    add('offers', figureKey.offer(row.reason, row.offerType, 'presented'), row.presented);
    add('offers', figureKey.offer(row.reason, row.offerType, 'rate'), row.rate);
    add('offers', figureKey.offer(row.reason, row.offerType, 'low'), row.low);
    add('offers', figureKey.offer(row.reason, row.offerType, 'high'), row.high);
  }
  for (const row of report.channels) {
    add('channels', figureKey.channel(row.channel, 'requests'), row.requests);
    add('channels', figureKey.channel(row.channel, 'save_rate'), row.saveRate);
    add('channels', figureKey.channel(row.channel, 'median_wait'), row.medianWaitMinutes);
    add('channels', figureKey.channel(row.channel, 'p90_wait'), row.p90WaitMinutes);
  }
  for (const row of report.agents) {
    add('agents', figureKey.agent(row.agentId, 'requests'), row.requests);
    add('agents', figureKey.agent(row.agentId, 'save_rate'), row.saveRate);
    add('agents', figureKey.agent(row.agentId, 'median_wait'), row.medianWaitMinutes);
  }
  for (const row of report.themes) {
    add('themes', figureKey.theme(row.key, 'current'), row.current);
    add('themes', figureKey.theme(row.key, 'previous'), row.previous);
    add('themes', figureKey.theme(row.key, 'current_share'), row.currentShare);
    add('themes', figureKey.theme(row.key, 'previous_share'), row.previousShare);
    add('themes', figureKey.theme(row.key, 'change'), row.change);
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
