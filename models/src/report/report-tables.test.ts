import { describe, expect, it } from 'vitest';
import type { InsightReport, OfferRow } from './insight-report.ts';
import { formatCell, reportHeadingLines, reportTables } from './report-tables.ts';

function offer(reason: OfferRow['reason'], offerType: OfferRow['offerType'], presented: number): OfferRow {
  return {
    reason,
    offerType,
    presented,
    accepted: Math.round(presented / 2),
    rate: 0.5,
    low: 0.3,
    high: 0.7,
    smallSample: presented < 30,
    keptAt30: null,
  };
}

const REPORT: InsightReport = {
  title: 'Churn insight report',
  generatedAt: '2026-04-01T09:30:00.000Z',
  period: { from: '2026-03-01', to: '2026-03-30', days: 30 },
  previousPeriod: { from: '2026-01-30', to: '2026-02-28', days: 30 },
  currency: 'EUR',
  filters: [
    { name: 'Plan', value: 'pro' },
    { name: 'Country', value: 'DE' },
  ],
  kpis: [
    {
      key: 'requests',
      label: 'Cancellation requests',
      unit: 'count',
      current: 120,
      previous: 100,
      change: 0.2,
      significant: true,
    },
    {
      key: 'save_rate',
      label: 'Save rate',
      unit: 'ratio',
      current: 0.25,
      previous: 0.2,
      change: 0.05,
      significant: true,
    },
    {
      key: 'mrr_lost',
      label: 'MRR lost',
      unit: 'money',
      current: 1234,
      previous: null,
      change: null,
      significant: false,
    },
  ],
  reasons: [],
  offers: [
    offer('too_expensive', 'discount', 40),
    offer('too_expensive', 'pause', 12),
    offer('unused', 'pause', 8),
  ],
  channels: [],
  agents: [],
  themes: [],
  narrative: [
    { text: 'Cancellation requests rose 20%.', figures: ['kpi.requests.change', 'offer.unused.pause.rate'] },
  ],
};

function table(id: string) {
  const found = reportTables(REPORT).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} table`);
  return found;
}

describe('report tables', () => {
  it('opens with the period, the comparison and the filters', () => {
    expect(reportHeadingLines(REPORT)).toEqual([
      'Period: 2026-03-01 to 2026-03-30 (30 days)',
      'Compared with: 2026-01-30 to 2026-02-28',
      'Filters: Plan: pro; Country: DE',
      'Generated: 2026-04-01 09:30 UTC',
    ]);
  });

  it('lists each finding with the sections whose figures it quotes', () => {
    expect(table('summary').rows).toEqual([
      ['Cancellation requests rose 20%.', 'Headline KPIs, Offers by reason'],
    ]);
  });

  it('gives KPI changes in percent for counts and in points for rates, and a dash when unknown', () => {
    const cells = table('kpis').rows.map((row) => row.map((cell) => formatCell(cell, REPORT.currency)));
    expect(cells).toEqual([
      ['Cancellation requests', '120', '100', '+20%'],
      ['Save rate', '25.0%', '20.0%', '+5.0 pts'],
      ['MRR lost', '€1,234', '—', '—'],
    ]);
  });

  it('marks offers with too few presentations and names reasons where no offer can be judged', () => {
    const offers = table('offers');
    expect(offers.rows.map((row) => row.at(-1))).toEqual(['', 'Too few to tell', 'Too few to tell']);
    expect(offers.notes).toContain('No offer was presented often enough to tell what works for: Unused.');
  });

  it('declares which columns hold numbers', () => {
    expect(
      table('reasons')
        .columns.filter((column) => !column.numeric)
        .map((column) => column.title),
    ).toEqual(['Reason', 'Top plan']);
  });
});
