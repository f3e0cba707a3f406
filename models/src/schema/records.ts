/**
 * The record shapes churnlens stores, as zod schemas, and the enums their fields take. Ingest checks its
 * rows against these enums through FIELD_RULES (field-rules.ts), not with the schemas; the schemas give the
 * record types, and the sample-data generator writes their fields as its files' columns.
 */
import { z } from 'zod';
import { reasonCodeSchema } from '../taxonomy.ts';

export const CHANNELS = ['self_serve', 'agent_phone', 'agent_chat', 'email', 'chatbot'] as const;
export const OUTCOMES = ['cancelled', 'saved', 'paused', 'downgraded', 'abandoned'] as const;
export const RETAINED_OUTCOMES = ['saved', 'paused', 'downgraded'] as const;
export const OFFER_TYPES = [
  'discount',
  'pause',
  'downgrade',
  'extension',
  'free_period',
  'support_contact',
] as const;
export const SURVEYS = ['exit', 'follow_up'] as const;
/**
 * What Stripe reports as the trigger of a cancellation (`cancellation_details.reason`): the customer or
 * merchant asked for it, or it followed a failed or disputed payment (involuntary churn).
 */
export const CANCELLATION_TRIGGERS = [
  'cancellation_requested',
  'payment_failed',
  'payment_disputed',
] as const;
export const CLASSIFICATION_SOURCES = ['model', 'rule', 'manual'] as const;

export const channelSchema = z.enum(CHANNELS);
export const outcomeSchema = z.enum(OUTCOMES);
export const offerTypeSchema = z.enum(OFFER_TYPES);
export const surveySchema = z.enum(SURVEYS);
export const cancellationTriggerSchema = z.enum(CANCELLATION_TRIGGERS);

export type Channel = z.infer<typeof channelSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
export type OfferType = z.infer<typeof offerTypeSchema>;

const id = z.string().trim().min(1, 'is required');
const timestamp = z.coerce.date({ error: 'is not a valid date' });
const optionalTimestamp = timestamp.nullable();
/** ISO 3166-1 alpha-2, upper case. */
const country = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code');
/** ISO 4217, upper case; the list of known codes is checked by {@link isKnownCurrency}. */
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code');

export const customerSchema = z.object({
  id,
  signed_up_at: timestamp,
  plan: z.string().min(1).nullable(),
  country: country.nullable(),
  segment: z.string().nullable(),
});

export const cancellationSchema = z.object({
  id,
  customer_id: id,
  subscription_id: id,
  requested_at: timestamp,
  channel: channelSchema,
  agent_id: z.string().nullable(),
  handled_at: optionalTimestamp,
  plan: z.string().min(1, 'is required'),
  mrr: z.number().nonnegative('must not be negative'),
  currency,
  tenure_days: z.number().int().nonnegative('must not be negative'),
  reason_code: reasonCodeSchema.nullable(),
  reason_text: z.string().nullable(),
  outcome: outcomeSchema,
  effective_at: optionalTimestamp,
  reactivated_at: optionalTimestamp,
  // Only Stripe's exports say what triggered a cancellation; a cancel flow's have no such column.
  cancellation_trigger: cancellationTriggerSchema.nullish(),
});

export const offerSchema = z.object({
  id,
  cancellation_id: id,
  offer_type: offerTypeSchema,
  offer_detail: z.string().nullable(),
  presented_at: timestamp,
  accepted: z.boolean(),
  accepted_at: optionalTimestamp,
  churned_at: optionalTimestamp,
});

export const surveyResponseSchema = z.object({
  id,
  customer_id: id,
  cancellation_id: z.string().nullable(),
  survey: surveySchema,
  submitted_at: timestamp,
  question: z.string().min(1, 'is required'),
  choice: z.string().nullable(),
  score: z.number().int().min(0).max(10).nullable(),
  free_text: z.string().nullable(),
});

export type Customer = z.infer<typeof customerSchema>;
export type Cancellation = z.infer<typeof cancellationSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

/** The record kinds an ingest file can hold; `stripe` is mapped onto cancellations and customers. */
export const RECORD_KINDS = ['cancellations', 'offers', 'surveys', 'customers'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * Formats a zod error as one sentence per problem, each naming its field, e.g. "mrr: must not be negative",
 * so a user sees which field is wrong; `churnlens report` words its filter options' errors with it.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
}
