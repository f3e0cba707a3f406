/**
 * The report's short narrative, written by templates from the report's own figures. Each template either
 * returns a sentence that cites the figure keys it quotes, or nothing: a sentence about a change appears
 * only when the change is significant and large enough to matter, and never when a figure is missing.
 */

import { channelLabel, offerLabel } from '../labels.ts';
import { bestOffer, SMALL_SAMPLE_THRESHOLD } from '../metrics/offer-ranking.ts';
import { twoProportionZTest } from '../metrics/two-proportion-z-test.ts';
import { type EffectiveReason, NO_REASON_GIVEN, reasonLabel } from '../taxonomy.ts';
import {
  formatChangeMagnitude,
  formatCount,
  formatMinutes,
  formatMoney,
  formatPercent,
  formatPointsMagnitude,
} from './figure-format.ts';
import type {
  ChannelRow,
  InsightReportData,
  Kpi,
  KpiKey,
  NarrativeSentence,
  OfferRow,
  ReasonRow,
  ThemeRow,
} from './insight-report.ts';
import { SIGNIFICANCE_LEVEL } from './period-change.ts';
import { figureKey } from './report-figures.ts';

/** A significant relative change smaller than this is real but not worth a sentence. */
export const MATERIAL_RELATIVE_CHANGE = 0.1;
/** The same for a rate, in rate points (0.01 = 1 point). */
export const MATERIAL_RATE_CHANGE = 0.01;
const MAX_REASON_SENTENCES = 3;
const MAX_OFFER_SENTENCES = 3;
const MAX_THEME_SENTENCES = 2;

type Sentence = NarrativeSentence | null;

function kpi(report: InsightReportData, key: KpiKey): Kpi | undefined {
  return report.kpis.find((candidate) => candidate.key === key);
}

function kpiKeys(key: KpiKey): [string, string, string] {
  return [figureKey.kpi(key, 'change'), figureKey.kpi(key, 'previous'), figureKey.kpi(key, 'current')];
}

function previousDays(report: InsightReportData): string {
  return `the previous ${report.previousPeriod.days} ${report.previousPeriod.days === 1 ? 'day' : 'days'}`;
}

function direction(change: number): string {
  return change > 0 ? 'rose' : 'fell';
}

/** Below this previous count a percentage exaggerates ("+20,100%"), so the sentence gives the counts only. */
export const SMALL_BASE = 10;

interface Movement {
  change: number;
  previous: number;
  current: number;
  /** Figure keys of the three numbers, in that order. */
  keys: [string, string, string];
}

/**
 * "rose 32% vs the previous 30 days (from 250 to 330)", or from a small base "rose from 1 to 202 vs the
 * previous 30 days", with the keys of the figures the words quote.
 */
function countMovement(report: InsightReportData, movement: Movement): NarrativeSentence {
  const { change, previous, current, keys } = movement;
  const counts = `from ${formatCount(previous)} to ${formatCount(current)}`;
  if (previous < SMALL_BASE) {
    return { text: `${direction(change)} ${counts} vs ${previousDays(report)}`, figures: keys.slice(1) };
  }
  return {
    text: `${direction(change)} ${formatChangeMagnitude(change)} vs ${previousDays(report)} (${counts})`,
    figures: [...keys],
  };
}

export function requestVolumeSentence(report: InsightReportData): Sentence {
  const requests = kpi(report, 'requests');
  if (!requests || requests.current === null || requests.previous === null || requests.change === null) {
    return null;
  }
  if (!requests.significant || Math.abs(requests.change) < MATERIAL_RELATIVE_CHANGE) return null;
  const movement = countMovement(report, {
    change: requests.change,
    previous: requests.previous,
    current: requests.current,
    keys: kpiKeys('requests'),
  });
  return { text: `Cancellation requests ${movement.text}.`, figures: movement.figures };
}

export function saveRateSentence(report: InsightReportData): Sentence {
  const saveRate = kpi(report, 'save_rate');
  if (!saveRate || saveRate.current === null || saveRate.previous === null || saveRate.change === null) {
    return null;
  }
  if (!saveRate.significant || Math.abs(saveRate.change) < MATERIAL_RATE_CHANGE) return null;
  return {
    text: `The save rate ${direction(saveRate.change)} from ${formatPercent(saveRate.previous)} to ${formatPercent(saveRate.current)} (${formatPointsMagnitude(saveRate.change)}).`,
    figures: kpiKeys('save_rate'),
  };
}

/**
 * A reason as the tables label it, quoted so a label such as “Other” reads as a name mid-sentence; requests
 * without one cite "no reason", since “No reason given” would read as a reason of that name.
 */
function quotedReason(reason: EffectiveReason): string {
  if (reason === NO_REASON_GIVEN) return 'no reason';
  return `“${reasonLabel(reason)}”`;
}

/** A reason row with a change from a known previous count. */
type ComparedReasonRow = ReasonRow & { previous: number; change: number };

function isCompared(row: ReasonRow): row is ComparedReasonRow {
  return row.previous !== null && row.change !== null;
}

function reasonMovementSentence(report: InsightReportData, row: ComparedReasonRow): NarrativeSentence {
  const movement = countMovement(report, {
    change: row.change,
    previous: row.previous,
    current: row.current,
    keys: [
      figureKey.reason(row.reason, 'change'),
      figureKey.reason(row.reason, 'previous'),
      figureKey.reason(row.reason, 'current'),
    ],
  });
  const figures = [...movement.figures];
  let text = `Cancellation requests citing ${quotedReason(row.reason)} ${movement.text}`;
  if (row.topPlan !== null && row.topPlanShare !== null && row.topPlanShare >= 0.5) {
    text += `, mostly on the ${row.topPlan} plan (${formatPercent(row.topPlanShare)} of them)`;
    figures.push(figureKey.reason(row.reason, 'top_plan_share'));
  }
  return { text: `${text}.`, figures };
}

/** The largest significant reason movements, biggest absolute difference first. */
export function reasonMovementSentences(report: InsightReportData): NarrativeSentence[] {
  return report.reasons
    .filter(isCompared)
    .filter((row) => row.significant && Math.abs(row.change) >= MATERIAL_RELATIVE_CHANGE)
    .sort((a, b) => Math.abs(b.current - b.previous) - Math.abs(a.current - a.previous))
    .slice(0, MAX_REASON_SENTENCES)
    .map((row) => reasonMovementSentence(report, row));
}

export function mrrLostSentence(report: InsightReportData): Sentence {
  const mrrLost = kpi(report, 'mrr_lost');
  if (!mrrLost || mrrLost.current === null || mrrLost.current <= 0) return null;
  const [top] = [...report.reasons].sort((a, b) => b.mrrLost - a.mrrLost);
  if (!top || top.mrrLost <= 0) return null;
  return {
    text: `Cancellations citing ${quotedReason(top.reason)} cost the most MRR: ${formatMoney(top.mrrLost, report.currency)} of the ${formatMoney(mrrLost.current, report.currency)} lost in the period.`,
    figures: [figureKey.reason(top.reason, 'mrr_lost'), figureKey.kpi('mrr_lost', 'current')],
  };
}

function offerSummary(row: OfferRow): string {
  return `${formatPercent(row.rate ?? 0)} accepted (95% CI ${formatPercent(row.low ?? 0)}–${formatPercent(row.high ?? 0)}, n = ${formatCount(row.presented)})`;
}

function offerFigures(row: OfferRow): string[] {
  return (['rate', 'low', 'high', 'presented'] as const).map((field) =>
    figureKey.offer(row.reason, row.offerType, field),
  );
}

/**
 * Which offer worked for one reason: the leader among offers with enough presentations, and whether its lead
 * over the runner-up is more than chance. Null when no offer for the reason has enough data.
 */
export function offerSentence(report: InsightReportData, reason: EffectiveReason): Sentence {
  const rows = report.offers.filter((row) => row.reason === reason);
  const best = bestOffer(
    rows.map((row) => ({ offerType: row.offerType, successes: row.accepted, n: row.presented })),
  );
  const leader = rows.find((row) => row.offerType === best?.offerType);
  if (!best || !leader) return null;
  const subject = `For ${reason === NO_REASON_GIVEN ? 'requests citing no reason' : quotedReason(reason)}`;
  const runnerUp = rows.find((row) => row.offerType === best.runnerUp?.offerType);
  if (!runnerUp || best.pValue === null) {
    return {
      text: `${subject}, ${offerLabel(leader.offerType).toLowerCase()} was the only offer with enough presentations to judge: ${offerSummary(leader)}.`,
      figures: offerFigures(leader),
    };
  }
  const figures = [...offerFigures(leader), figureKey.offer(reason, runnerUp.offerType, 'rate')];
  if (best.pValue < SIGNIFICANCE_LEVEL) {
    return {
      text: `${subject}, ${offerLabel(leader.offerType).toLowerCase()} offers worked best: ${offerSummary(leader)}, ahead of ${offerLabel(runnerUp.offerType).toLowerCase()} at ${formatPercent(runnerUp.rate ?? 0)}.`,
      figures,
    };
  }
  return {
    text: `${subject}, ${offerLabel(leader.offerType).toLowerCase()} (${formatPercent(leader.rate ?? 0)}) and ${offerLabel(runnerUp.offerType).toLowerCase()} (${formatPercent(runnerUp.rate ?? 0)}) offers were accepted about as often; the difference could be chance.`,
    figures: [
      figureKey.offer(reason, leader.offerType, 'rate'),
      figureKey.offer(reason, runnerUp.offerType, 'rate'),
    ],
  };
}

/** Offer sentences for the most frequent reasons that have offers with enough data. */
export function offerSentences(report: InsightReportData): NarrativeSentence[] {
  return [...report.reasons]
    .sort((a, b) => b.current - a.current)
    .map((row) => offerSentence(report, row.reason))
    .filter((sentence) => sentence !== null)
    .slice(0, MAX_OFFER_SENTENCES);
}

function measuredChannels(report: InsightReportData): (ChannelRow & { saveRate: number })[] {
  return report.channels
    .filter((row) => row.saveRate !== null && row.requests >= SMALL_SAMPLE_THRESHOLD)
    .map((row) => ({ ...row, saveRate: row.saveRate ?? 0 }))
    .sort((a, b) => b.saveRate - a.saveRate);
}

/** Best against worst channel by save rate, only when the gap is significant. */
export function channelSaveRateSentence(report: InsightReportData): Sentence {
  const ranked = measuredChannels(report);
  const best = ranked[0];
  const worst = ranked.at(-1);
  if (!best || !worst || best === worst) return null;
  const test = twoProportionZTest(best.retained, best.requests, worst.retained, worst.requests);
  if (test.pValue >= SIGNIFICANCE_LEVEL) return null;
  return {
    text: `${channelLabel(best.channel)} had the highest save rate, ${formatPercent(best.saveRate)} of ${formatCount(best.requests)} requests; ${channelLabel(worst.channel).toLowerCase()} the lowest, ${formatPercent(worst.saveRate)}.`,
    figures: [
      figureKey.channel(best.channel, 'save_rate'),
      figureKey.channel(best.channel, 'requests'),
      figureKey.channel(worst.channel, 'save_rate'),
    ],
  };
}

/**
 * The channel with the longest median wait, among at least two channels with enough requests for a median to
 * mean something; when channels with fewer requests were left out, the sentence says it compared only these.
 */
export function longestWaitSentence(report: InsightReportData): Sentence {
  const waited = report.channels.filter((row) => row.medianWaitMinutes !== null);
  const measured = waited.filter((row) => row.requests >= SMALL_SAMPLE_THRESHOLD);
  const [longest] = measured.sort((a, b) => (b.medianWaitMinutes ?? 0) - (a.medianWaitMinutes ?? 0));
  if (measured.length < 2 || !longest || longest.medianWaitMinutes === null || longest.medianWaitMinutes <= 0)
    return null;
  const figures = [figureKey.channel(longest.channel, 'median_wait')];
  const among =
    measured.length < waited.length
      ? `Of the channels with ${SMALL_SAMPLE_THRESHOLD} requests or more, `
      : '';
  const channel = among ? channelLabel(longest.channel).toLowerCase() : channelLabel(longest.channel);
  let text = `${among}${channel} had the longest median wait, ${formatMinutes(longest.medianWaitMinutes)}`;
  if (longest.p90WaitMinutes !== null) {
    text += ` (one in ten waited over ${formatMinutes(longest.p90WaitMinutes)})`;
    figures.push(figureKey.channel(longest.channel, 'p90_wait'));
  }
  return { text: `${text}.`, figures };
}

/** A theme with figures of both periods: every theme, unless the themes are not compared. */
type ComparedThemeRow = ThemeRow & { previous: number; previousShare: number };

function isComparedTheme(row: ThemeRow): row is ComparedThemeRow {
  return row.previous !== null && row.previousShare !== null;
}

const shareRise = (row: ComparedThemeRow) => row.currentShare - row.previousShare;

/**
 * "The share of answers about “moving” rose 45% vs the previous 30 days, from 1.2% to 1.8% (151 to 205
 * answers)": a theme's rise in its share of the answers, as /api/themes tests it and the dashboard shows it.
 * From a small base the relative change exaggerates, so the sentence gives the shares only.
 */
function themeRiseSentence(report: InsightReportData, row: ComparedThemeRow): NarrativeSentence {
  const key = (field: Parameters<typeof figureKey.theme>[1]) => figureKey.theme(row.key, field);
  const shares = `from ${formatPercent(row.previousShare)} to ${formatPercent(row.currentShare)}`;
  const answers = `(${formatCount(row.previous)} to ${formatCount(row.current)} answers)`;
  const subject = `The share of answers about “${row.label}” rose`;
  const figures = [key('previous_share'), key('current_share'), key('previous'), key('current')];
  if (row.previous < SMALL_BASE || row.change === null) {
    return { text: `${subject} ${shares} vs ${previousDays(report)} ${answers}.`, figures };
  }
  return {
    text: `${subject} ${formatChangeMagnitude(row.change)} vs ${previousDays(report)}, ${shares} ${answers}.`,
    figures: [key('change'), ...figures],
  };
}

/**
 * Themes whose share of the answers grew significantly, or that appeared where the previous period had none;
 * none when the themes are not compared, since a theme absent from data that does not reach back is not new.
 */
export function emergingThemeSentences(report: InsightReportData): NarrativeSentence[] {
  return report.themes
    .filter(isComparedTheme)
    .filter((row) => row.significant && shareRise(row) > 0)
    .filter((row) => row.change === null || row.change >= MATERIAL_RELATIVE_CHANGE)
    .sort((a, b) => shareRise(b) - shareRise(a))
    .slice(0, MAX_THEME_SENTENCES)
    .map((row) => {
      if (row.previous === 0) {
        return {
          text: `A new theme, “${row.label}”, came up in ${formatPercent(row.currentShare)} of answers (${formatCount(row.current)}); it was absent in ${previousDays(report)}.`,
          figures: [
            figureKey.theme(row.key, 'current_share'),
            figureKey.theme(row.key, 'current'),
            figureKey.theme(row.key, 'previous'),
          ],
        };
      }
      return themeRiseSentence(report, row);
    });
}

export function writeNarrative(report: InsightReportData): NarrativeSentence[] {
  return [
    requestVolumeSentence(report),
    saveRateSentence(report),
    ...reasonMovementSentences(report),
    mrrLostSentence(report),
    ...offerSentences(report),
    channelSaveRateSentence(report),
    longestWaitSentence(report),
    ...emergingThemeSentences(report),
  ].filter((sentence) => sentence !== null);
}
