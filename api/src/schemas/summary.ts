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
    notCompared: z
      .string()
      .nullable()
      .describe(
        'Why the two periods are no fair comparison, else null: "the data begins on 2025-05-01" when the previous period starts before the oldest request (it counts none, or only its last days), "the data ends on 2026-10-12, 12 of the period’s 31 days" when the period runs past the newest (how much of it the figures cover). previous and delta are still given, but a change between them would read as a rise or fall that never happened',
      ),
  })
  .openapi('Summary');

export type Summary = z.infer<typeof summarySchema>;
