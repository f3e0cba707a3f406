/**
 * Simulates customers of the sample business one at a time: sign-up, then a chain of cancellation
 * requests, each with its channel, wait, real reason, verbatim, retention offers, outcome and surveys.
 * Deterministic given the seeded random source; writes nothing (generate-sample-data.ts does the I/O).
 */
import { type Channel, type OfferType, type Outcome, REASON_CODES, type ReasonCode } from '@churnlens/models';
import {
  ABANDON_AFTER_DECLINE,
  AGENT_CHANNELS,
  AGENT_NOTE_SHARE,
  AGENTS,
  type Agent,
  acceptanceProbability,
  billingPeriodMonths,
  CANCEL_AFTER_REACTIVATION,
  CHANNEL_MIX,
  COME_BACK_SCORE_MEAN,
  COUNTRIES,
  type Country,
  CUSTOMER_PLAN_MIX,
  DOWNGRADE_TARGET,
  dailyVolumeWeight,
  EARLY_TENURE_SHARE,
  EMERGING_THEME_DAYS,
  EMERGING_THEME_REASONS,
  EXIT_COMMENT_ANSWER_RATE,
  EXIT_QUESTIONS,
  EXIT_REASON_CHOICES,
  EXIT_SCORE_ANSWER_RATE,
  EXIT_SURVEY_ABANDONED_FACTOR,
  EXIT_SURVEY_RESPONSE_RATE,
  emergingThemeShare,
  FIRST_YEAR_TENURE_SHARE,
  FOLLOW_UP_COMMENT_RATE,
  FOLLOW_UP_QUESTIONS,
  FOLLOW_UP_RESPONSE_RATE,
  GENERIC_OFFER_MIX,
  LATE_RETURN_REQUEST,
  LOCAL_HOUR_WEIGHTS,
  MAX_TENURE_DAYS,
  monthlyRevenue,
  NEIGHBOUR_REASONS,
  OFFER_COUNT_MIX,
  OFFER_DETAILS,
  OUTCOME_OF_ACCEPTED_OFFER,
  PHONE_HOUR_WEIGHTS,
  type Plan,
  type PlantedEvents,
  PRICE_INCREASE_MONTHS_BEFORE_END,
  queueAbandonProbability,
  REACTIVATION_RATE,
  REASON_CODE_AGREEMENT,
  REASON_CODE_OTHER_SHARE,
  REASON_CODE_RATE,
  REASON_TEXT_RATE,
  RECOMMEND_SCORE_MEAN,
  RETRY_AFTER_ABANDON,
  RETURN_REQUEST_BY_OFFER,
  RETURN_REQUEST_REASON_FACTOR,
  reasonWeights,
  SEGMENT_MIX,
  seatsFor,
  TARGETED_OFFER_MIX,
  TARGETING_RATE,
  UNLINKED_SURVEY_SHARE,
  WAIT_PROFILES,
  WIN_BACK_CHOICES,
} from './business-model.ts';
import {
  addMonths,
  DAY_MS,
  type DataWindow,
  HOUR_MS,
  isoTimestamp,
  MINUTE_MS,
  nextRenewal,
  SECOND_MS,
  wholeSecond,
} from './calendar.ts';
import { type SeededRandom, WeightedTable } from './random.ts';
import type { CancellationRow, CustomerRow, OfferRow, SurveyRow } from './record-format.ts';
import {
  composeVerbatim,
  composeWinBackComment,
  type Language,
  type VerbatimRequest,
} from './verbatim-composer.ts';

/** What the files do not show about a cancellation: its real reason, for tests of the planted signals. */
export interface CancellationTruth {
  cancellationId: string;
  reason: ReasonCode;
  emergingTheme: boolean;
  language: Language;
}

export interface CustomerHistory {
  customer: CustomerRow;
  cancellations: CancellationRow[];
  offers: OfferRow[];
  surveys: SurveyRow[];
  truths: CancellationTruth[];
}

interface Subscription {
  id: string;
  plan: Plan;
  seats: number;
  anchorMs: number;
}

interface CustomerState {
  id: string;
  signedUpMs: number;
  country: Country;
  subscription: Subscription;
  history: CustomerHistory;
}

/** A request the customer will file, and what led to it. */
interface PlannedRequest {
  atMs: number;
  channel: Channel;
  /** Drawn when planning, so that a request is only planned if it can be handled before the data end. */
  waitMs: number;
  previousReason: ReasonCode | null;
  /** The customer was retained before, which makes a second save harder. */
  repeatRequest: boolean;
  /** The accepted offer whose customer churns if this request ends in a cancellation within 90 days. */
  retainedBy: { offer: OfferRow; acceptedMs: number } | null;
}

interface RequestResult {
  outcome: Outcome;
  reason: ReasonCode;
  requestedMs: number;
  completedMs: number;
  effectiveMs: number | null;
  reactivatedMs: number | null;
  accepted: { offer: OfferRow; type: OfferType; acceptedMs: number; pauseMonths: number } | null;
}

const CHURN_WINDOW_MS = 90 * DAY_MS;
const OFFER_TYPES_WITH_DETAIL = Object.keys(OFFER_DETAILS) as OfferType[];

function padded(prefix: string, value: number): string {
  return `${prefix}-${String(value).padStart(7, '0')}`;
}

function weightedTables<K extends string, V extends string>(
  source: Readonly<Record<K, Readonly<Partial<Record<V, number>>>>>,
): Record<K, WeightedTable<V>> {
  return Object.fromEntries(
    Object.entries(source).map(([key, weights]) => [
      key,
      WeightedTable.fromRecord(weights as Record<V, number>),
    ]),
  ) as Record<K, WeightedTable<V>>;
}

export class CustomerHistorySimulator {
  readonly events: PlantedEvents;
  private readonly dayTable: WeightedTable<number>;
  private readonly planTable = WeightedTable.fromRecord(CUSTOMER_PLAN_MIX);
  private readonly countryTable = new WeightedTable(
    COUNTRIES.map((country) => [country, country.share] as const),
  );
  private readonly channelTables = weightedTables(CHANNEL_MIX);
  private readonly targetedOfferTables = weightedTables(TARGETED_OFFER_MIX);
  private readonly genericOfferTable = WeightedTable.fromRecord(GENERIC_OFFER_MIX);
  private readonly themeReasonTable = WeightedTable.fromRecord(
    EMERGING_THEME_REASONS as Record<ReasonCode, number>,
  );
  private readonly agentTable = new WeightedTable(
    AGENTS.map((agent) => [agent, agent.routingWeight] as const),
  );
  private readonly hourTable = new WeightedTable(
    LOCAL_HOUR_WEIGHTS.map((weight, hour) => [hour, weight] as const),
  );
  private readonly phoneHourTable = new WeightedTable(
    PHONE_HOUR_WEIGHTS.map((weight, hour) => [hour, weight] as const),
  );
  private readonly offerCountTables = Object.fromEntries(
    Object.entries(OFFER_COUNT_MIX).map(([channel, mix]) => [
      channel,
      new WeightedTable((mix as readonly number[]).map((weight, count) => [count, weight] as const)),
    ]),
  ) as Record<Channel, WeightedTable<number>>;
  private readonly segmentTables = Object.fromEntries(
    Object.entries(SEGMENT_MIX).map(([plan, mix]) => {
      const known = Object.values(mix as Record<string, number>).reduce((sum, share) => sum + share, 0);
      const entries = [
        ...Object.entries(mix as Record<string, number>),
        ['', 100 - known] as [string, number],
      ];
      return [plan, new WeightedTable(entries)];
    }),
  ) as Record<Plan, WeightedTable<string>>;
  private readonly counters = { customer: 0, subscription: 0, cancellation: 0, offer: 0, survey: 0 };

  constructor(
    private readonly random: SeededRandom,
    private readonly window: DataWindow,
  ) {
    this.events = {
      proPriceIncreaseMs: addMonths(window.endMs, -PRICE_INCREASE_MONTHS_BEFORE_END),
      emergingThemeStartMs: window.endMs - EMERGING_THEME_DAYS * DAY_MS,
      endMs: window.endMs,
    };
    this.dayTable = new WeightedTable(
      Array.from({ length: window.days }, (_, day) => {
        const dayMs = window.startMs + day * DAY_MS;
        return [day, dailyVolumeWeight(dayMs, window.startMs, window.endMs)] as const;
      }),
    );
  }

  /** A customer who never asked to cancel within the data window. */
  loyalCustomer(): CustomerHistory {
    const plan = this.planTable.draw(this.random);
    const ageDays = MAX_TENURE_DAYS * this.random.float() ** 1.3;
    const signedUpMs = wholeSecond(this.window.endMs - 1 - ageDays * DAY_MS);
    return this.newCustomer(plan, this.countryTable.draw(this.random), signedUpMs).history;
  }

  /** A customer who files between one and `maxRequests` cancellation requests. */
  cancellingCustomer(maxRequests: number): CustomerHistory {
    const plan = this.planTable.draw(this.random);
    const country = this.countryTable.draw(this.random);
    const channel = this.channelTables[plan].draw(this.random);
    const waitMs = this.waitMs(channel);
    // Nothing is observed after the data end: a request must be handled by then.
    const requestedMs = Math.min(
      this.firstRequestTime(country, channel),
      this.window.endMs - waitMs - SECOND_MS,
    );
    const tenureDays = this.firstRequestTenure(plan);
    const signedUpMs = wholeSecond(requestedMs - (tenureDays + this.random.float()) * DAY_MS);
    const customer = this.newCustomer(plan, country, signedUpMs);

    let planned: PlannedRequest | null = {
      atMs: requestedMs,
      channel,
      waitMs,
      previousReason: null,
      repeatRequest: false,
      retainedBy: null,
    };
    for (let filed = 0; planned && filed < maxRequests; filed++) {
      const result = this.request(customer, planned);
      this.recordChurnAfterRetention(planned, result);
      planned = this.nextRequest(customer, planned, result);
    }
    customer.history.customer.plan = customer.subscription.plan;
    return customer.history;
  }

  // --- Customers and time ---------------------------------------------------------------------------

  private newCustomer(plan: Plan, country: Country, signedUpMs: number): CustomerState {
    const id = padded('cus', ++this.counters.customer);
    const segment = this.segmentTables[plan].draw(this.random);
    return {
      id,
      signedUpMs,
      country,
      subscription: this.newSubscription(plan, signedUpMs),
      history: {
        customer: {
          id,
          signed_up_at: isoTimestamp(signedUpMs),
          plan,
          country: country.code,
          segment: segment || null,
        },
        cancellations: [],
        offers: [],
        surveys: [],
        truths: [],
      },
    };
  }

  private newSubscription(plan: Plan, anchorMs: number): Subscription {
    const id = padded('sub', ++this.counters.subscription);
    return { id, plan, seats: seatsFor(plan, this.random.normal()), anchorMs };
  }

  private firstRequestTime(country: Country, channel: Channel): number {
    const day = this.dayTable.draw(this.random);
    const hours = channel === 'agent_phone' ? this.phoneHourTable : this.hourTable;
    const utcHour = hours.draw(this.random) - country.utcOffsetHours + this.random.float();
    const atMs = this.window.startMs + day * DAY_MS + utcHour * HOUR_MS;
    return wholeSecond(Math.min(this.window.endMs - SECOND_MS, Math.max(this.window.startMs, atMs)));
  }

  private firstRequestTenure(plan: Plan): number {
    const roll = this.random.float();
    if (roll < EARLY_TENURE_SHARE[plan]) return Math.floor(31 * this.random.float() ** 1.5);
    if (roll < EARLY_TENURE_SHARE[plan] + FIRST_YEAR_TENURE_SHARE[plan]) {
      return Math.floor(31 * (365 / 31) ** this.random.float());
    }
    return this.random.intBetween(366, MAX_TENURE_DAYS);
  }

  private waitMs(channel: Channel): number {
    const profile = WAIT_PROFILES[channel];
    const wait = this.random.logNormal(profile.medianMs, profile.sigma);
    return wholeSecond(Math.min(profile.maxMs, Math.max(profile.minMs, wait)));
  }

  // --- One cancellation request -----------------------------------------------------------------------

  private request(customer: CustomerState, planned: PlannedRequest): RequestResult {
    const { subscription, country } = customer;
    const { channel, waitMs } = planned;
    const requestedMs = planned.atMs;
    const tenureDays = Math.floor((requestedMs - customer.signedUpMs) / DAY_MS);
    const agent = AGENT_CHANNELS.has(channel) ? this.agentTable.draw(this.random) : null;
    const cancellationId = padded('can', ++this.counters.cancellation);
    const currency = country.currency;
    const mrr = monthlyRevenue(subscription.plan, currency, subscription.seats, requestedMs, this.events);

    let reason =
      planned.previousReason && this.random.chance(0.75)
        ? planned.previousReason
        : this.drawReason(subscription.plan, tenureDays, country.code, requestedMs);
    const hasText = this.random.chance(REASON_TEXT_RATE[channel]);
    const emergingTheme = hasText && this.random.chance(emergingThemeShare(requestedMs, this.events));
    if (emergingTheme) reason = this.themeReasonTable.draw(this.random);
    const language: Language =
      country.language !== 'en' && this.random.chance(country.nativeTextShare) ? country.language : 'en';
    const verbatim: VerbatimRequest = {
      reason,
      language,
      voice:
        channel === 'email'
          ? 'email'
          : this.random.chance(AGENT_NOTE_SHARE[channel])
            ? 'agent_note'
            : 'customer',
      emergingTheme,
      plan: subscription.plan,
      mrr,
      currency,
    };
    const reasonText = hasText ? composeVerbatim(this.random, verbatim) : null;
    const reasonCode = this.random.chance(REASON_CODE_RATE[channel]) ? this.pickedReason(reason) : null;

    const flow = this.retentionFlow({
      cancellationId,
      channel,
      agent,
      reason,
      knownReason: reasonCode ?? (agent && this.random.chance(0.7) ? reason : null),
      plan: subscription.plan,
      requestedMs,
      waitMs,
      repeatRequest: planned.repeatRequest,
    });
    customer.history.offers.push(...flow.offers);

    const completedMs = flow.handledMs ?? requestedMs;
    const effectiveMs = this.effectiveTime(
      subscription,
      flow.outcome,
      completedMs,
      flow.accepted?.acceptedMs ?? null,
    );
    const reactivatedMs =
      flow.outcome === 'cancelled' ? this.reactivationTime(effectiveMs ?? completedMs) : null;

    customer.history.cancellations.push({
      id: cancellationId,
      customer_id: customer.id,
      subscription_id: subscription.id,
      requested_at: isoTimestamp(requestedMs),
      channel,
      agent_id: agent?.id ?? null,
      handled_at: flow.handledMs === null ? null : isoTimestamp(flow.handledMs),
      plan: subscription.plan,
      mrr,
      currency,
      tenure_days: tenureDays,
      reason_code: reasonCode,
      reason_text: reasonText,
      outcome: flow.outcome,
      effective_at: effectiveMs === null ? null : isoTimestamp(effectiveMs),
      reactivated_at: reactivatedMs === null ? null : isoTimestamp(reactivatedMs),
    });
    customer.history.truths.push({ cancellationId, reason, emergingTheme, language });
    if (flow.outcome === 'downgraded') this.downgrade(subscription);

    const result: RequestResult = {
      outcome: flow.outcome,
      reason,
      requestedMs,
      completedMs,
      effectiveMs,
      reactivatedMs,
      accepted: flow.accepted,
    };
    this.exitSurvey(customer, cancellationId, channel, result, verbatim, reasonCode);
    this.followUpSurvey(customer, cancellationId, result, verbatim);
    return result;
  }

  private drawReason(plan: Plan, tenureDays: number, country: string, requestedMs: number): ReasonCode {
    const weights = reasonWeights({ plan, tenureDays, country, requestedAtMs: requestedMs }, this.events);
    return REASON_CODES[this.random.weightedIndex(weights)] as ReasonCode;
  }

  /** The option a customer (or agent) picks: mostly the real reason, sometimes 'other' or a neighbour. */
  private pickedReason(reason: ReasonCode): ReasonCode {
    const roll = this.random.float();
    if (roll < REASON_CODE_AGREEMENT) return reason;
    if (roll < REASON_CODE_AGREEMENT + REASON_CODE_OTHER_SHARE) return 'other';
    return this.random.pick(NEIGHBOUR_REASONS[reason]);
  }

  private effectiveTime(
    subscription: Subscription,
    outcome: Outcome,
    completedMs: number,
    acceptedMs: number | null,
  ): number | null {
    const period = billingPeriodMonths(subscription.plan);
    if (outcome === 'cancelled') return nextRenewal(subscription.anchorMs, completedMs, period);
    if ((outcome === 'paused' || outcome === 'downgraded') && acceptedMs !== null) {
      return nextRenewal(subscription.anchorMs, acceptedMs, period);
    }
    return null;
  }

  private reactivationTime(fromMs: number): number | null {
    if (!this.random.chance(REACTIVATION_RATE)) return null;
    const reactivatedMs = wholeSecond(fromMs + this.random.between(10, 240) * DAY_MS);
    return reactivatedMs < this.window.endMs ? reactivatedMs : null;
  }

  // --- Retention offers --------------------------------------------------------------------------------

  private retentionFlow(request: {
    cancellationId: string;
    channel: Channel;
    agent: Agent | null;
    reason: ReasonCode;
    knownReason: ReasonCode | null;
    plan: Plan;
    requestedMs: number;
    waitMs: number;
    repeatRequest: boolean;
  }): {
    outcome: Outcome;
    handledMs: number | null;
    offers: OfferRow[];
    accepted: RequestResult['accepted'];
  } {
    const { channel, requestedMs, waitMs } = request;
    const handledMs = requestedMs + waitMs;
    if (this.random.chance(queueAbandonProbability(channel, waitMs))) {
      return { outcome: 'abandoned', handledMs: null, offers: [], accepted: null };
    }
    const offers: OfferRow[] = [];
    const count = this.offerCountTables[channel].draw(this.random);
    let previousType: OfferType | null = null;
    let presentedMs = this.firstPresentation(channel, requestedMs, waitMs);
    for (let index = 0; index < count && presentedMs < this.window.endMs; index++) {
      const type = this.offerType(request.plan, index === 0 ? request.knownReason : null, previousType);
      const option = this.random.pick(OFFER_DETAILS[type]);
      const detail = type === 'downgrade' ? `downgrade to ${DOWNGRADE_TARGET[request.plan]}` : option.detail;
      const probability = acceptanceProbability({
        reason: request.reason,
        offerType: type,
        appeal: option.appeal,
        channel,
        agentSkill: request.agent?.saveSkill ?? 1,
        repeatRequest: request.repeatRequest,
      });
      const acceptedMs = wholeSecond(presentedMs + this.replyDelay(channel, waitMs));
      const accepted = this.random.chance(probability) && acceptedMs < this.window.endMs;
      const offer: OfferRow = {
        id: padded('off', ++this.counters.offer),
        cancellation_id: request.cancellationId,
        offer_type: type,
        offer_detail: detail,
        presented_at: isoTimestamp(presentedMs),
        accepted,
        accepted_at: accepted ? isoTimestamp(acceptedMs) : null,
        churned_at: null,
      };
      offers.push(offer);
      if (accepted) {
        const pauseMonths = type === 'pause' ? Number(/(\d+) month/.exec(detail)?.[1] ?? 1) : 0;
        return {
          outcome: OUTCOME_OF_ACCEPTED_OFFER[type],
          handledMs,
          offers,
          accepted: { offer, type, acceptedMs, pauseMonths },
        };
      }
      previousType = type;
      presentedMs = wholeSecond(presentedMs + this.nextOfferGap(channel, waitMs));
    }
    if (this.random.chance(ABANDON_AFTER_DECLINE[channel])) {
      const handled = channel === 'email' ? handledMs : null;
      return { outcome: 'abandoned', handledMs: handled, offers, accepted: null };
    }
    return { outcome: 'cancelled', handledMs, offers, accepted: null };
  }

  private offerType(plan: Plan, knownReason: ReasonCode | null, previous: OfferType | null): OfferType {
    const targeted = knownReason !== null && this.random.chance(TARGETING_RATE);
    for (let attempt = 0; attempt < 8; attempt++) {
      const type = (
        targeted && attempt === 0 ? this.targetedOfferTables[knownReason] : this.genericOfferTable
      ).draw(this.random);
      if (type !== previous && (type !== 'downgrade' || DOWNGRADE_TARGET[plan] !== null)) return type;
    }
    return OFFER_TYPES_WITH_DETAIL.find((type) => type !== previous && type !== 'downgrade') ?? 'discount';
  }

  /** Self-serve flows and bots show the offer within the flow; agents after picking up; email in the reply. */
  private firstPresentation(channel: Channel, requestedMs: number, waitMs: number): number {
    if (channel === 'self_serve' || channel === 'chatbot') return wholeSecond(requestedMs + waitMs * 0.3);
    if (channel === 'email') return requestedMs + waitMs;
    return wholeSecond(requestedMs + waitMs + this.random.between(1, 8) * MINUTE_MS);
  }

  private nextOfferGap(channel: Channel, waitMs: number): number {
    if (channel === 'self_serve' || channel === 'chatbot') return waitMs * 0.3;
    if (channel === 'email') return this.random.between(4, 48) * HOUR_MS;
    return this.random.between(2, 6) * MINUTE_MS;
  }

  private replyDelay(channel: Channel, waitMs: number): number {
    if (channel === 'self_serve' || channel === 'chatbot') return waitMs * 0.1;
    if (channel === 'email')
      return Math.min(5 * DAY_MS, Math.max(10 * MINUTE_MS, this.random.logNormal(6 * HOUR_MS, 1)));
    return this.random.between(0.3, 3) * MINUTE_MS;
  }

  // --- What happens next ---------------------------------------------------------------------------------

  private recordChurnAfterRetention(planned: PlannedRequest, result: RequestResult): void {
    if (!planned.retainedBy || result.outcome !== 'cancelled') return;
    if (result.completedMs - planned.retainedBy.acceptedMs > CHURN_WINDOW_MS) return;
    planned.retainedBy.offer.churned_at = isoTimestamp(result.completedMs);
  }

  private nextRequest(
    customer: CustomerState,
    planned: PlannedRequest,
    result: RequestResult,
  ): PlannedRequest | null {
    const next = this.nextRequestPlan(customer, planned, result);
    if (!next) return null;
    const atMs = wholeSecond(next.atMs);
    // A request that could not be handled before the data end has not happened yet.
    if (atMs + next.waitMs >= this.window.endMs) return null;
    return { ...next, atMs };
  }

  private nextRequestPlan(
    customer: CustomerState,
    planned: PlannedRequest,
    result: RequestResult,
  ): PlannedRequest | null {
    const channel = this.channelTables[customer.subscription.plan].draw(this.random);
    const waitMs = this.waitMs(channel);
    const { accepted } = result;
    if (accepted) {
      const returnProbability =
        RETURN_REQUEST_BY_OFFER[accepted.type] * RETURN_REQUEST_REASON_FACTOR[result.reason];
      if (this.random.chance(returnProbability)) {
        const gapDays =
          accepted.type === 'pause'
            ? accepted.pauseMonths * 30 - this.random.between(0, 6)
            : this.random.between(7, 88);
        return {
          atMs: accepted.acceptedMs + gapDays * DAY_MS,
          channel,
          waitMs,
          previousReason: result.reason,
          repeatRequest: true,
          retainedBy: { offer: accepted.offer, acceptedMs: accepted.acceptedMs },
        };
      }
      if (!this.random.chance(LATE_RETURN_REQUEST)) return null;
      return {
        atMs: accepted.acceptedMs + this.random.between(100, 400) * DAY_MS,
        channel,
        waitMs,
        previousReason: this.random.chance(0.5) ? result.reason : null,
        repeatRequest: true,
        retainedBy: null,
      };
    }
    if (result.outcome === 'abandoned') {
      if (!this.random.chance(RETRY_AFTER_ABANDON)) return null;
      return {
        atMs: result.requestedMs + this.random.between(0.05, 10) * DAY_MS,
        channel,
        waitMs,
        previousReason: this.random.chance(0.9) ? result.reason : null,
        repeatRequest: planned.repeatRequest,
        retainedBy: planned.retainedBy,
      };
    }
    if (result.reactivatedMs === null || !this.random.chance(CANCEL_AFTER_REACTIVATION)) return null;
    customer.subscription = this.newSubscription(customer.subscription.plan, result.reactivatedMs);
    return {
      atMs: result.reactivatedMs + this.random.between(30, 300) * DAY_MS,
      channel,
      waitMs,
      previousReason: null,
      repeatRequest: false,
      retainedBy: null,
    };
  }

  private downgrade(subscription: Subscription): void {
    const target = DOWNGRADE_TARGET[subscription.plan];
    if (!target) return;
    subscription.plan = target;
    subscription.seats = Math.max(1, Math.min(subscription.seats, seatsFor(target, this.random.normal())));
  }

  // --- Surveys -------------------------------------------------------------------------------------------

  private surveyRow(
    customer: CustomerState,
    cancellationId: string | null,
    survey: 'exit' | 'follow_up',
    submittedMs: number,
    answer: Pick<SurveyRow, 'question' | 'choice' | 'score' | 'free_text'>,
  ): SurveyRow {
    return {
      id: padded('srv', ++this.counters.survey),
      customer_id: customer.id,
      cancellation_id: cancellationId,
      survey,
      submitted_at: isoTimestamp(submittedMs),
      ...answer,
    };
  }

  private score(mean: number): number {
    return Math.min(10, Math.max(0, Math.round(mean + 2.2 * this.random.normal())));
  }

  /**
   * Survey comments mostly repeat the request's theme; a few customers who did not mention the AI
   * assistant in the request do so in the survey, keeping the theme's share of comments near its planted share.
   */
  private commentRequest(verbatim: VerbatimRequest, submittedMs: number): VerbatimRequest {
    const emergingTheme = verbatim.emergingTheme
      ? this.random.chance(0.9)
      : this.random.chance(0.35 * emergingThemeShare(submittedMs, this.events));
    return { ...verbatim, voice: 'customer', emergingTheme };
  }

  private exitSurvey(
    customer: CustomerState,
    cancellationId: string,
    channel: Channel,
    result: RequestResult,
    verbatim: VerbatimRequest,
    reasonCode: ReasonCode | null,
  ): void {
    const abandonedFactor = result.outcome === 'abandoned' ? EXIT_SURVEY_ABANDONED_FACTOR : 1;
    if (!this.random.chance(EXIT_SURVEY_RESPONSE_RATE[channel] * abandonedFactor)) return;
    const inFlow = channel === 'self_serve' || channel === 'chatbot';
    const delayMs = inFlow
      ? this.random.between(5, 180) * SECOND_MS
      : Math.min(3 * DAY_MS, Math.max(10 * MINUTE_MS, this.random.logNormal(5 * HOUR_MS, 1)));
    const submittedMs = wholeSecond(result.completedMs + delayMs);
    if (submittedMs >= this.window.endMs) return;
    const linkedId = this.random.chance(UNLINKED_SURVEY_SHARE) ? null : cancellationId;
    const choiceReason = reasonCode ?? this.pickedReason(result.reason);
    const choice = EXIT_REASON_CHOICES[choiceReason];
    const specifies = choiceReason === 'other' && this.random.chance(0.5);
    const surveys = customer.history.surveys;
    surveys.push(
      this.surveyRow(customer, linkedId, 'exit', submittedMs, {
        question: EXIT_QUESTIONS.reason,
        choice,
        score: null,
        free_text: specifies
          ? composeVerbatim(this.random, this.commentRequest(verbatim, submittedMs))
          : null,
      }),
    );
    if (this.random.chance(EXIT_SCORE_ANSWER_RATE)) {
      const retainedBonus = result.accepted ? 1.5 : 0;
      surveys.push(
        this.surveyRow(customer, linkedId, 'exit', submittedMs, {
          question: EXIT_QUESTIONS.score,
          choice: null,
          score: this.score(RECOMMEND_SCORE_MEAN[result.reason] + retainedBonus),
          free_text: null,
        }),
      );
    }
    if (this.random.chance(EXIT_COMMENT_ANSWER_RATE)) {
      surveys.push(
        this.surveyRow(customer, linkedId, 'exit', submittedMs, {
          question: EXIT_QUESTIONS.comment,
          choice: null,
          score: null,
          free_text: composeVerbatim(this.random, this.commentRequest(verbatim, submittedMs)),
        }),
      );
    }
  }

  private followUpSurvey(
    customer: CustomerState,
    cancellationId: string,
    result: RequestResult,
    verbatim: VerbatimRequest,
  ): void {
    if (result.outcome !== 'cancelled' || !this.random.chance(FOLLOW_UP_RESPONSE_RATE)) return;
    const sentMs = (result.effectiveMs ?? result.completedMs) + this.random.between(30, 60) * DAY_MS;
    const submittedMs = wholeSecond(sentMs + this.random.between(1, 120) * HOUR_MS);
    if (submittedMs >= this.window.endMs) return;
    if (result.reactivatedMs !== null && result.reactivatedMs < submittedMs) return;
    const surveys = customer.history.surveys;
    surveys.push(
      this.surveyRow(customer, cancellationId, 'follow_up', submittedMs, {
        question: FOLLOW_UP_QUESTIONS.score,
        choice: null,
        score: this.score(COME_BACK_SCORE_MEAN[result.reason]),
        free_text: null,
      }),
    );
    const comment = this.random.chance(FOLLOW_UP_COMMENT_RATE)
      ? composeWinBackComment(this.random, this.commentRequest(verbatim, submittedMs))
      : null;
    surveys.push(
      this.surveyRow(customer, cancellationId, 'follow_up', submittedMs, {
        question: FOLLOW_UP_QUESTIONS.winBack,
        choice: WIN_BACK_CHOICES[result.reason],
        score: null,
        free_text: comment,
      }),
    );
  }
}
