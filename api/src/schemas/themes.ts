import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';
import { numberParameter } from './number-parameter.ts';
import { periodSchema } from './outcome-metrics.ts';

export const themesQuerySchema = insightQuerySchema({
  limit: numberParameter(
    z.coerce
      .number({ error: 'must be a whole number from 1 to 50' })
      .int('must be a whole number from 1 to 50')
      .min(1, 'must be a whole number from 1 to 50')
      .max(50, 'must be a whole number from 1 to 50'),
  )
    .optional()
    .describe('Emerging phrases to return (default 10)'),
});

export const emergingThemeSchema = z
  .object({
    phrase: z.string().describe('1–3 normalized words, not starting or ending with a stopword'),
    current: z.number().int().describe('Verbatims of the period containing the phrase'),
    previous: z.number().int().describe('Verbatims of the previous period containing the phrase'),
    currentShare: z.number(),
    previousShare: z.number().nullable().describe('Null when the previous period has no verbatims'),
    growth: z
      .number()
      .nullable()
      .describe(
        'Relative change of the share; null when new this period (previous is 0) or when the periods are not compared (notCompared)',
      ),
    score: z
      .number()
      .nullable()
      .describe(
        'Share rise × (ln((1 + previous documents) / (1 + previous)) + 1); null when the periods are not compared',
      ),
    pValue: z
      .number()
      .nullable()
      .describe('Two-proportion z-test of the two shares; null when the periods are not compared'),
    qValue: z
      .number()
      .nullable()
      .describe(
        'pValue adjusted for the phrasesTested phrases tested (Benjamini–Hochberg false discovery rate): a rise is significant when qValue < 0.05, so that under 5% of the significant rises are expected to be noise. Null when the periods are not compared',
      ),
    weekly: z
      .array(
        z.object({
          week: z.string().describe('Monday of the week, YYYY-MM-DD'),
          documents: z.number().int().describe('Verbatims of the week containing the phrase'),
          share: z.number().nullable().describe("Share of the week's verbatims; null for a week without any"),
        }),
      )
      .describe(
        "Every calendar week from the previous period's first to the current period's last, except those before the first week with verbatims and after the last",
      ),
    examples: z.array(z.string()).describe('Up to 3 distinct verbatims of the period, newest first'),
    related: z
      .array(z.string())
      .describe(
        'Phrases of the same theme, listed under this one instead of on their own: at least half of their verbatims of the period contain this phrase. In rank order',
      ),
  })
  .openapi('EmergingTheme');
export type EmergingTheme = z.infer<typeof emergingThemeSchema>;

export const candidateReasonSchema = z
  .object({
    phrase: z.string().describe('Longest phrase shared by at least 70% of the cluster'),
    size: z.number().int().describe('Unexplained verbatims in the cluster'),
    examples: z.array(z.string()),
  })
  .openapi('CandidateReason');

export const themesSchema = z
  .object({
    period: periodSchema,
    previousPeriod: periodSchema,
    documents: z
      .object({ current: z.number().int(), previous: z.number().int() })
      .describe('Verbatims (reason texts and survey answers) in each period'),
    minDocuments: z
      .number()
      .int()
      .describe('Fewest verbatims of the period a phrase or a candidate reason is listed with'),
    notCompared: z
      .string()
      .nullable()
      .describe(
        'Why the phrases of the two periods are no fair comparison, else null: "the data begins on 2025-05-01" or "the data ends on …" as /api/summary says it, or "the previous period has no verbatims". emerging then lists the most frequent phrases of the period, none called new or rising: their growth, score, pValue and qValue are null',
      ),
    reasonSpecificOnly: z
      .boolean()
      .describe(
        'True when emerging lists only phrases specific to some reasons (docs/api.md, "Not compared"): when notCompared and the verbatims of the period have more than one reason',
      ),
    phrasesTested: z
      .number()
      .int()
      .nullable()
      .describe(
        'Phrases in minDocuments verbatims or more of the period, each tested for a change in share; qValue adjusts for them all. Null when notCompared',
      ),
    emerging: z
      .array(emergingThemeSchema)
      .describe(
        'The phrases whose share rose most, or when notCompared the phrases in the most verbatims of the period among those whose verbatims’ reasons are mixed unlike the period’s (docs/api.md, "Not compared")',
      ),
    candidateReasons: z
      .array(candidateReasonSchema)
      .describe("Clusters of the period's verbatims classified 'other' or flagged for review"),
  })
  .openapi('Themes');
export type Themes = z.infer<typeof themesSchema>;
