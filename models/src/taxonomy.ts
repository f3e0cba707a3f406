/**
 * The default reason taxonomy: Stripe's `cancellation_details.feedback` values, so reasons picked in a
 * Stripe-hosted cancel flow and reasons inferred from free text land in the same buckets.
 */
import { z } from 'zod';

export const REASON_CODES = [
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
] as const;

export const reasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

/**
 * What a request counts under when the customer gave no reason at all: none picked in the cancel flow and no
 * answer typed (Stripe's `feedback` and `comment` both empty). It is no reason of the taxonomy, which no
 * customer picks and the classifier never reads in a text; counted as `other` it hid how many requests a
 * cancel flow lets through without a reason, and made "Other" look like a leading reason.
 */
export const NO_REASON_GIVEN = 'no_reason_given';

/** The reasons a request can count under (docs/metrics.md, "Effective reason"): the taxonomy's and none. */
export const EFFECTIVE_REASONS = [...REASON_CODES, NO_REASON_GIVEN] as const;
export const effectiveReasonSchema = z.enum(EFFECTIVE_REASONS);
export type EffectiveReason = z.infer<typeof effectiveReasonSchema>;

export interface ReasonDefinition {
  code: ReasonCode;
  label: string;
  description: string;
}

export const DEFAULT_TAXONOMY: readonly ReasonDefinition[] = [
  {
    code: 'too_expensive',
    label: 'Too expensive',
    description: 'Price, cost, budget cuts or a price increase.',
  },
  {
    code: 'missing_features',
    label: 'Missing features',
    description: 'The product lacks a feature, integration or capability the customer needs.',
  },
  {
    code: 'switched_service',
    label: 'Switched service',
    description: 'Moved to a competitor, another provider or an in-house tool.',
  },
  {
    code: 'unused',
    label: 'Unused',
    description: 'Not using it enough: no time, need ended, seasonal use, forgot about it.',
  },
  {
    code: 'customer_service',
    label: 'Customer service',
    description:
      'Slow, unhelpful or unreachable support; poor handling of a problem, billing errors included (a double charge, a charge after cancelling).',
  },
  { code: 'too_complex', label: 'Too complex', description: 'Hard to set up, learn or use.' },
  {
    code: 'low_quality',
    label: 'Low quality',
    description: 'Bugs, outages, slowness or poor quality of content or goods.',
  },
  {
    code: 'other',
    label: 'Other',
    description:
      'Anything else: a business that closed, a death, a failed payment, a move; also empty or meaningless answers.',
  },
];

/** Takes any string because stored classifications may carry a custom reason this taxonomy lacks: it shows the code. */
export function reasonLabel(code: string): string {
  if (code === NO_REASON_GIVEN) return 'No reason given';
  return DEFAULT_TAXONOMY.find((reason) => reason.code === code)?.label ?? code;
}
