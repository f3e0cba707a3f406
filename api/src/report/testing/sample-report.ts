/**
 * A hand-made insight report for renderer tests: every section filled, a verbatim that tries formula
 * injection, one offer cell too small to judge, and figures whose formatted text the tests look for.
 */
import type { InsightReport } from '@churnlens/models/report/insight-report';
import { writeNarrative } from '@churnlens/models/report/narrative';

const data: Omit<InsightReport, 'narrative'> = {
  title: 'Churn insight report',
  generatedAt: '2026-04-01T09:30:00.000Z',
  period: { from: '2026-03-01', to: '2026-03-30', days: 30 },
  previousPeriod: { from: '2026-01-30', to: '2026-02-28', days: 30 },
  currency: 'USD',
  filters: [{ name: 'Plan', value: 'pro' }],
  kpis: [
    { key: 'requests', label: 'Cancellation requests', unit: 'count', current: 1344, previous: 1200, change: 0.12, significant: true },
    { key: 'cancelled', label: 'Cancelled', unit: 'count', current: 1010, previous: 880, change: 130 / 880, significant: true },
    { key: 'retained', label: 'Retained', unit: 'count', current: 262, previous: 288, change: -26 / 288, significant: false },
    { key: 'save_rate', label: 'Save rate', unit: 'ratio', current: 262 / 1344, previous: 0.24, change: 262 / 1344 - 0.24, significant: true },
    { key: 'mrr_lost', label: 'MRR lost', unit: 'money', current: 30_100, previous: 26_000, change: 4100 / 26_000, significant: false },
    { key: 'mrr_saved', label: 'MRR saved', unit: 'money', current: 7_850, previous: 8_100, change: -250 / 8100, significant: false },
  ],
  reasons: [
    { reason: 'too_expensive', label: 'Too expensive', current: 330, previous: 250, change: 0.32, significant: true, share: 330 / 1344, mrrLost: 12_340, topPlan: 'pro', topPlanShare: 0.61 },
    { reason: 'unused', label: 'Unused', current: 280, previous: 300, change: -20 / 300, significant: false, share: 280 / 1344, mrrLost: 6_200, topPlan: 'basic', topPlanShare: 0.45 },
    { reason: 'missing_features', label: 'Missing features', current: 240, previous: 230, change: 10 / 230, significant: false, share: 240 / 1344, mrrLost: 5_100, topPlan: 'pro', topPlanShare: 0.52 },
    { reason: 'switched_service', label: 'Switched service', current: 200, previous: 180, change: 20 / 180, significant: false, share: 200 / 1344, mrrLost: 3_900, topPlan: 'team', topPlanShare: 0.38 },
    { reason: 'other', label: 'Other', current: 294, previous: 240, change: 54 / 240, significant: true, share: 294 / 1344, mrrLost: 2_560, topPlan: 'basic', topPlanShare: 0.5 },
  ],
  offers: [
    { reason: 'too_expensive', offerType: 'discount', presented: 200, accepted: 84, rate: 0.42, low: 0.3537, high: 0.4893, smallSample: false, keptAt30: 0.8 },
    { reason: 'too_expensive', offerType: 'pause', presented: 120, accepted: 24, rate: 0.2, low: 0.1381, high: 0.2806, smallSample: false, keptAt30: 0.8 },
    { reason: 'too_expensive', offerType: 'downgrade', presented: 12, accepted: 5, rate: 5 / 12, low: 0.1933, high: 0.6805, smallSample: true, keptAt30: 0.8 },
    { reason: 'unused', offerType: 'pause', presented: 150, accepted: 45, rate: 0.3, low: 0.2318, high: 0.3782, smallSample: false, keptAt30: 0.8 },
    { reason: 'missing_features', offerType: 'support_contact', presented: 9, accepted: 2, rate: 2 / 9, low: 0.0632, high: 0.5474, smallSample: true, keptAt30: 0.8 },
  ],
  channels: [
    { channel: 'self_serve', requests: 800, retained: 96, saveRate: 0.12, medianWaitMinutes: null, p90WaitMinutes: null },
    { channel: 'agent_chat', requests: 400, retained: 124, saveRate: 0.31, medianWaitMinutes: 4, p90WaitMinutes: 11.5 },
    { channel: 'agent_phone', requests: 144, retained: 42, saveRate: 42 / 144, medianWaitMinutes: 12.5, p90WaitMinutes: 31 },
  ],
  agents: [
    { agentId: 'agent-07', requests: 120, retained: 44, saveRate: 44 / 120, medianWaitMinutes: 5.5 },
    { agentId: 'agent-12', requests: 98, retained: 22, saveRate: 22 / 98, medianWaitMinutes: 9 },
  ],
  themes: [
    {
      key: 'invoice-errors',
      label: 'invoice errors',
      current: 42,
      previous: 5,
      change: 7.4,
      significant: true,
      verbatims: ['The invoice errors every month made me leave', '=HYPERLINK("http://x","y")'],
    },
    { key: 'new-ui', label: 'new interface', current: 11, previous: 9, change: 2 / 9, significant: false, verbatims: [] },
  ],
};

export const SAMPLE_REPORT: InsightReport = { ...data, narrative: writeNarrative(data) };
