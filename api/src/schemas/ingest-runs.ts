import { z } from '@hono/zod-openapi';
import { numberParameter } from './number-parameter.ts';

const PAGE_ERROR = 'must be a whole number';
/** The most rows one page gives; `churnlens runs --limit` takes the same range as `limit` here. */
export const MAX_PAGE_SIZE = 1000;

function pageNumber(max: number, description: string) {
  return numberParameter(
    // One message per value: 1e300 is too large, not "not whole" as well (the int check wants a safe integer).
    z.coerce
      .number({ error: PAGE_ERROR })
      .max(max, { error: `must be at most ${max}`, abort: true })
      .int(PAGE_ERROR)
      .min(0, 'must not be negative'),
  )
    .optional()
    .describe(description);
}

export const pageQuerySchema = z.strictObject({
  limit: pageNumber(
    MAX_PAGE_SIZE,
    `Rows per page (default 100, at most ${MAX_PAGE_SIZE}; 0 gives only the total)`,
  ),
  offset: pageNumber(Number.MAX_SAFE_INTEGER, 'Rows to skip (default 0)'),
});

export const runIdParamsSchema = z.object({
  id: z.coerce
    .number({ error: 'must be a run id (a positive whole number)' })
    .int('must be a run id (a positive whole number)')
    .positive('must be a run id (a positive whole number)')
    .max(2_147_483_647, 'must be a run id (a positive whole number)')
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const ingestRunSchema = z
  .object({
    id: z.number().int(),
    file: z.string().describe('File name as given to ingest (never a server path for uploads)'),
    kind: z.string().describe('cancellations, offers, surveys, customers or stripe'),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsUpdated: z.number().int(),
    rowsUnchanged: z.number().int(),
    rowsRejected: z.number().int(),
    message: z.string().nullable(),
  })
  .openapi('IngestRun');
export type IngestRun = z.infer<typeof ingestRunSchema>;

export const ingestRunsSchema = z
  .object({
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    runs: z.array(ingestRunSchema),
  })
  .openapi('IngestRuns');
export type IngestRuns = z.infer<typeof ingestRunsSchema>;

export const rejectedRowSchema = z
  .object({
    file: z.string(),
    line: z.number().int().nullable().describe('Line (CSV/NDJSON) or row number of the record in its file'),
    field: z.string().nullable(),
    message: z.string(),
    raw: z
      .string()
      .nullable()
      .describe(
        'The record as read, for fixing and re-ingesting (each value cut to its first 10,000 characters): ids and other fields as written, free text and columns no field reads PII-redacted (unless ingested with --no-redact)',
      ),
  })
  .openapi('RejectedRow');
export type RejectedRow = z.infer<typeof rejectedRowSchema>;

export const rejectedRowsSchema = z
  .object({
    runId: z.number().int(),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    rows: z.array(rejectedRowSchema),
  })
  .openapi('RejectedRows');
export type RejectedRows = z.infer<typeof rejectedRowsSchema>;
