/**
 * Custom taxonomies: a JSON file that replaces the default reasons. Each reason has a code, label and
 * description, seed phrases (enough on their own: texts are then classified by similarity to them),
 * optionally seed names and labeled example texts (then a model is trained on examples and seeds).
 *
 * {
 *   "name": "saas-churn",
 *   "fallbackReason": "other",
 *   "reasons": [
 *     { "code": "pricing", "label": "Pricing", "description": "Cost and budget.",
 *       "seedPhrases": ["too expensive", "price increase"], "examples": ["we cut our tooling budget"] },
 *     { "code": "other", "label": "Other", "description": "Anything else." }
 *   ]
 * }
 */
import { z } from 'zod';
import { DEFAULT_TAXONOMY } from '../taxonomy.ts';
import { DEFAULT_SEED_NAMES, DEFAULT_SEED_PHRASES } from './default-seed-phrases.ts';
import { MAX_SEEDED_REASONS } from './features/seed-lexicon.ts';
import type { LabeledExample } from './training/dataset.ts';

export const taxonomyReasonSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'codes are lower_snake_case'),
  label: z.string().min(1),
  description: z.string().default(''),
  seedPhrases: z.array(z.string().min(1)).default([]),
  /**
   * Names that point to this reason wherever a text has them (places for a move, competitors for a switch).
   * They count as seed phrases do, but are no training example on their own: a bare name is no reason.
   */
  seedNames: z.array(z.string().min(1)).default([]),
  examples: z.array(z.string().min(1)).default([]),
});

export const taxonomyFileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'names are letters, digits, ".", "_" and "-"'),
    /** The catch-all reason for empty or unmatched text; must be one of the codes. */
    fallbackReason: z.string().default('other'),
    reasons: z.array(taxonomyReasonSchema).min(2).max(MAX_SEEDED_REASONS),
  })
  .superRefine((taxonomy, context) => {
    const codes = taxonomy.reasons.map((reason) => reason.code);
    codes.forEach((code, index) => {
      if (codes.indexOf(code) !== index) {
        context.addIssue({
          code: 'custom',
          path: ['reasons', index, 'code'],
          message: `duplicate code "${code}"`,
        });
      }
    });
    if (!codes.includes(taxonomy.fallbackReason)) {
      context.addIssue({
        code: 'custom',
        path: ['fallbackReason'],
        message: `"${taxonomy.fallbackReason}" is not one of the reason codes`,
      });
    }
    taxonomy.reasons.forEach((reason, index) => {
      if (
        reason.code !== taxonomy.fallbackReason &&
        reason.seedPhrases.length + reason.examples.length === 0
      ) {
        context.addIssue({
          code: 'custom',
          path: ['reasons', index, 'seedPhrases'],
          message: `reason "${reason.code}" needs at least one seed phrase or example`,
        });
      }
    });
  });

export type TaxonomyFile = z.infer<typeof taxonomyFileSchema>;

/** The built-in taxonomy in file form: its seed phrases; its examples are the corpus. */
export const DEFAULT_TAXONOMY_NAME = 'default';

export function defaultTaxonomy(): TaxonomyFile {
  return {
    name: DEFAULT_TAXONOMY_NAME,
    fallbackReason: 'other',
    reasons: DEFAULT_TAXONOMY.map((reason) => ({
      ...reason,
      seedPhrases: [...DEFAULT_SEED_PHRASES[reason.code]],
      seedNames: [...(DEFAULT_SEED_NAMES[reason.code] ?? [])],
      examples: [],
    })),
  };
}

/** Validates parsed JSON, naming the file and the offending field on error. */
export function parseTaxonomy(json: unknown, fileName: string): TaxonomyFile {
  const parsed = taxonomyFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${fileName}: invalid taxonomy at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
}

/** What fires a reason's seed feature (features/seed-lexicon.ts): its seed phrases and seed names. */
export function reasonSeeds(reason: TaxonomyFile['reasons'][number]): string[] {
  return [...reason.seedPhrases, ...reason.seedNames];
}

/** Seed phrases and examples as training examples (seed names are not: see the schema). */
export function taxonomyExamples(taxonomy: TaxonomyFile): LabeledExample[] {
  return taxonomy.reasons.flatMap((reason) => [
    ...reason.seedPhrases.map((text) => ({ text, label: reason.code, origin: 'seed' as const })),
    ...reason.examples.map((text) => ({ text, label: reason.code, origin: 'corpus' as const })),
  ]);
}
