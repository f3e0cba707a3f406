import {
  CHANNELS,
  CLASSIFICATION_SOURCES,
  EFFECTIVE_REASONS,
  OUTCOMES,
  REASON_CODES,
} from '@churnlens/models';
import { insightQuerySchema } from '@churnlens/models/insight-filters';
import type { SentimentBounds } from '@churnlens/models/sentiment-bounds';
import { asThemePhrase, searchWords } from '@churnlens/models/verbatim-terms';
import { z } from '@hono/zod-openapi';
import { numberParameter } from './number-parameter.ts';

export const DEFAULT_VERBATIM_PAGE_SIZE = 50;
export const MAX_VERBATIM_PAGE_SIZE = 200;
/** Words a search may have: each is a LIKE over every stored text's index. */
export const MAX_SEARCH_WORDS = 10;

const sentimentBound = numberParameter(
  z.coerce
    .number({ error: 'must be a number between -1 and 1' })
    .min(-1, 'must be at least -1')
    .max(1, 'must be at most 1'),
);

export const verbatimsQuerySchema = insightQuerySchema({
  q: z
    .string()
    .max(500, 'must be at most 500 characters')
    .refine(
      (q) => new Set(searchWords(q)).size <= MAX_SEARCH_WORDS,
      `must have at most ${MAX_SEARCH_WORDS} different words`,
    )
    .optional()
    .describe(
      'Words (at most 10 different ones) that must all start a word of the text (case and accents ignored); a query without a letter or digit, such as an emoji, is looked for as written',
    ),
  phrase: z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform(asThemePhrase)
    .optional()
    .describe(
      'A phrase as /api/themes gives it ("ai assistant"): only verbatims whose text has it as /api/themes counts it, its words as whole words in that order (case ignored)',
    ),
  minSentiment: sentimentBound
    .optional()
    .describe('Lowest sentiment, -1…1 (unclassified verbatims are then excluded)'),
  maxSentiment: sentimentBound.optional().describe('Highest sentiment, -1…1'),
  sentimentAbove: sentimentBound
    .optional()
    .describe('Sentiment strictly above this, -1…1 (unclassified verbatims are then excluded)'),
  sentimentBelow: sentimentBound.optional().describe('Sentiment strictly below this, -1…1'),
  needsReview: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('Only verbatims whose effective classification is (true) or is not (false) flagged for review'),
  unexplained: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe(
      'Only verbatims no reason explains (true): effective reason other or flagged for review, the verbatims /api/themes gathers into candidate reasons; or only the others (false)',
    ),
  limit: numberParameter(
    z.coerce
      .number({ error: 'must be an integer' })
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(MAX_VERBATIM_PAGE_SIZE, `must be at most ${MAX_VERBATIM_PAGE_SIZE}`),
  )
    .optional()
    .describe(`Page size (default ${DEFAULT_VERBATIM_PAGE_SIZE})`),
  cursor: z
    .string()
    .max(200, 'is not a cursor from this API')
    .optional()
    .describe('nextCursor of the previous page'),
}).superRefine((query, context) => {
  const emptyRange = emptySentimentRange(query);
  if (emptyRange) context.addIssue({ code: 'custom', ...emptyRange });
});
export type VerbatimsQuery = z.output<typeof verbatimsQuerySchema>;

/** A lower bound at or past an upper one is a mistake (swapped values), not a wish for an empty page. */
function emptySentimentRange(bounds: SentimentBounds): { path: string[]; message: string } | undefined {
  for (const lower of ['minSentiment', 'sentimentAbove'] as const) {
    for (const upper of ['maxSentiment', 'sentimentBelow'] as const) {
      const low = bounds[lower];
      const high = bounds[upper];
      if (low === undefined || high === undefined) continue;
      const bothInclusive = lower === 'minSentiment' && upper === 'maxSentiment';
      if (low > high || (low === high && !bothInclusive)) {
        const relation = bothInclusive ? 'must not be above' : 'must be below';
        return { path: [lower], message: `${relation} ${upper} (${high})` };
      }
    }
  }
  return undefined;
}

export const verbatimSchema = z
  .object({
    id: z.string().describe('Verbatim id (text hash); use it to relabel'),
    text: z.string(),
    reason: z.enum(EFFECTIVE_REASONS).describe('Effective reason of the cancellation'),
    reasonOrigin: z.enum(['classification', 'reason_code', 'default']),
    classificationSource: z.enum(CLASSIFICATION_SOURCES).nullable(),
    modelVersion: z.string().nullable(),
    confidence: z.number().nullable(),
    sentiment: z.number().nullable(),
    evidence: z.array(z.string()),
    needsReview: z.boolean(),
    cancellation: z.object({
      id: z.string(),
      customerId: z.string(),
      requestedAt: z.string().describe('ISO timestamp (UTC, as stored)'),
      channel: z.enum(CHANNELS),
      agentId: z.string().nullable(),
      plan: z.string(),
      country: z.string().nullable(),
      segment: z.string().nullable(),
      tenureDays: z.number().int(),
      tenureBucket: z.string(),
      outcome: z.enum(OUTCOMES),
      mrr: z.number(),
      currency: z.string(),
      reasonCode: z.enum(REASON_CODES).nullable().describe('Reason picked in the cancel flow, if any'),
    }),
  })
  .openapi('Verbatim');
export type Verbatim = z.infer<typeof verbatimSchema>;

export const verbatimPageSchema = z
  .object({
    total: z.number().int().describe('Verbatims matching the filters, over all pages'),
    items: z.array(verbatimSchema).describe('Newest request first'),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  })
  .openapi('VerbatimPage');
export type VerbatimPage = z.infer<typeof verbatimPageSchema>;

export const relabelParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a verbatim id (16 hex digits)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c0d1e4b5a6f' }),
});

/** The message for a relabel without a reason: most often a body sent without Content-Type: application/json. */
const MISSING_REASON =
  'is required: send {"reason": "…"} as the body, with the header Content-Type: application/json';

export const relabelBodySchema = z
  .strictObject(
    {
      reason: z.enum(REASON_CODES, {
        error: (issue) =>
          issue.input === undefined ? MISSING_REASON : `must be one of ${REASON_CODES.join(', ')}`,
      }),
    },
    { error: 'must be a JSON object such as {"reason": "unused"}' },
  )
  .openapi('RelabelRequest');

export const relabelResultSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    reason: z.enum(REASON_CODES),
    previousReason: z.enum(REASON_CODES).nullable().describe('Effective classification before the relabel'),
    source: z.literal('manual'),
    cancellations: z
      .number()
      .int()
      .describe('Cancellations carrying this verbatim, whose reason changed with it'),
  })
  .openapi('RelabelResult');
export type RelabelResult = z.infer<typeof relabelResultSchema>;
