import { DATE_ORDERS, INGEST_KINDS } from '@churnlens/ingest';
import { z } from '@hono/zod-openapi';

export const UPLOAD_KINDS = ['auto', ...INGEST_KINDS] as const;

export const uploadFieldsSchema = z.strictObject({
  kind: z
    .enum(UPLOAD_KINDS, { error: `must be one of ${UPLOAD_KINDS.join(', ')}` })
    .optional()
    .describe('What the files hold; auto (default) decides per file from its columns'),
  mapping: z
    .string()
    .optional()
    .describe(
      "A mapping as `churnlens ingest --mapping` reads it, as JSON text: other headers, defaults, the files' own value spellings",
    ),
  dateOrder: z
    .enum(DATE_ORDERS, { error: `must be one of ${DATE_ORDERS.join(', ')}` })
    .optional()
    .describe("How numeric dates read, day or month first; by default each file's dates decide"),
});

/**
 * Documented as an OpenAPI schema object rather than zod on purpose: a zod body schema would make the router
 * parse the whole multipart body in memory before the handler streams it to disk.
 */
export const uploadBodyOpenApiSchema = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: {
      type: 'string' as const,
      format: 'binary',
      description:
        'CSV, TSV, JSON, NDJSON, Parquet or an Excel workbook (.xlsx, its first sheet with a table); repeat for several',
    },
    kind: { type: 'string' as const, enum: [...UPLOAD_KINDS] },
    mapping: {
      type: 'string' as const,
      description:
        'JSON text of a mapping file (docs/ingest.md "Mapping file"): {"columns": {…}, "defaults": {…}, "values": {…}, "dateOrder": "dmy"}; `columns` maps a header to a field, or to a list of fields its one column feeds ({"customer_id": ["customer_id", "id"]}). A target no kind has is 400',
    },
    dateOrder: { type: 'string' as const, enum: [...DATE_ORDERS] },
  },
};

const uploadedRejectionSchema = z.object({
  line: z.number().int().nullable().describe('Line (CSV/NDJSON) or row number of the record in its file'),
  field: z.string().nullable(),
  message: z.string(),
});

export const uploadedFileReportSchema = z
  .object({
    name: z.string().describe("The client's file name (base name only)"),
    kind: z.string(),
    status: z.enum(['ok', 'failed']),
    runId: z.number().int().nullable(),
    read: z.number().int(),
    loaded: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    error: z.string().nullable().describe('Why the file could not be processed, when status is failed'),
    ignoredColumns: z
      .array(z.string())
      .describe(
        'Headers that feed no field; a repeated header name as the reader renamed it, followed by the file\'s own: comment_1 (the second "comment"); a header naming a field another column feeds, followed by both: cancelled_at (also names requested_at, read from "requested_at")',
      ),
    nestedColumns: z
      .array(z.string())
      .describe(
        'Those of ignoredColumns that hold lists or objects: no field reads them, whatever the mapping says',
      ),
    warnings: z
      .array(z.string())
      .describe(
        "What to check of how the file was read, one sentence each: a column whose name says cents mapped to plain mrr (4900 stored as 4900.00), stored verbatims the current reason model reads differently from the older one that classified them (churnlens reclassify re-reads them all). Also in the run's message",
      ),
    rejections: z
      .array(uploadedRejectionSchema)
      .describe(
        'The first 10 rejected rows, as the CLI prints them; all of them, with the record, are at GET /api/ingest/runs/{id}/rejected',
      ),
    newVerbatims: z.number().int(),
    classified: z.number().int(),
  })
  .openapi('UploadedFileReport');

export const ingestUploadResultSchema = z
  .object({
    files: z.array(uploadedFileReportSchema),
    totals: z.object({
      read: z.number().int(),
      loaded: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
    }),
  })
  .openapi('IngestUploadResult');
export type IngestUploadResult = z.infer<typeof ingestUploadResultSchema>;
