import { z } from '@hono/zod-openapi';

const filterValueSchema = z
  .object({
    value: z.string().describe('The value as stored, to pass as the filter parameter'),
    requests: z.number().int().describe('Cancellation requests with this value, all dates'),
  })
  .openapi('FilterValue');

const valuesSchema = z.array(filterValueSchema).describe('Most requests first, then by value');

export const filterValuesSchema = z
  .object({
    plan: valuesSchema,
    country: valuesSchema,
    segment: valuesSchema.describe(
      'Most requests first, then by value; requests without a segment are left out',
    ),
  })
  .openapi('FilterValues');
export type FilterValues = z.infer<typeof filterValuesSchema>;
