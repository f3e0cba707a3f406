import { z } from '@hono/zod-openapi';

export const outcomeMetricsSchema = z
  .object({
    cancelRequests: z.number().int().describe('Cancellation requests in the filter'),
    cancelled: z.number().int().describe('Requests whose outcome is cancelled'),
    retained: z.number().int().describe('Requests saved, paused or downgraded'),
    saved: z.number().int(),
    paused: z.number().int(),
    downgraded: z.number().int(),
    abandoned: z.number().int().describe('Requests the customer abandoned (neither cancelled nor retained)'),
    saveRate: z.number().nullable().describe('retained / cancelRequests; null without requests'),
    mrrLost: z.number().describe('Sum of mrr of cancelled requests, in the reporting currency'),
    mrrRetained: z.number().describe('Sum of mrr of retained requests, in the reporting currency'),
  })
  .openapi('OutcomeMetrics');

export type OutcomeMetrics = z.infer<typeof outcomeMetricsSchema>;

export const periodSchema = z
  .object({
    from: z.string().describe('First day, inclusive'),
    to: z.string().describe('Last day, inclusive'),
  })
  .openapi('Period');
export type Period = z.infer<typeof periodSchema>;
