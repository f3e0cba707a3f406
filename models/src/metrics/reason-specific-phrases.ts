/**
 * Which of a period's frequent phrases say something about why customers leave. Listed by documents alone,
 * the whole sample data's first themes were "need", "call", "support", "use" and "back", with "cx" and
 * "retention" close behind: mostly words of the cancel flow and of the agents' notes, found under every
 * reason about as often as the reasons themselves are. A phrase is reason-specific when the reasons of its
 * documents are mixed unlike the period's: the Kullback–Leibler divergence of the phrase's reason mix from
 * the period's reaches requiredDivergence.
 * This only applies when the periods are not compared (emerging-phrases.ts, rankFrequentPhrases): a rise is
 * news whatever the reason.
 */

/** Documents per effective reason. */
export type ReasonMix = ReadonlyMap<string, number>;

/**
 * In nats. A phrase whose documents all have one reason that holds p of the period's documents diverges by
 * ln(1 / p); 0.5 is such a phrase of a reason holding 61 % of them. On the sample data (whole window, the 60
 * most frequent phrases) the generic words diverge by 0.03–0.29 ("good", "call", "email", "need") and the
 * words of a reason by 0.55–1.7 ("project", "cheaper", "support", "switching"); between them are "used"
 * (0.34), "data" (0.36) and "time" (0.42).
 */
export const MIN_REASON_DIVERGENCE = 0.5;

/**
 * MIN_REASON_DIVERGENCE, or half the divergence of a phrase found only under its main reason when that is
 * less: a reason holding more than 37 % of the period (as "other" may on data the reasons do not fit) leaves
 * even its own words short of 0.5, and a period of one reason leaves every phrase at 0, which lists them all.
 */
export function requiredDivergence(phrase: ReasonMix, period: ReasonMix): number {
  const periodTotal = total(period);
  let mainDocuments = 0;
  let mainShare = 0;
  for (const [reason, documents] of phrase) {
    const share = (period.get(reason) ?? 0) / periodTotal;
    // Two reasons with as many of the phrase's documents: the larger in the period is the main one, whatever
    // order the rows came in (DuckDB's grouping gives none).
    if (documents > mainDocuments || (documents === mainDocuments && documents > 0 && share > mainShare)) {
      mainDocuments = documents;
      mainShare = share;
    }
  }
  if (mainShare === 0) return Number.POSITIVE_INFINITY;
  return Math.min(MIN_REASON_DIVERGENCE, Math.log(1 / mainShare) / 2);
}

/**
 * Whether the period's documents have more than one reason. Only then does the rule leave any phrase out: in
 * a period of one reason every phrase diverges by 0 and needs 0.
 */
export function tellsReasonsApart(period: ReasonMix): boolean {
  return [...period.values()].filter((documents) => documents > 0).length > 1;
}

/** KL(phrase ‖ period) in nats; 0 for a phrase without documents. */
export function reasonDivergence(phrase: ReasonMix, period: ReasonMix): number {
  const phraseTotal = total(phrase);
  const periodTotal = total(period);
  if (phraseTotal === 0 || periodTotal === 0) return 0;
  let divergence = 0;
  // Summed in one order of reasons, so that a phrase right at the bar is judged alike however the rows came.
  for (const [reason, documents] of [...phrase].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (documents === 0) continue;
    const share = documents / phraseTotal;
    // A phrase's documents are among the period's, so a reason of the phrase is a reason of the period.
    const periodShare = (period.get(reason) ?? 0) / periodTotal;
    divergence += share * Math.log(share / periodShare);
  }
  return divergence;
}

/** The phrases of `candidates` (in their order) whose reason mix diverges enough from the period's. */
export function reasonSpecificPhrases<T extends { id: number }>(
  candidates: readonly T[],
  phraseMixes: ReadonlyMap<number, ReasonMix>,
  period: ReasonMix,
): T[] {
  return candidates.filter((candidate) => {
    const mix = phraseMixes.get(candidate.id) ?? new Map<string, number>();
    return reasonDivergence(mix, period) >= requiredDivergence(mix, period);
  });
}

function total(mix: ReasonMix): number {
  let sum = 0;
  for (const documents of mix.values()) sum += documents;
  return sum;
}
