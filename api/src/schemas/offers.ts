import { OFFER_TYPES } from '@churnlens/models';
import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { SMALL_SAMPLE_THRESHOLD } from '@churnlens/models/metrics/offer-ranking';
import { EFFECTIVE_REASONS } from '@churnlens/models/taxonomy';
import { z } from '@hono/zod-openapi';

/**
 * The rates an offer is judged by; also the allowed values of ?rankBy=. keptAtN ranks offers by the customers
 * they keep per offer made; savedAtN only among customers who accepted, so an offer few accept can lead it.
 */
export const OFFER_RATE_KEYS = [
  'acceptance',
  'keptAt30',
  'keptAt60',
  'keptAt90',
  'savedAt30',
  'savedAt60',
  'savedAt90',
] as const;
export type OfferRateKey = (typeof OFFER_RATE_KEYS)[number];
export const SAVED_AFTER_DAYS = [30, 60, 90] as const;

export const offersQuerySchema = insightQuerySchema({
  by: z
    .enum(['reason'], { error: 'must be reason' })
    .optional()
    .describe('reason: add the offer × reason matrix with the best offer per reason'),
  rankBy: z
    .enum(OFFER_RATE_KEYS, { error: `must be one of ${OFFER_RATE_KEYS.join(', ')}` })
    .optional()
    .describe('Rate that decides the best offer per reason, with by=reason (default acceptance)'),
}).superRefine((query, context) => {
  // Without by=reason there is no best offer to pick, and a silently ignored rankBy reads as a ranking.
  if (query.rankBy !== undefined && query.by !== 'reason') {
    context.addIssue({ code: 'custom', path: ['rankBy'], message: 'applies only with by=reason' });
  }
});

export const rateSchema = z
  .object({
    successes: z.number().int(),
    n: z.number().int().describe('Trials in the denominator'),
    rate: z.number().nullable().describe('successes / n; null when n is 0'),
    low: z.number().nullable().describe('Lower bound of the 95% Wilson score interval'),
    high: z.number().nullable().describe('Upper bound of the 95% Wilson score interval'),
    smallSample: z.boolean().describe(`n < ${SMALL_SAMPLE_THRESHOLD}: shown, but never picked as best`),
  })
  .openapi('Rate');

export const offerStatsSchema = z
  .object({
    offerType: z.enum(OFFER_TYPES),
    presented: z.number().int(),
    accepted: z.number().int(),
    acceptanceRate: rateSchema.describe('accepted / presented'),
    savedAt30: rateSchema.describe(
      'Accepted offers (accepted ≥ 30 days before the data end date) whose customer had not churned 30 days after acceptance; an offer on a request whose outcome is cancelled counts as churned at the request',
    ),
    savedAt60: rateSchema.describe('As savedAt30, at 60 days'),
    savedAt90: rateSchema.describe('As savedAt30, at 90 days'),
    keptAt30: rateSchema.describe(
      'Offers made on requests of a month that ended ≥ 30 days before the data end date (less accepted ones not yet 30 days old) that were accepted and whose customer had not churned 30 days after acceptance: customers kept per offer made',
    ),
    keptAt60: rateSchema.describe('As keptAt30, at 60 days'),
    keptAt90: rateSchema.describe('As keptAt30, at 90 days'),
    mrrRetained: z
      .number()
      .describe(
        'MRR of accepted offers whose customer has not churned (no churned_at, request not cancelled), in the reporting currency',
      ),
  })
  .openapi('OfferStats');
export type OfferStats = z.infer<typeof offerStatsSchema>;

export const bestOfferSchema = z
  .object({
    offerType: z.enum(OFFER_TYPES),
    rate: z.number(),
    n: z.number().int(),
    runnerUp: z.object({ offerType: z.enum(OFFER_TYPES), rate: z.number(), n: z.number().int() }).nullable(),
    pValue: z
      .number()
      .nullable()
      .describe('Two-proportion z-test, best vs runner-up, two-sided; null without a runner-up'),
  })
  .openapi('BestOffer');

export const offerReasonRowSchema = z
  .object({
    reason: z.enum(EFFECTIVE_REASONS),
    offers: z.array(offerStatsSchema),
    best: bestOfferSchema
      .nullable()
      .describe(`Highest rankBy rate among offers with n ≥ ${SMALL_SAMPLE_THRESHOLD}; null when none has`),
  })
  .openapi('OfferReasonRow');
export type OfferReasonRow = z.infer<typeof offerReasonRowSchema>;

export const offersResponseSchema = z
  .object({
    currency: z.string(),
    dataEndDate: z.string().nullable().describe('Day of the newest requested_at in the database'),
    smallSampleThreshold: z.number().int(),
    offers: z.array(offerStatsSchema),
    rankBy: z.enum(OFFER_RATE_KEYS).optional(),
    reasons: z.array(offerReasonRowSchema).optional().describe('Present with ?by=reason'),
  })
  .openapi('Offers');
export type OffersResponse = z.infer<typeof offersResponseSchema>;
