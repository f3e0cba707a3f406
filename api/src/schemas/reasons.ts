import { EFFECTIVE_REASONS } from '@churnlens/models';
import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';

/** Dimensions a reason breakdown may use; the SQL for each lives in queries/reasons.ts. */
export const REASON_BREAKDOWNS = ['plan', 'country', 'channel', 'tenure', 'month', 'week'] as const;
export type ReasonBreakdown = (typeof REASON_BREAKDOWNS)[number];

export const reasonsQuerySchema = insightQuerySchema({
  by: z
    .enum(REASON_BREAKDOWNS, { error: `must be one of ${REASON_BREAKDOWNS.join(', ')}` })
    .optional()
    .describe(
      'Adds a breakdown of the reasons per value of this dimension (month: YYYY-MM, week: Monday YYYY-MM-DD)',
    ),
});

export const reasonStatsSchema = z
  .object({
    reason: z.enum(EFFECTIVE_REASONS),
    label: z.string(),
    count: z.number().int().describe('Cancellation requests with this effective reason'),
    share: z.number().describe('count / requests in the filter (or in the breakdown group)'),
    mrrLost: z.number().describe('Sum of mrr of the cancelled ones, reporting currency'),
    saveRate: z.number().nullable().describe('retained / count'),
    avgSentiment: z
      .number()
      .nullable()
      .describe('Mean sentiment of the classified verbatims, -1…1; null if none'),
    needsReview: z.number().int().describe('Requests whose effective classification is flagged for review'),
  })
  .openapi('ReasonStats');
export type ReasonStats = z.infer<typeof reasonStatsSchema>;

export const reasonsSchema = z
  .object({
    currency: z.string(),
    total: z.number().int().describe('Cancellation requests in the filter'),
    reasons: z.array(reasonStatsSchema).describe('Reasons with at least one request, most frequent first'),
    breakdown: z
      .object({
        by: z.enum(REASON_BREAKDOWNS),
        groups: z.array(
          z.object({ key: z.string(), total: z.number().int(), reasons: z.array(reasonStatsSchema) }),
        ),
      })
      .optional()
      .describe('Present when `by` is given; groups in ascending key order, missing values as "unknown"'),
  })
  .openapi('Reasons');
export type Reasons = z.infer<typeof reasonsSchema>;
