import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';
import { outcomeMetricsSchema, periodSchema } from './outcome-metrics.ts';

export const summaryQuerySchema = insightQuerySchema({});

const deltaSchema = z
  .object({
    cancelRequests: z.number().int(),
    cancelled: z.number().int(),
    retained: z.number().int(),
    saved: z.number().int(),
    paused: z.number().int(),
    downgraded: z.number().int(),
    abandoned: z.number().int(),
    saveRate: z.number().nullable().describe('Difference of the two rates; null when either is null'),
    mrrLost: z.number(),
    mrrRetained: z.number(),
  })
  .describe('Current minus previous, field by field')
  .openapi('SummaryDelta');

export const summarySchema = outcomeMetricsSchema
  .extend({
    currency: z.string().describe('Reporting currency of the money fields'),
    period: periodSchema,
    previous: outcomeMetricsSchema.extend({ period: periodSchema }),
    delta: deltaSchema,
  })
  .openapi('Summary');

export type Summary = z.infer<typeof summarySchema>;
