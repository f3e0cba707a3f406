import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../taxonomy.ts';
import type { ChannelRow, InsightReportData, Kpi, OfferRow, ReasonRow, ThemeRow } from './insight-report.ts';
import {
  channelSaveRateSentence,
  emergingThemeSentences,
  longestWaitSentence,
  mrrLostSentence,
  offerSentence,
  reasonMovementSentences,
  requestVolumeSentence,
  saveRateSentence,
  writeNarrative,
} from './narrative.ts';
import { reportFigures } from './report-figures.ts';

function kpi(overrides: Partial<Kpi> & Pick<Kpi, 'key'>): Kpi {
  return {
    label: overrides.key,
    unit: 'count',
    current: 100,
    previous: 100,
    change: 0,
    significant: false,
    ...overrides,
  };
}

function reason(overrides: Partial<ReasonRow> & Pick<ReasonRow, 'reason'>): ReasonRow {
  return {
    label: overrides.reason,
    current: 100,
    previous: 100,
    change: 0,
    significant: false,
    share: 0.1,
    mrrLost: 0,
    topPlan: null,
    topPlanShare: null,
    ...overrides,
  };
}

function offer(
  reasonCode: OfferRow['reason'],
  offerType: OfferRow['offerType'],
  accepted: number,
  presented: number,
) {
  return {
    reason: reasonCode,
    offerType,
    presented,
    accepted,
    rate: accepted / presented,
    low: accepted / presented - 0.05,
    high: accepted / presented + 0.05,
    smallSample: presented < 30,
    keptAt30: null,
    keptAt30Judged: 0,
  } satisfies OfferRow;
}

function channel(overrides: Partial<ChannelRow> & Pick<ChannelRow, 'channel'>): ChannelRow {
  return {
    requests: 400,
    retained: 100,
    saveRate: 0.25,
    medianWaitMinutes: null,
    p90WaitMinutes: null,
    ...overrides,
  };
}

function theme(overrides: Partial<ThemeRow> & Pick<ThemeRow, 'key'>): ThemeRow {
  return {
    label: overrides.key,
    current: 10,
    previous: 10,
    currentShare: 0.01,
    previousShare: 0.01,
    change: 0,
    significant: false,
    verbatims: [],
    related: [],
    ...overrides,
  };
}

function report(overrides: Partial<InsightReportData> = {}): InsightReportData {
  return {
    title: 'Churn insight report',
    generatedAt: '2026-04-01T00:00:00.000Z',
    period: { from: '2026-03-01', to: '2026-03-30', days: 30 },
    previousPeriod: { from: '2026-01-30', to: '2026-02-28', days: 30 },
    notCompared: null,
    themesNotCompared: null,
    themesReasonSpecificOnly: false,
    themesTested: 400,
    currency: 'USD',
    filters: [],
    kpis: [],
    reasons: [],
    offers: [],
    channels: [],
    agents: [],
    themes: [],
    ...overrides,
  };
}

describe('reason movement sentences', () => {
  it('says a significant 32% rise in “Too expensive” cancellations and names the plan most of them were on', () => {
    const priceRise = reason({
      reason: 'too_expensive',
      current: 330,
      previous: 250,
      change: 0.32,
      significant: true,
      topPlan: 'pro',
      topPlanShare: 0.61,
    });
    expect(reasonMovementSentences(report({ reasons: [priceRise] }))).toEqual([
      {
        text: 'Cancellation requests citing “Too expensive” rose 32% vs the previous 30 days (from 250 to 330), mostly on the pro plan (61.0% of them).',
        figures: [
          'reason.too_expensive.change',
          'reason.too_expensive.previous',
          'reason.too_expensive.current',
          'reason.too_expensive.top_plan_share',
        ],
      },
    ]);
  });

  it('leaves out the plan when no plan holds a majority', () => {
    const [sentence] = reasonMovementSentences(
      report({
        reasons: [
          reason({
            reason: 'unused',
            current: 80,
            previous: 120,
            change: -1 / 3,
            significant: true,
            topPlan: 'basic',
            topPlanShare: 0.4,
          }),
        ],
      }),
    );
    expect(sentence?.text).toBe(
      'Cancellation requests citing “Unused” fell 33% vs the previous 30 days (from 120 to 80).',
    );
  });

  it('writes nothing for a rise that is not significant, too small to matter, or has no previous base', () => {
    const reasons = [
      reason({ reason: 'too_expensive', current: 12, previous: 8, change: 0.5, significant: false }),
      reason({ reason: 'unused', current: 10_500, previous: 10_000, change: 0.05, significant: true }),
      reason({ reason: 'other', current: 40, previous: 0, change: null, significant: true }),
    ];
    expect(reasonMovementSentences(report({ reasons }))).toEqual([]);
  });

  it('keeps the three largest movements, biggest difference first', () => {
    const reasons = [
      reason({ reason: 'too_expensive', current: 200, previous: 100, change: 1, significant: true }),
      reason({ reason: 'unused', current: 150, previous: 100, change: 0.5, significant: true }),
      reason({ reason: 'too_complex', current: 400, previous: 100, change: 3, significant: true }),
      reason({ reason: 'low_quality', current: 120, previous: 100, change: 0.2, significant: true }),
    ];
    const sentences = reasonMovementSentences(report({ reasons }));
    expect(sentences.map((sentence) => sentence.figures[0])).toEqual([
      'reason.too_complex.change',
      'reason.too_expensive.change',
      'reason.unused.change',
    ]);
  });

  it('names every reason by its label in the tables, so a reader can find its row', () => {
    const cited = DEFAULT_TAXONOMY.map((entry) => {
      const rise = reason({ reason: entry.code, current: 200, previous: 100, change: 1, significant: true });
      const [sentence] = reasonMovementSentences(report({ reasons: [rise] }));
      return /citing “(.+)” rose/.exec(sentence?.text ?? '')?.[1];
    });
    expect(cited).toEqual(DEFAULT_TAXONOMY.map((entry) => entry.label));
  });
});

describe('headline sentences', () => {
  it('reports a significant fall in requests against the previous period', () => {
    const requests = kpi({ key: 'requests', current: 900, previous: 1200, change: -0.25, significant: true });
    expect(requestVolumeSentence(report({ kpis: [requests] }))?.text).toBe(
      'Cancellation requests fell 25% vs the previous 30 days (from 1,200 to 900).',
    );
  });

  it('says nothing about requests when the previous figure is missing', () => {
    const requests = kpi({ key: 'requests', current: 900, previous: null, change: null, significant: false });
    expect(requestVolumeSentence(report({ kpis: [requests] }))).toBeNull();
  });

  it('describes a save-rate change in points', () => {
    const saveRate = kpi({
      key: 'save_rate',
      unit: 'ratio',
      current: 0.195,
      previous: 0.24,
      change: -0.045,
      significant: true,
    });
    expect(saveRateSentence(report({ kpis: [saveRate] }))?.text).toBe(
      'The save rate fell from 24.0% to 19.5% (4.5 points).',
    );
  });

  it('says nothing about an insignificant save-rate change', () => {
    const saveRate = kpi({
      key: 'save_rate',
      unit: 'ratio',
      current: 0.3,
      previous: 0.2,
      change: 0.1,
      significant: false,
    });
    expect(saveRateSentence(report({ kpis: [saveRate] }))).toBeNull();
  });

  it('names the reason that cost the most MRR with the period total', () => {
    const sentence = mrrLostSentence(
      report({
        kpis: [kpi({ key: 'mrr_lost', unit: 'money', current: 30_100 })],
        reasons: [
          reason({ reason: 'unused', label: 'Unused', mrrLost: 9000 }),
          reason({ reason: 'too_expensive', label: 'Too expensive', mrrLost: 12_340 }),
        ],
      }),
    );
    expect(sentence).toEqual({
      text: 'Cancellations citing “Too expensive” cost the most MRR: $12,340 of the $30,100 lost in the period.',
      figures: ['reason.too_expensive.mrr_lost', 'kpi.mrr_lost.current'],
    });
  });
});

describe('offer sentences', () => {
  it('calls an offer the best when its lead over the runner-up is significant', () => {
    const offers = [offer('too_expensive', 'discount', 84, 200), offer('too_expensive', 'pause', 40, 200)];
    expect(offerSentence(report({ offers }), 'too_expensive')?.text).toBe(
      'For “Too expensive”, discount offers worked best: 42.0% accepted (95% CI 37.0%–47.0%, n = 200), ahead of pause at 20.0%.',
    );
  });

  it('says the difference could be chance when the lead is not significant', () => {
    const offers = [offer('too_expensive', 'discount', 22, 50), offer('too_expensive', 'pause', 20, 50)];
    expect(offerSentence(report({ offers }), 'too_expensive')?.text).toBe(
      'For “Too expensive”, discount (44.0%) and pause (40.0%) offers were accepted about as often; the difference could be chance.',
    );
  });

  it('never picks an offer from samples too small to tell', () => {
    const offers = [offer('too_expensive', 'discount', 9, 10), offer('too_expensive', 'pause', 2, 12)];
    expect(offerSentence(report({ offers }), 'too_expensive')).toBeNull();
  });
});

describe('channel and theme sentences', () => {
  it('compares the best and worst channel when the gap is significant', () => {
    const channels = [
      channel({ channel: 'agent_chat', requests: 400, retained: 124, saveRate: 0.31 }),
      channel({ channel: 'self_serve', requests: 1000, retained: 120, saveRate: 0.12 }),
      channel({ channel: 'email', requests: 10, retained: 9, saveRate: 0.9 }),
    ];
    expect(channelSaveRateSentence(report({ channels }))?.text).toBe(
      'Agent (chat) had the highest save rate, 31.0% of 400 requests; self-serve the lowest, 12.0%.',
    );
  });

  it('names the channel with the longest median wait', () => {
    const channels = [
      channel({ channel: 'agent_phone', medianWaitMinutes: 12.5, p90WaitMinutes: 31 }),
      channel({ channel: 'agent_chat', medianWaitMinutes: 3 }),
    ];
    expect(longestWaitSentence(report({ channels }))?.text).toBe(
      'Agent (phone) had the longest median wait, 12.5 min (one in ten waited over 31.0 min).',
    );
  });

  it('says it compared only the channels with enough requests when it left some out', () => {
    const channels = [
      channel({ channel: 'agent_phone', medianWaitMinutes: 12.5 }),
      channel({ channel: 'agent_chat', medianWaitMinutes: 3 }),
      channel({ channel: 'email', requests: 2, medianWaitMinutes: 60 }),
    ];
    expect(longestWaitSentence(report({ channels }))?.text).toBe(
      'Of the channels with 30 requests or more, agent (phone) had the longest median wait, 12.5 min.',
    );
  });

  it('compares no channel with nothing: one channel with enough requests gets no sentence', () => {
    const channels = [
      channel({ channel: 'self_serve', medianWaitMinutes: 1.9 }),
      channel({ channel: 'agent_chat', requests: 5, medianWaitMinutes: 16.8 }),
    ];
    expect(longestWaitSentence(report({ channels }))).toBeNull();
  });

  it("states a theme's rise as its share of the answers, as the dashboard's Themes page does, with the answers beside it", () => {
    // 12 of 1,000 answers, then 42 of 1,400: the count rose 250%, the share 150%.
    const themes = [
      theme({
        key: 'invoice',
        label: 'invoice errors',
        current: 42,
        previous: 12,
        currentShare: 0.03,
        previousShare: 0.012,
        change: 1.5,
        significant: true,
      }),
      theme({
        key: 'sso',
        label: 'single sign-on',
        current: 12,
        previous: 0,
        currentShare: 12 / 1400,
        previousShare: 0,
        change: null,
        significant: true,
      }),
      theme({
        key: 'ui',
        label: 'new interface',
        current: 11,
        previous: 9,
        currentShare: 11 / 1400,
        previousShare: 0.009,
        change: 11 / 1400 / 0.009 - 1,
        significant: false,
      }),
    ];
    expect(emergingThemeSentences(report({ themes }))).toEqual([
      {
        text: 'The share of answers about “invoice errors” rose 150% vs the previous 30 days, from 1.2% to 3.0% (12 to 42 answers).',
        figures: [
          'theme.invoice.change',
          'theme.invoice.previous_share',
          'theme.invoice.current_share',
          'theme.invoice.previous',
          'theme.invoice.current',
        ],
      },
      {
        text: 'A new theme, “single sign-on”, came up in 0.9% of answers (12); it was absent in the previous 30 days.',
        figures: ['theme.sso.current_share', 'theme.sso.current', 'theme.sso.previous'],
      },
    ]);
  });

  it('puts the theme whose share rose most first, not the one whose count rose most', () => {
    const themes = [
      theme({
        key: 'team',
        current: 600,
        previous: 400,
        currentShare: 0.06,
        previousShare: 0.05,
        change: 0.2,
        significant: true,
      }),
      theme({
        key: 'moving',
        current: 300,
        previous: 150,
        currentShare: 0.03,
        previousShare: 0.015,
        change: 1,
        significant: true,
      }),
    ];
    expect(emergingThemeSentences(report({ themes })).map((sentence) => sentence.figures[0])).toEqual([
      'theme.moving.change',
      'theme.team.change',
    ]);
  });

  it('gives the shares without their change when the previous count is too small for one to mean much, a share under 0.1% as “<0.1%”', () => {
    const themes = [
      theme({
        key: 'ai',
        label: 'ai',
        current: 202,
        previous: 1,
        currentShare: 0.0202,
        previousShare: 0.0001,
        change: 201,
        significant: true,
      }),
    ];
    expect(emergingThemeSentences(report({ themes }))).toEqual([
      {
        text: 'The share of answers about “ai” rose from <0.1% to 2.0% vs the previous 30 days (1 to 202 answers).',
        figures: [
          'theme.ai.previous_share',
          'theme.ai.current_share',
          'theme.ai.previous',
          'theme.ai.current',
        ],
      },
    ]);
  });
});

describe('the whole narrative', () => {
  it('is empty for a report without figures', () => {
    expect(writeNarrative(report())).toEqual([]);
  });

  it('cites only figures the report contains', () => {
    const full = report({
      kpis: [
        kpi({ key: 'requests', current: 1344, previous: 1200, change: 0.12, significant: true }),
        kpi({ key: 'mrr_lost', unit: 'money', current: 5000, previous: 4000, change: 0.25 }),
      ],
      reasons: [
        reason({
          reason: 'too_expensive',
          current: 330,
          previous: 250,
          change: 0.32,
          significant: true,
          mrrLost: 3000,
        }),
      ],
      offers: [offer('too_expensive', 'discount', 84, 200), offer('too_expensive', 'pause', 40, 200)],
      channels: [
        channel({
          channel: 'agent_chat',
          requests: 400,
          retained: 124,
          saveRate: 0.31,
          medianWaitMinutes: 4,
        }),
        channel({
          channel: 'self_serve',
          requests: 1000,
          retained: 120,
          saveRate: 0.12,
          medianWaitMinutes: 0.5,
        }),
      ],
      themes: [
        theme({
          key: 'sso',
          label: 'single sign-on',
          current: 12,
          previous: 0,
          currentShare: 0.01,
          previousShare: 0,
          change: null,
          significant: true,
        }),
      ],
    });
    const sentences = writeNarrative(full);
    const figures = reportFigures(full);
    expect(sentences).toHaveLength(7);
    for (const sentence of sentences) {
      for (const key of sentence.figures)
        expect(figures.has(key), `${sentence.text} cites ${key}`).toBe(true);
    }
  });
});
