import { benjaminiHochbergQValues } from '@churnlens/models/metrics/false-discovery-rate';
import { rateWithInterval } from '@churnlens/models/metrics/offer-ranking';
import { twoProportionZTest } from '@churnlens/models/metrics/two-proportion-z-test';
import type { InsightReport } from '@churnlens/models/report/insight-report';
import { describe, expect, it } from 'vitest';
import type { OfferStats } from '../schemas/offers.ts';
import type { OutcomeMetrics } from '../schemas/outcome-metrics.ts';
import type { ReasonStats } from '../schemas/reasons.ts';
import type { EmergingTheme, Themes } from '../schemas/themes.ts';
import {
  assembleReport,
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

/** An offer type's stats, with `kept` customers of `judged` offers made still subscribed 30 days later. */
function offerStats(
  offerType: OfferStats['offerType'],
  presented: number,
  accepted: number,
  [kept, judged]: [number, number],
): OfferStats {
  const unjudged = rateWithInterval(0, 0);
  return {
    offerType,
    presented,
    accepted,
    acceptanceRate: rateWithInterval(accepted, presented),
    savedAt30: rateWithInterval(kept, accepted),
    savedAt60: unjudged,
    savedAt90: unjudged,
    keptAt30: rateWithInterval(kept, judged),
    keptAt60: unjudged,
    keptAt90: unjudged,
    mrrRetained: 0,
  };
}

/** An emerging phrase as /api/themes reports it, with the p-value of its share of the periods' documents. */
function emerging(
  phrase: string,
  [current, previous]: [number, number],
  documents: Themes['documents'],
): EmergingTheme {
  const currentShare = current / documents.current;
  const previousShare = previous / documents.previous;
  return {
    phrase,
    current,
    previous,
    currentShare,
    previousShare,
    growth: currentShare / previousShare - 1,
    score: currentShare - previousShare,
    pValue: twoProportionZTest(current, documents.current, previous, documents.previous).pValue,
    qValue: null,
    weekly: [],
    examples: [],
    related: [],
  };
}

const RESULTS: ReportQueryResults = {
  summary: {
    currency: 'USD',
    period: { from: '2026-03-01', to: '2026-03-30' },
    ...metrics(400, 100),
    previous: { period: { from: '2026-01-30', to: '2026-02-28' }, ...metrics(300, 90) },
    delta: metrics(100, 10),
    notCompared: null,
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
    minDocuments: 3,
    notCompared: null,
    reasonSpecificOnly: false,
    phrasesTested: 0,
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

describe('a report filtered to one plan', () => {
  const onePlan: ReportQueryResults = {
    ...RESULTS,
    reasons: {
      ...RESULTS.reasons,
      breakdown: {
        by: 'plan',
        groups: [{ key: 'pro', total: 400, reasons: [reason('too_expensive', 400, 400)] }],
      },
    },
  };
  const report = assembleReport(onePlan, { plan: 'pro' }, new Date('2026-04-01T00:00:00Z'));

  it('names no top plan, which would be the filter on every row', () => {
    expect(report.reasons.map(({ topPlan, topPlanShare }) => [topPlan, topPlanShare])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('does not say a reason rose “mostly on the pro plan” of a report of the pro plan', () => {
    const sentences = report.narrative.map((sentence) => sentence.text);
    expect(sentences).toContain(
      'Cancellation requests citing “Too expensive” rose 60% vs the previous 30 days (from 250 to 400).',
    );
    expect(sentences.join(' ')).not.toContain('plan');
  });
});

describe('a previous period the data does not reach back to', () => {
  // The data begins on 2026-02-10: 2026-01-30 … 2026-02-28 holds only its last 19 days.
  const report = assembleReport(
    { ...RESULTS, summary: { ...RESULTS.summary, notCompared: 'the data begins on 2026-02-10' } },
    {},
    new Date('2026-04-01T00:00:00Z'),
  );

  it('leaves its KPIs unknown rather than a partial count, and tests no change', () => {
    expect(
      report.kpis.map(({ key, previous, change, significant }) => [key, previous, change, significant]),
    ).toEqual([
      ['requests', null, null, false],
      ['cancelled', null, null, false],
      ['retained', null, null, false],
      ['save_rate', null, null, false],
      ['mrr_lost', null, null, false],
      ['mrr_saved', null, null, false],
    ]);
  });

  it("leaves each reason's previous count unknown and lists no reason as gone", () => {
    expect(report.reasons).toEqual([
      expect.objectContaining({
        reason: 'too_expensive',
        current: 400,
        previous: null,
        change: null,
        significant: false,
      }),
    ]);
  });

  it('writes no sentence about a rise against it', () => {
    expect(report.narrative.map((sentence) => sentence.text).join(' ')).not.toMatch(/rose|fell/);
  });
});

describe('a period that runs past the newest data', () => {
  // The data ends on 2026-03-20: the last ten days of 2026-03-01 … 2026-03-30 hold nothing yet.
  const report = assembleReport(
    { ...RESULTS, summary: { ...RESULTS.summary, notCompared: 'the data ends on 2026-03-20' } },
    {},
    new Date('2026-04-01T00:00:00Z'),
  );

  it('compares it with nothing, so a period still filling up does not read as a fall', () => {
    expect(report.kpis.find((kpi) => kpi.key === 'requests')).toMatchObject({
      current: 400,
      previous: null,
      change: null,
      significant: false,
    });
    expect(report.reasons.map((row) => row.previous)).toEqual([null]);
    expect(report.narrative.map((sentence) => sentence.text).join(' ')).not.toMatch(/rose|fell/);
  });
});

describe('offers and themes in the assembled report', () => {
  it('carries how many offers made each kept-30-days share was judged on', () => {
    const offers: ReportQueryResults['offers'] = {
      ...RESULTS.offers,
      reasons: [
        {
          reason: 'low_quality',
          offers: [offerStats('downgrade', 60, 2, [2, 20]), offerStats('discount', 242, 34, [31, 200])],
          best: null,
        },
      ],
    };
    const report = assembleReport({ ...RESULTS, offers }, {}, new Date('2026-04-01T00:00:00Z'));
    expect(report.offers).toEqual([
      expect.objectContaining({ offerType: 'downgrade', accepted: 2, keptAt30: 2 / 20, keptAt30Judged: 20 }),
      expect.objectContaining({
        offerType: 'discount',
        accepted: 34,
        keptAt30: 31 / 200,
        keptAt30Judged: 200,
      }),
    ]);
  });

  /** The phrases as /api/themes ranks them, their p-values adjusted for `phrasesTested` phrases. */
  function themeReport(
    phrases: [string, [number, number]][],
    documents: Themes['documents'],
    phrasesTested = phrases.length,
  ) {
    const listed = phrases.map(([phrase, counts]) => emerging(phrase, counts, documents));
    const qValues = benjaminiHochbergQValues(
      listed.map((theme) => theme.pValue ?? 1),
      phrasesTested,
    );
    const themes: Themes = {
      ...RESULTS.themes,
      documents,
      phrasesTested,
      emerging: listed.map((theme, index) => ({ ...theme, qValue: qValues[index] ?? null })),
    };
    return assembleReport({ ...RESULTS, themes }, {}, new Date('2026-04-01T00:00:00Z'));
  }

  const themeSentences = (report: InsightReport) =>
    report.narrative
      .map((sentence) => sentence.text)
      .filter((text) => text.startsWith('The share of answers about'));

  it('calls a theme significant when /api/themes finds its share rise significant once adjusted (q < 0.05)', () => {
    // The demo database's September 2026: 11,626 answers against 12,429; p = 0.0004, 0.048, 0.078, 0.007,
    // so among these four q = 0.0016, 0.064, 0.078, 0.014: "support" alone is significant only unadjusted.
    const report = themeReport(
      [
        ['moving', [205, 151]],
        ['support', [502, 474]],
        ['team', [577, 557]],
        ['came', [105, 75]],
      ],
      { current: 11_626, previous: 12_429 },
    );
    expect(report.themes.map((theme) => [theme.label, theme.significant])).toEqual([
      ['moving', true],
      ['support', false],
      ['team', false],
      ['came', true],
    ]);
    expect(themeSentences(report)).toEqual([
      // The largest rises in share, and the rise the dashboard shows (+45%, not the count's +36%).
      'The share of answers about “moving” rose 45% vs the previous 30 days, from 1.2% to 1.8% (151 to 205 answers).',
      'The share of answers about “came” rose 50% vs the previous 30 days, from 0.6% to 0.9% (75 to 105 answers).',
    ]);
  });

  it('calls no rise significant that could be one of the chance findings among hundreds of phrases tested', () => {
    const report = themeReport([['moving', [205, 151]]], { current: 11_626, previous: 12_429 }, 400);
    expect(report.themes[0]).toMatchObject({ label: 'moving', significant: false });
    expect(themeSentences(report)).toEqual([]);
  });

  it('claims no rise for a phrase mentioned more often only because there were more answers', () => {
    const report = themeReport([['price', [1300, 1000]]], { current: 13_000, previous: 10_000 });
    expect(report.themes).toEqual([
      expect.objectContaining({
        label: 'price',
        current: 1300,
        previous: 1000,
        currentShare: 0.1,
        previousShare: 0.1,
        change: 0,
        significant: false,
      }),
    ]);
    expect(themeSentences(report)).toEqual([]);
  });

  /** The period's most frequent phrases, as /api/themes gives them when it does not compare the periods. */
  function notComparedReport(notCompared: string, documents: Themes['documents']) {
    const frequent = (phrase: string, current: number, previous: number): EmergingTheme => ({
      phrase,
      current,
      previous,
      currentShare: current / documents.current,
      previousShare: documents.previous === 0 ? null : previous / documents.previous,
      growth: null,
      score: null,
      pValue: null,
      qValue: null,
      weekly: [],
      examples: [],
      related: [],
    });
    const themes: Themes = {
      ...RESULTS.themes,
      documents,
      notCompared,
      emerging: [frequent('price', 300, 10), frequent('single sign-on', 120, 0)],
    };
    return assembleReport({ ...RESULTS, themes }, {}, new Date('2026-04-01T00:00:00Z'));
  }

  it('shows no previous figures, calls no theme new or rising and tests none when the data does not reach back', () => {
    const report = notComparedReport('the data begins on 2026-02-10', { current: 1200, previous: 300 });
    expect(report.themesNotCompared).toBe('the data begins on 2026-02-10');
    expect(
      report.themes.map((theme) => [theme.label, theme.previous, theme.previousShare, theme.change]),
    ).toEqual([
      ['price', null, null, null],
      ['single sign-on', null, null, null],
    ]);
    expect(report.themes.every((theme) => !theme.significant)).toBe(true);
    expect(report.narrative.map((sentence) => sentence.text).join(' ')).not.toMatch(/theme|answers about/);
  });

  it('calls no theme new when the previous period has no answers at all', () => {
    const report = notComparedReport('the previous period has no verbatims', { current: 1200, previous: 0 });
    expect(report.themesNotCompared).toBe('the previous period has no verbatims');
    expect(report.themes[1]).toMatchObject({ previous: null, previousShare: null, change: null });
    expect(report.narrative.map((sentence) => sentence.text).join(' ')).not.toContain('A new theme');
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
