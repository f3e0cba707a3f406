import { describe, expect, it } from 'vitest';
import type { OutcomeMetrics } from '../schemas/outcome-metrics.ts';
import type { ReasonStats } from '../schemas/reasons.ts';
import {
  assembleReport,
  describeFilters,
  quoteVerbatim,
  type ReportQueryResults,
  VERBATIM_MAX_LENGTH,
} from './build-report.ts';

function metrics(cancelRequests: number, retained: number): OutcomeMetrics {
  return {
    cancelRequests,
    cancelled: cancelRequests - retained,
    retained,
    saved: retained,
    paused: 0,
    downgraded: 0,
    abandoned: 0,
    saveRate: cancelRequests === 0 ? null : retained / cancelRequests,
    mrrLost: 100,
    mrrRetained: 50,
  };
}

function reason(code: ReasonStats['reason'], count: number, total: number): ReasonStats {
  return {
    reason: code,
    label: code,
    count,
    share: count / total,
    mrrLost: 0,
    saveRate: null,
    avgSentiment: null,
    needsReview: 0,
  };
}

const RESULTS: ReportQueryResults = {
  summary: {
    currency: 'USD',
    period: { from: '2026-03-01', to: '2026-03-30' },
    ...metrics(400, 100),
    previous: { period: { from: '2026-01-30', to: '2026-02-28' }, ...metrics(300, 90) },
    delta: metrics(100, 10),
  },
  reasons: {
    currency: 'USD',
    total: 400,
    reasons: [reason('too_expensive', 400, 400)],
    breakdown: {
      by: 'plan',
      groups: [
        { key: 'basic', total: 150, reasons: [reason('too_expensive', 150, 150)] },
        { key: 'pro', total: 250, reasons: [reason('too_expensive', 250, 250)] },
      ],
    },
  },
  previousReasons: {
    currency: 'USD',
    total: 300,
    reasons: [reason('too_expensive', 250, 300), reason('unused', 50, 300)],
  },
  offers: { currency: 'USD', dataEndDate: '2026-03-30', smallSampleThreshold: 30, offers: [], reasons: [] },
  channels: { channels: [], agents: [] },
  themes: {
    period: { from: '2026-03-01', to: '2026-03-30' },
    previousPeriod: { from: '2026-01-30', to: '2026-02-28' },
    documents: { current: 0, previous: 0 },
    emerging: [],
    candidateReasons: [],
  },
};

describe('assembling the report from query results', () => {
  const report = assembleReport(RESULTS, {}, new Date('2026-04-01T00:00:00Z'));

  it('tests the request count and the save rate against the previous period', () => {
    expect(report.kpis.find((kpi) => kpi.key === 'requests')).toMatchObject({
      change: 1 / 3,
      significant: true,
    });
    // 25.0% of 400 against 30.0% of 300: p ≈ 0.14.
    expect(report.kpis.find((kpi) => kpi.key === 'save_rate')).toMatchObject({ significant: false });
    expect(report.kpis.find((kpi) => kpi.key === 'save_rate')?.change).toBeCloseTo(-0.05);
  });

  it('finds the top plan of a reason and keeps a reason that disappeared this period', () => {
    expect(report.reasons).toEqual([
      expect.objectContaining({
        reason: 'too_expensive',
        current: 400,
        previous: 250,
        topPlan: 'pro',
        topPlanShare: 0.625,
      }),
      expect.objectContaining({
        reason: 'unused',
        current: 0,
        previous: 50,
        change: -1,
        significant: true,
        topPlan: null,
      }),
    ]);
  });

  it('writes the narrative from the assembled figures', () => {
    expect(report.narrative.map((sentence) => sentence.text)).toContain(
      'Cancellation requests rose 33% vs the previous 30 days (from 300 to 400).',
    );
  });
});

describe('filter description', () => {
  it('names every filter other than the period, with labels for codes', () => {
    expect(
      describeFilters({
        from: '2026-03-01',
        plan: 'pro',
        channel: 'agent_chat',
        tenure: '1-2y',
        reason: ['too_expensive', 'unused'],
      }),
    ).toEqual([
      { name: 'Plan', value: 'pro' },
      { name: 'Channel', value: 'Agent chat' },
      { name: 'Tenure', value: '1-2y' },
      { name: 'Reason', value: 'Too expensive, Unused' },
    ]);
  });
});

describe('quoted verbatims', () => {
  it('puts an e-mail on one line', () => {
    expect(quoteVerbatim('Hello team,\n\nplease cancel.\r\n\tBest')).toBe('Hello team, please cancel. Best');
  });

  it('cuts a long answer at a word boundary with an ellipsis', () => {
    const quoted = quoteVerbatim(`${'word '.repeat(100)}end`);
    expect(quoted.length).toBeLessThanOrEqual(VERBATIM_MAX_LENGTH);
    expect(quoted.endsWith('word…')).toBe(true);
  });
});
