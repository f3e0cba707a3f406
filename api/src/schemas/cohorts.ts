import { EFFECTIVE_REASONS } from '@churnlens/models';
import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';

export const cohortsQuerySchema = insightQuerySchema({});

const reasonShareSchema = z
  .object({
    reason: z.enum(EFFECTIVE_REASONS),
    count: z.number().int(),
    share: z.number().describe('count / cohort total'),
  })
  .openapi('ReasonShare');

const cohortSchema = z
  .object({
    key: z.string(),
    total: z.number().int(),
    reasons: z.array(reasonShareSchema).describe('Most frequent first'),
  })
  .openapi('Cohort');
export type Cohort = z.infer<typeof cohortSchema>;

export const cohortsSchema = z
  .object({
    byTenure: z
      .array(cohortSchema)
      .describe('Every tenure bucket, shortest first (empty buckets have total 0)'),
    bySignupMonth: z
      .array(cohortSchema)
      .describe(
        'Signup months (YYYY-MM) with requests, oldest first; requests without a known customer are left out',
      ),
  })
  .openapi('Cohorts');
export type Cohorts = z.infer<typeof cohortsSchema>;
