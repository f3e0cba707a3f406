/**
 * The filters every insight endpoint accepts, as one zod schema shared by the API (query validation and
 * OpenAPI) and the dashboard (building query strings). Values arrive as query-string text; a value outside
 * an enum is rejected with a message that names the parameter.
 */
import { z } from 'zod';
import { DATE_RANGE } from './schema/date-range.ts';
import { channelSchema } from './schema/records.ts';
import { EFFECTIVE_REASONS } from './taxonomy.ts';
import { TENURE_BUCKET_KEYS } from './tenure.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be an ISO date (YYYY-MM-DD)', abort: true })
  .refine((value) => isCalendarDate(value), { error: 'is not a calendar date', abort: true })
  .refine(
    (value) => value >= DATE_RANGE.earliest && value <= DATE_RANGE.latest,
    `must be between ${DATE_RANGE.earliest} and ${DATE_RANGE.latest}`,
  );

const label = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** A query parameter that may be given once (`?reason=a`) or repeated (`?reason=a&reason=b`). */
function oneOrMany<T extends z.ZodType>(schema: T, error: string) {
  return z
    .union([schema, z.array(schema)], { error })
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
}

export const insightFilterShape = {
  from: isoDate.optional().describe('First day (inclusive) of requested_at, YYYY-MM-DD'),
  to: isoDate.optional().describe('Last day (inclusive) of requested_at, YYYY-MM-DD'),
  plan: label.optional().describe("Plan at cancellation time (cancellations.plan), e.g. 'pro'"),
  country: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code'))
    .optional()
    .describe("Customer's ISO 3166-1 alpha-2 country"),
  channel: z
    .enum(channelSchema.options, { error: `must be one of ${channelSchema.options.join(', ')}` })
    .optional()
    .describe('Cancellation channel'),
  segment: label.optional().describe('Customer segment (customers.segment)'),
  tenure: z
    .enum(TENURE_BUCKET_KEYS, {
      // A "+" left unencoded in a query string arrives as a space: "2y+" reads as "2y ".
      error: (issue) =>
        `must be one of ${TENURE_BUCKET_KEYS.join(', ')}${String(issue.input).endsWith(' ') ? ' (in a URL, write + as %2B: tenure=2y%2B)' : ''}`,
    })
    .optional()
    .describe('Tenure bucket at cancellation'),
  reason: oneOrMany(z.enum(EFFECTIVE_REASONS), `must be one of ${EFFECTIVE_REASONS.join(', ')}`)
    .optional()
    .describe('Effective reason; repeat the parameter to select several'),
};

/**
 * The filter schema extended with an endpoint's own parameters. Unknown parameters are rejected (a typo such
 * as `?chanel=` must not silently widen the result), and `from` may not come after `to`.
 */
export function insightQuerySchema<S extends z.ZodRawShape>(extra: S) {
  return z.strictObject({ ...insightFilterShape, ...extra }).superRefine((query, context) => {
    const { from, to } = query as { from?: string; to?: string };
    if (from !== undefined && to !== undefined && from > to) {
      context.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${to})` });
    }
  });
}

export const insightFiltersSchema = insightQuerySchema({});
export type InsightFilters = z.output<typeof insightFiltersSchema>;
/** What a client sends: every value as text, `reason` once or repeated. */
export type InsightFiltersQuery = z.input<typeof insightFiltersSchema>;

/** The filter keys, for code that copies filters between URLs and requests. */
export const INSIGHT_FILTER_KEYS = Object.keys(insightFilterShape) as (keyof typeof insightFilterShape)[];

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
