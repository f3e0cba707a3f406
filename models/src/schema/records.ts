/**
 * The record shapes churnlens stores, as zod schemas. Ingest validates incoming rows against the same
 * enums, the API parses query results with them, and the TypeScript types are inferred from here only.
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
export const CLASSIFICATION_SOURCES = ['model', 'rule', 'manual'] as const;

export const channelSchema = z.enum(CHANNELS);
export const outcomeSchema = z.enum(OUTCOMES);
export const offerTypeSchema = z.enum(OFFER_TYPES);
export const surveySchema = z.enum(SURVEYS);
export const classificationSourceSchema = z.enum(CLASSIFICATION_SOURCES);

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
  plan: z.string().min(1, 'is required'),
  country,
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

export const reasonClassificationSchema = z.object({
  text_hash: z.string(),
  model_version: z.string(),
  reason: reasonCodeSchema,
  confidence: z.number().min(0).max(1),
  sentiment: z.number().min(-1).max(1),
  evidence: z.array(z.string()),
  secondary_reason: reasonCodeSchema.nullable(),
  language: z.string(),
  needs_review: z.boolean(),
  source: classificationSourceSchema,
});

export type Customer = z.infer<typeof customerSchema>;
export type Cancellation = z.infer<typeof cancellationSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;
export type ReasonClassification = z.infer<typeof reasonClassificationSchema>;

/** The record kinds an ingest file can hold; `stripe` is mapped onto cancellations and customers. */
export const RECORD_KINDS = ['cancellations', 'offers', 'surveys', 'customers'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordSchemas = {
  customers: customerSchema,
  cancellations: cancellationSchema,
  offers: offerSchema,
  surveys: surveyResponseSchema,
} as const satisfies Record<RecordKind, z.ZodObject>;

/**
 * Formats a zod error as one sentence per problem, each naming its field, e.g. "mrr: must not be negative".
 * Ingest quarantine messages and API 400s use this so users always see which field is wrong.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
}
