/**
 * The subscription business the sample data describes, as plain numbers and pure functions: who the
 * customers are, why they leave, through which channel, which retention offers work for which reason,
 * and the signals planted for the product to find. docs/sample-data.md documents every figure here;
 * change them together.
 */
import type { Channel, OfferType, Outcome, ReasonCode } from '@churnlens/models';
import { REASON_CODES } from '@churnlens/models';
import { DAY_MS, monthOf, weekdayOf } from './calendar.ts';

export const PLANS = ['starter', 'pro', 'business', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const CUSTOMER_PLAN_MIX: Readonly<Record<Plan, number>> = {
  starter: 45,
  pro: 33,
  business: 16,
  enterprise: 6,
};

/** The plan a downgrade offer moves a subscription to; starter has nothing below it. */
export const DOWNGRADE_TARGET: Readonly<Record<Plan, Plan | null>> = {
  starter: null,
  pro: 'starter',
  business: 'pro',
  enterprise: 'business',
};

/** Enterprise contracts renew yearly; every other plan monthly. */
export function billingPeriodMonths(plan: Plan): number {
  return plan === 'enterprise' ? 12 : 1;
}

export const BILLING_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'BRL'] as const;
export type BillingCurrency = (typeof BILLING_CURRENCIES)[number];

type PriceList = Readonly<Record<Plan, Readonly<Record<BillingCurrency, number>>>>;

/** Monthly list price per seat (starter and pro are priced per seat too, with one to a few seats). */
const LIST_PRICES: PriceList = {
  starter: { USD: 19, EUR: 18, GBP: 15, CAD: 25, AUD: 29, CHF: 19, JPY: 2480, BRL: 79 },
  pro: { USD: 49, EUR: 45, GBP: 39, CAD: 65, AUD: 75, CHF: 49, JPY: 6480, BRL: 199 },
  business: { USD: 29, EUR: 27, GBP: 23, CAD: 39, AUD: 45, CHF: 29, JPY: 3980, BRL: 119 },
  enterprise: { USD: 42, EUR: 39, GBP: 33, CAD: 56, AUD: 64, CHF: 42, JPY: 5800, BRL: 169 },
};

/** Pro after the planted price increase. */
const PRO_PRICES_AFTER_INCREASE: Readonly<Record<BillingCurrency, number>> = {
  USD: 59,
  EUR: 55,
  GBP: 47,
  CAD: 79,
  AUD: 89,
  CHF: 59,
  JPY: 7980,
  BRL: 239,
};

export interface Country {
  code: string;
  currency: BillingCurrency;
  /** Share of customers, in percent. */
  share: number;
  /** Typical local hour offset from UTC, used for the time of day people cancel. */
  utcOffsetHours: number;
  /** Language of verbatims written in the customer's own language, when not English. */
  language: 'en' | 'es' | 'fr' | 'de';
  /** Share of this country's verbatims written in `language` rather than English. */
  nativeTextShare: number;
}

export const COUNTRIES: readonly Country[] = [
  { code: 'US', currency: 'USD', share: 40, utcOffsetHours: -6, language: 'en', nativeTextShare: 0 },
  { code: 'GB', currency: 'GBP', share: 10, utcOffsetHours: 0, language: 'en', nativeTextShare: 0 },
  { code: 'DE', currency: 'EUR', share: 8, utcOffsetHours: 1, language: 'de', nativeTextShare: 0.2 },
  { code: 'FR', currency: 'EUR', share: 6, utcOffsetHours: 1, language: 'fr', nativeTextShare: 0.25 },
  { code: 'CA', currency: 'CAD', share: 5, utcOffsetHours: -5, language: 'en', nativeTextShare: 0 },
  { code: 'AU', currency: 'AUD', share: 5, utcOffsetHours: 10, language: 'en', nativeTextShare: 0 },
  { code: 'ES', currency: 'EUR', share: 4, utcOffsetHours: 1, language: 'es', nativeTextShare: 0.3 },
  { code: 'JP', currency: 'JPY', share: 4, utcOffsetHours: 9, language: 'en', nativeTextShare: 0 },
  { code: 'NL', currency: 'EUR', share: 3, utcOffsetHours: 1, language: 'en', nativeTextShare: 0 },
  { code: 'BR', currency: 'BRL', share: 3, utcOffsetHours: -3, language: 'en', nativeTextShare: 0 },
  { code: 'IN', currency: 'USD', share: 3, utcOffsetHours: 5, language: 'en', nativeTextShare: 0 },
  { code: 'MX', currency: 'USD', share: 2, utcOffsetHours: -6, language: 'es', nativeTextShare: 0.35 },
  { code: 'IT', currency: 'EUR', share: 2, utcOffsetHours: 1, language: 'en', nativeTextShare: 0 },
  { code: 'SE', currency: 'EUR', share: 2, utcOffsetHours: 1, language: 'en', nativeTextShare: 0 },
  { code: 'CH', currency: 'CHF', share: 1, utcOffsetHours: 1, language: 'de', nativeTextShare: 0.2 },
  { code: 'AT', currency: 'EUR', share: 1, utcOffsetHours: 1, language: 'de', nativeTextShare: 0.2 },
  { code: 'IE', currency: 'EUR', share: 1, utcOffsetHours: 0, language: 'en', nativeTextShare: 0 },
];

/** Segment mix per plan, in percent; the remainder up to 100 is left empty (segment unknown). */
export const SEGMENT_MIX: Readonly<Record<Plan, Readonly<Record<string, number>>>> = {
  starter: { solo: 58, smb: 38 },
  pro: { solo: 18, smb: 68, mid_market: 10 },
  business: { smb: 33, mid_market: 58, enterprise: 5 },
  enterprise: { mid_market: 14, enterprise: 83 },
};

/** Seats on a new subscription: a draw from the plan's typical team size. */
export function seatsFor(plan: Plan, standardNormal: number): number {
  switch (plan) {
    case 'starter':
      return 1;
    case 'pro':
      return Math.min(5, Math.max(1, Math.round(Math.exp(0.7 * Math.abs(standardNormal)))));
    case 'business':
      return Math.min(120, Math.max(5, Math.round(14 * Math.exp(0.6 * standardNormal))));
    case 'enterprise':
      return Math.min(900, Math.max(40, Math.round(120 * Math.exp(0.6 * standardNormal))));
  }
}

export interface PlantedEvents {
  /** Pro list prices rise at this instant (seven months before the data end). */
  proPriceIncreaseMs: number;
  /** The emerging "AI assistant" complaints start here (28 days before the data end). */
  emergingThemeStartMs: number;
  endMs: number;
}

export const EMERGING_THEME_DAYS = 28;
export const PRICE_INCREASE_MONTHS_BEFORE_END = 7;

/** Monthly recurring revenue of a subscription, in major units of its currency. */
export function monthlyRevenue(
  plan: Plan,
  currency: BillingCurrency,
  seats: number,
  atMs: number,
  events: PlantedEvents,
): number {
  const perSeat =
    plan === 'pro' && atMs >= events.proPriceIncreaseMs
      ? PRO_PRICES_AFTER_INCREASE[currency]
      : LIST_PRICES[plan][currency];
  return Math.round(perSeat * seats * 100) / 100;
}

// ---------------------------------------------------------------------------------------------------
// Cancellation volume over time

/** Cancellations per month relative to an average month: January budget reviews, summer lull in use. */
const MONTH_VOLUME = [1.25, 1.08, 1.0, 0.96, 0.95, 1.0, 1.1, 1.16, 1.04, 0.98, 0.93, 0.88];
/** Sunday … Saturday. */
const WEEKDAY_VOLUME = [0.55, 1.22, 1.12, 1.06, 1.0, 0.95, 0.6];
/** The business grows, so the last month sees this many times the cancellations of the first. */
export const VOLUME_GROWTH_OVER_WINDOW = 1.35;

/** Relative number of cancellation requests on the day starting at `dayMs`. */
export function dailyVolumeWeight(dayMs: number, startMs: number, endMs: number): number {
  const progress = (dayMs - startMs) / (endMs - startMs);
  const growth = 1 + (VOLUME_GROWTH_OVER_WINDOW - 1) * progress;
  return growth * (MONTH_VOLUME[monthOf(dayMs)] as number) * (WEEKDAY_VOLUME[weekdayOf(dayMs)] as number);
}

/** Local hour of day people file a cancellation: working hours and an evening peak for self-serve. */
export const LOCAL_HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 6.5, 7, 7, 6, 6.5, 6.8, 6.5, 6, 5.2, 4.6, 4.6, 4.8, 4.2, 3, 1.8,
];
/** Phone lines are open 8:00–18:00 local time. */
export const PHONE_HOUR_WEIGHTS = LOCAL_HOUR_WEIGHTS.map((weight, hour) =>
  hour >= 8 && hour < 18 ? weight : 0,
);

// ---------------------------------------------------------------------------------------------------
// Tenure at first cancellation request

/** Probability that a customer's first request comes in the first 30 days / the first year. */
export const EARLY_TENURE_SHARE: Readonly<Record<Plan, number>> = {
  starter: 0.3,
  pro: 0.22,
  business: 0.14,
  enterprise: 0.04,
};
export const FIRST_YEAR_TENURE_SHARE: Readonly<Record<Plan, number>> = {
  starter: 0.45,
  pro: 0.45,
  business: 0.42,
  enterprise: 0.34,
};
export const MAX_TENURE_DAYS = 1_800;

// ---------------------------------------------------------------------------------------------------
// Why customers leave

type ReasonWeights = Readonly<Record<ReasonCode, number>>;

/** Reason mix by plan, in percent, before tenure, country and calendar effects. */
export const PLAN_REASON_MIX: Readonly<Record<Plan, ReasonWeights>> = {
  starter: {
    too_expensive: 30,
    missing_features: 8,
    switched_service: 9,
    unused: 27,
    customer_service: 4,
    too_complex: 10,
    low_quality: 5,
    other: 7,
  },
  pro: {
    too_expensive: 22,
    missing_features: 15,
    switched_service: 15,
    unused: 16,
    customer_service: 6,
    too_complex: 8,
    low_quality: 9,
    other: 9,
  },
  business: {
    too_expensive: 14,
    missing_features: 22,
    switched_service: 20,
    unused: 9,
    customer_service: 10,
    too_complex: 6,
    low_quality: 11,
    other: 8,
  },
  enterprise: {
    too_expensive: 9,
    missing_features: 24,
    switched_service: 26,
    unused: 5,
    customer_service: 14,
    too_complex: 3,
    low_quality: 10,
    other: 9,
  },
};

const NEUTRAL: ReasonWeights = {
  too_expensive: 1,
  missing_features: 1,
  switched_service: 1,
  unused: 1,
  customer_service: 1,
  too_complex: 1,
  low_quality: 1,
  other: 1,
};

/** Multipliers by tenure (upper bound in days): new customers find it complex, old ones switch. */
export const TENURE_REASON_FACTORS: ReadonlyArray<{ maxDays: number; factors: ReasonWeights }> = [
  {
    maxDays: 30,
    factors: {
      ...NEUTRAL,
      too_expensive: 0.9,
      missing_features: 1.3,
      switched_service: 0.6,
      unused: 1.4,
      too_complex: 2.4,
    },
  },
  {
    maxDays: 90,
    factors: { ...NEUTRAL, missing_features: 1.2, switched_service: 0.8, unused: 1.3, too_complex: 1.5 },
  },
  { maxDays: 180, factors: { ...NEUTRAL, unused: 1.1 } },
  {
    maxDays: 365,
    factors: {
      ...NEUTRAL,
      too_expensive: 1.05,
      switched_service: 1.15,
      customer_service: 1.1,
      too_complex: 0.7,
    },
  },
  {
    maxDays: 730,
    factors: {
      ...NEUTRAL,
      too_expensive: 1.15,
      missing_features: 0.9,
      switched_service: 1.35,
      unused: 0.8,
      customer_service: 1.2,
      too_complex: 0.5,
    },
  },
  {
    maxDays: Number.MAX_SAFE_INTEGER,
    factors: {
      ...NEUTRAL,
      too_expensive: 1.25,
      missing_features: 0.85,
      switched_service: 1.5,
      unused: 0.7,
      customer_service: 1.25,
      too_complex: 0.4,
    },
  },
];

/** Country effects: USD pricing hurts in emerging markets; support hours and localisation hurt in JP, FR, ES. */
export const COUNTRY_REASON_FACTORS: Readonly<Record<string, Partial<ReasonWeights>>> = {
  JP: { customer_service: 1.6, low_quality: 1.5, too_complex: 1.3 },
  BR: { too_expensive: 1.7 },
  IN: { too_expensive: 1.8 },
  MX: { too_expensive: 1.7 },
  DE: { missing_features: 1.3, low_quality: 1.1 },
  AT: { missing_features: 1.3 },
  CH: { missing_features: 1.3 },
  FR: { customer_service: 1.3 },
  ES: { customer_service: 1.3 },
};

/** Summer and December lull (unused), January budget reviews (too expensive). */
const MONTH_REASON_FACTORS: ReadonlyArray<Partial<ReasonWeights>> = [
  { too_expensive: 1.4 },
  { too_expensive: 1.15 },
  {},
  {},
  {},
  {},
  { unused: 1.35 },
  { unused: 1.45 },
  {},
  {},
  {},
  { unused: 1.3 },
];

/** How much the pro price increase multiplies `too_expensive` for pro, by days since it took effect. */
export function priceIncreaseFactor(plan: Plan, atMs: number, events: PlantedEvents): number {
  if (plan !== 'pro' || atMs < events.proPriceIncreaseMs) return 1;
  const days = (atMs - events.proPriceIncreaseMs) / DAY_MS;
  if (days < 60) return 2.2;
  if (days < 150) return 1.5;
  return 1.2;
}

export interface ReasonContext {
  plan: Plan;
  tenureDays: number;
  country: string;
  requestedAtMs: number;
}

/** Relative weights of each reason (aligned with REASON_CODES) for one cancellation request. */
export function reasonWeights(context: ReasonContext, events: PlantedEvents): number[] {
  const base = PLAN_REASON_MIX[context.plan];
  const tenure =
    TENURE_REASON_FACTORS.find((bucket) => context.tenureDays <= bucket.maxDays)?.factors ?? NEUTRAL;
  const country = COUNTRY_REASON_FACTORS[context.country] ?? {};
  const month = MONTH_REASON_FACTORS[monthOf(context.requestedAtMs)] ?? {};
  const priceIncrease = priceIncreaseFactor(context.plan, context.requestedAtMs, events);
  return REASON_CODES.map((reason) => {
    const weight = base[reason] * tenure[reason] * (country[reason] ?? 1) * (month[reason] ?? 1);
    return reason === 'too_expensive' ? weight * priceIncrease : weight;
  });
}

/** Reasons customers confuse when they pick an option that is not their real one. */
export const NEIGHBOUR_REASONS: Readonly<Record<ReasonCode, readonly ReasonCode[]>> = {
  too_expensive: ['unused', 'switched_service'],
  missing_features: ['switched_service', 'low_quality'],
  switched_service: ['too_expensive', 'missing_features'],
  unused: ['too_expensive', 'too_complex'],
  customer_service: ['low_quality', 'other'],
  too_complex: ['unused', 'missing_features'],
  low_quality: ['customer_service', 'missing_features'],
  other: ['unused', 'too_expensive'],
};

/** Share of picked reason codes equal to the real reason; the rest is 'other' or a neighbouring reason. */
export const REASON_CODE_AGREEMENT = 0.8;
export const REASON_CODE_OTHER_SHARE = 0.1;

// ---------------------------------------------------------------------------------------------------
// The planted emerging theme

/** Share of verbatims about the new AI assistant, per week of the last four (zero before). */
export const EMERGING_THEME_WEEKLY_SHARE = [0.04, 0.06, 0.07, 0.08] as const;

export function emergingThemeShare(atMs: number, events: PlantedEvents): number {
  if (atMs < events.emergingThemeStartMs || atMs >= events.endMs) return 0;
  const week = Math.min(3, Math.floor((atMs - events.emergingThemeStartMs) / (7 * DAY_MS)));
  return EMERGING_THEME_WEEKLY_SHARE[week] as number;
}

/** The real reason behind an AI-assistant complaint. */
export const EMERGING_THEME_REASONS: Readonly<Partial<Record<ReasonCode, number>>> = {
  low_quality: 40,
  too_complex: 30,
  other: 20,
  missing_features: 10,
};

// ---------------------------------------------------------------------------------------------------
// Channels, agents and waiting

export const AGENT_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['agent_phone', 'agent_chat', 'email']);

export const CHANNEL_MIX: Readonly<Record<Plan, Readonly<Record<Channel, number>>>> = {
  starter: { self_serve: 62, agent_chat: 8, agent_phone: 3, email: 9, chatbot: 18 },
  pro: { self_serve: 52, agent_chat: 14, agent_phone: 8, email: 10, chatbot: 16 },
  business: { self_serve: 30, agent_chat: 22, agent_phone: 20, email: 18, chatbot: 10 },
  enterprise: { self_serve: 10, agent_chat: 20, agent_phone: 35, email: 30, chatbot: 5 },
};

export interface Agent {
  id: string;
  /** Multiplies the probability that a customer accepts an offer this agent presents. */
  saveSkill: number;
  /** Relative share of agent-handled requests routed to this agent. */
  routingWeight: number;
}

/** Twelve retention agents; agent-07 is the planted star. */
export const AGENTS: readonly Agent[] = [
  { id: 'agent-01', saveSkill: 0.95, routingWeight: 1 },
  { id: 'agent-02', saveSkill: 1.05, routingWeight: 1 },
  { id: 'agent-03', saveSkill: 0.9, routingWeight: 1 },
  { id: 'agent-04', saveSkill: 1.0, routingWeight: 1 },
  { id: 'agent-05', saveSkill: 0.85, routingWeight: 1 },
  { id: 'agent-06', saveSkill: 1.1, routingWeight: 1 },
  { id: 'agent-07', saveSkill: 1.75, routingWeight: 1 },
  { id: 'agent-08', saveSkill: 0.95, routingWeight: 1 },
  { id: 'agent-09', saveSkill: 1.0, routingWeight: 1 },
  { id: 'agent-10', saveSkill: 0.8, routingWeight: 0.8 },
  { id: 'agent-11', saveSkill: 1.05, routingWeight: 1 },
  { id: 'agent-12', saveSkill: 0.9, routingWeight: 0.5 },
];

export interface WaitProfile {
  medianMs: number;
  /** Spread of the log-normal wait. */
  sigma: number;
  minMs: number;
  maxMs: number;
}

/** Time from request to handling: a finished self-serve flow, a bot reply, an agent pick-up or reply. */
export const WAIT_PROFILES: Readonly<Record<Channel, WaitProfile>> = {
  self_serve: { medianMs: 75_000, sigma: 0.8, minMs: 10_000, maxMs: 20 * 60_000 },
  chatbot: { medianMs: 4 * 60_000, sigma: 0.5, minMs: 60_000, maxMs: 20 * 60_000 },
  agent_chat: { medianMs: 14 * 60_000, sigma: 0.55, minMs: 5 * 60_000, maxMs: 60 * 60_000 },
  agent_phone: { medianMs: 19 * 60_000, sigma: 0.55, minMs: 5 * 60_000, maxMs: 60 * 60_000 },
  email: { medianMs: 9 * 3_600_000, sigma: 0.9, minMs: 3_600_000, maxMs: 4 * 86_400_000 },
};

/** Probability that a phone or chat caller gives up in the queue; longer waits lose more callers. */
export function queueAbandonProbability(channel: Channel, waitMs: number): number {
  const minutesOverFive = Math.max(0, waitMs / 60_000 - 5);
  if (channel === 'agent_phone') return 0.04 + 0.3 * (minutesOverFive / 55);
  if (channel === 'agent_chat') return 0.03 + 0.15 * (minutesOverFive / 55);
  return 0;
}

/** Probability that a customer who declined every offer leaves the flow without confirming. */
export const ABANDON_AFTER_DECLINE: Readonly<Record<Channel, number>> = {
  self_serve: 0.1,
  chatbot: 0.18,
  agent_chat: 0,
  agent_phone: 0,
  email: 0.08,
};

/** Share of requests with a picked reason code, and with a free-text reason, per channel. */
export const REASON_CODE_RATE: Readonly<Record<Channel, number>> = {
  self_serve: 0.6,
  chatbot: 0.55,
  agent_chat: 0.8,
  agent_phone: 0.8,
  email: 0.3,
};
export const REASON_TEXT_RATE: Readonly<Record<Channel, number>> = {
  self_serve: 0.68,
  chatbot: 0.75,
  agent_chat: 0.85,
  agent_phone: 0.8,
  email: 0.97,
};
/** Share of agent-channel texts that are the agent's own notes rather than the customer's words. */
export const AGENT_NOTE_SHARE: Readonly<Record<Channel, number>> = {
  self_serve: 0,
  chatbot: 0,
  agent_chat: 0.5,
  agent_phone: 0.9,
  email: 0,
};

// ---------------------------------------------------------------------------------------------------
// Retention offers

/** Probability of presenting 0, 1 or 2 offers, per channel. */
export const OFFER_COUNT_MIX: Readonly<Record<Channel, readonly [number, number, number]>> = {
  self_serve: [12, 50, 38],
  chatbot: [25, 55, 20],
  agent_chat: [8, 42, 50],
  agent_phone: [8, 42, 50],
  email: [20, 50, 30],
};

/** Offers a flow shows when it does not know (or does not use) the reason. */
export const GENERIC_OFFER_MIX: Readonly<Record<OfferType, number>> = {
  discount: 32,
  pause: 25,
  downgrade: 15,
  free_period: 12,
  extension: 8,
  support_contact: 8,
};

/** Offers targeted at a known reason. */
export const TARGETED_OFFER_MIX: Readonly<Record<ReasonCode, Partial<Record<OfferType, number>>>> = {
  too_expensive: { discount: 50, downgrade: 25, free_period: 15, pause: 10 },
  unused: { pause: 55, downgrade: 20, extension: 15, free_period: 10 },
  too_complex: { support_contact: 60, extension: 20, free_period: 20 },
  missing_features: { support_contact: 40, extension: 30, discount: 30 },
  switched_service: { discount: 60, free_period: 20, extension: 20 },
  customer_service: { support_contact: 50, discount: 30, free_period: 20 },
  low_quality: { support_contact: 45, free_period: 30, discount: 25 },
  other: GENERIC_OFFER_MIX,
};

/** Share of first offers targeted at the reason when the flow knows it. */
export const TARGETING_RATE = 0.65;

/** Offer details with how much more (or less) attractive each is than the type's average. */
export const OFFER_DETAILS: Readonly<Record<OfferType, ReadonlyArray<{ detail: string; appeal: number }>>> = {
  discount: [
    { detail: '20% off for 3 months', appeal: 0.8 },
    { detail: '30% off for 3 months', appeal: 1.0 },
    { detail: '30% off for 6 months', appeal: 1.1 },
    { detail: '50% off next month', appeal: 1.25 },
  ],
  pause: [
    { detail: 'pause for 1 month', appeal: 0.9 },
    { detail: 'pause for 2 months', appeal: 1.0 },
    { detail: 'pause for 3 months', appeal: 1.1 },
  ],
  downgrade: [{ detail: 'downgrade to a lower plan', appeal: 1 }],
  extension: [
    { detail: 'extend current period by 14 days', appeal: 0.9 },
    { detail: 'extend current period by 30 days', appeal: 1.1 },
  ],
  free_period: [
    { detail: '1 month free', appeal: 1 },
    { detail: '2 months free', appeal: 1.2 },
  ],
  support_contact: [
    { detail: 'call with a product specialist', appeal: 1.1 },
    { detail: 'priority support ticket', appeal: 0.9 },
    { detail: 'free onboarding session', appeal: 1.0 },
  ],
};

/** Probability that a self-serve customer accepts an offer, by real reason and offer type. */
export const ACCEPTANCE: Readonly<Record<ReasonCode, Readonly<Record<OfferType, number>>>> = {
  too_expensive: {
    discount: 0.3,
    pause: 0.1,
    downgrade: 0.22,
    extension: 0.06,
    free_period: 0.16,
    support_contact: 0.03,
  },
  missing_features: {
    discount: 0.06,
    pause: 0.04,
    downgrade: 0.04,
    extension: 0.1,
    free_period: 0.07,
    support_contact: 0.12,
  },
  switched_service: {
    discount: 0.04,
    pause: 0.02,
    downgrade: 0.02,
    extension: 0.03,
    free_period: 0.04,
    support_contact: 0.02,
  },
  unused: {
    discount: 0.08,
    pause: 0.34,
    downgrade: 0.14,
    extension: 0.1,
    free_period: 0.12,
    support_contact: 0.04,
  },
  customer_service: {
    discount: 0.09,
    pause: 0.05,
    downgrade: 0.04,
    extension: 0.06,
    free_period: 0.1,
    support_contact: 0.18,
  },
  too_complex: {
    discount: 0.05,
    pause: 0.08,
    downgrade: 0.1,
    extension: 0.1,
    free_period: 0.08,
    support_contact: 0.28,
  },
  low_quality: {
    discount: 0.07,
    pause: 0.05,
    downgrade: 0.04,
    extension: 0.06,
    free_period: 0.1,
    support_contact: 0.16,
  },
  other: {
    discount: 0.08,
    pause: 0.1,
    downgrade: 0.06,
    extension: 0.05,
    free_period: 0.08,
    support_contact: 0.05,
  },
};

/** Channel effect on acceptance: a person persuades better than a form. */
export const CHANNEL_ACCEPTANCE_FACTOR: Readonly<Record<Channel, number>> = {
  self_serve: 1.0,
  chatbot: 0.85,
  email: 1.3,
  agent_chat: 1.7,
  agent_phone: 1.9,
};

/** A customer who was already retained once is harder to retain again. */
export const REPEAT_REQUEST_ACCEPTANCE_FACTOR = 0.55;
export const MAX_ACCEPTANCE = 0.92;

export interface AcceptanceContext {
  reason: ReasonCode;
  offerType: OfferType;
  appeal: number;
  channel: Channel;
  agentSkill: number;
  repeatRequest: boolean;
}

export function acceptanceProbability(context: AcceptanceContext): number {
  const probability =
    ACCEPTANCE[context.reason][context.offerType] *
    context.appeal *
    CHANNEL_ACCEPTANCE_FACTOR[context.channel] *
    context.agentSkill *
    (context.repeatRequest ? REPEAT_REQUEST_ACCEPTANCE_FACTOR : 1);
  return Math.min(MAX_ACCEPTANCE, probability);
}

/** The outcome an accepted offer leads to. */
export const OUTCOME_OF_ACCEPTED_OFFER: Readonly<Record<OfferType, Outcome>> = {
  discount: 'saved',
  pause: 'paused',
  downgrade: 'downgraded',
  extension: 'saved',
  free_period: 'saved',
  support_contact: 'saved',
};

/** Probability that a retained customer asks to cancel again within 90 days, by accepted offer … */
export const RETURN_REQUEST_BY_OFFER: Readonly<Record<OfferType, number>> = {
  discount: 0.3,
  pause: 0.28,
  downgrade: 0.12,
  extension: 0.3,
  free_period: 0.38,
  support_contact: 0.22,
};
/** … and by reason: someone who already chose a competitor rarely stays. */
export const RETURN_REQUEST_REASON_FACTOR: Readonly<Record<ReasonCode, number>> = {
  too_expensive: 1.0,
  missing_features: 1.3,
  switched_service: 2.0,
  unused: 1.1,
  customer_service: 1.2,
  too_complex: 0.9,
  low_quality: 1.2,
  other: 1.0,
};
/** Probability that a retained customer who stays beyond 90 days asks to cancel again later on. */
export const LATE_RETURN_REQUEST = 0.12;
/** Probability that an abandoned request is filed again within days. */
export const RETRY_AFTER_ABANDON = 0.55;
/** Probability that a cancelled customer comes back, and that a returning customer cancels again. */
export const REACTIVATION_RATE = 0.07;
export const CANCEL_AFTER_REACTIVATION = 0.4;
/** Longest chain of cancellation requests one customer files. */
export const MAX_REQUESTS_PER_CUSTOMER = 6;

// ---------------------------------------------------------------------------------------------------
// Surveys

export const EXIT_SURVEY_RESPONSE_RATE: Readonly<Record<Channel, number>> = {
  self_serve: 0.42,
  chatbot: 0.3,
  agent_chat: 0.24,
  agent_phone: 0.12,
  email: 0.18,
};
/** Abandoned requests rarely see the survey. */
export const EXIT_SURVEY_ABANDONED_FACTOR = 0.3;
export const EXIT_SCORE_ANSWER_RATE = 0.8;
export const EXIT_COMMENT_ANSWER_RATE = 0.4;
/** Exit responses the survey tool could not tie to a cancellation (cancellation_id empty). */
export const UNLINKED_SURVEY_SHARE = 0.03;
/** Follow-up survey response rate among cancelled customers, 30–60 days after the cancellation. */
export const FOLLOW_UP_RESPONSE_RATE = 0.12;
export const FOLLOW_UP_COMMENT_RATE = 0.35;

export const EXIT_QUESTIONS = {
  reason: 'What is the main reason you are cancelling?',
  score: 'How likely are you to recommend us to a friend or colleague?',
  comment: 'Is there anything else you would like to tell us?',
} as const;

export const FOLLOW_UP_QUESTIONS = {
  score: 'How likely are you to come back in the next six months?',
  winBack: 'What would bring you back?',
} as const;

/** The options of the exit survey's reason question, one per reason code. */
export const EXIT_REASON_CHOICES: Readonly<Record<ReasonCode, string>> = {
  too_expensive: "It's too expensive",
  missing_features: "It's missing features I need",
  switched_service: "I'm switching to another product",
  unused: "I'm not using it enough",
  customer_service: 'Customer service was not good enough',
  too_complex: "It's too hard to use",
  low_quality: 'Quality was lower than expected',
  other: 'Other',
};

export const WIN_BACK_CHOICES: Readonly<Record<ReasonCode, string>> = {
  too_expensive: 'A lower price',
  missing_features: 'The features I need',
  switched_service: "Nothing, I've moved on",
  unused: 'Not sure yet',
  customer_service: 'Better support',
  too_complex: 'Easier to use',
  low_quality: 'Better reliability',
  other: 'Not sure yet',
};

/** Mean recommendation score (0–10) by reason; retained customers score 1.5 higher. */
export const RECOMMEND_SCORE_MEAN: Readonly<Record<ReasonCode, number>> = {
  too_expensive: 6.5,
  missing_features: 5.5,
  switched_service: 5,
  unused: 7.5,
  customer_service: 3,
  too_complex: 5,
  low_quality: 3.5,
  other: 6,
};

/** Mean come-back score (0–10) by reason. */
export const COME_BACK_SCORE_MEAN: Readonly<Record<ReasonCode, number>> = {
  too_expensive: 4.5,
  missing_features: 4,
  switched_service: 1.5,
  unused: 5,
  customer_service: 2.5,
  too_complex: 3,
  low_quality: 2.5,
  other: 3.5,
};
