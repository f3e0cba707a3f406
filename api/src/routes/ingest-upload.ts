/** POST /api/ingest (admin): upload files and ingest them in the server's own process. */
import {
  type ColumnMapping,
  type FileReport,
  ingestFiles,
  MappingFileError,
  parseMapping,
} from '@churnlens/ingest';
import { temporaryFolder } from '@churnlens/models/temporary-folder';
import { createRoute } from '@hono/zod-openapi';
import { ApiError, adminErrorResponses, errorBodySchema } from '../http/api-error.ts';
import { requireAdmin } from '../http/auth.ts';
import { createRouter, describeZodError, noQueryParameters } from '../http/router.ts';
import {
  type IngestUploadResult,
  ingestUploadResultSchema,
  uploadBodyOpenApiSchema,
  uploadFieldsSchema,
} from '../schemas/ingest-upload.ts';
import { receiveMultipartUpload } from '../upload/receive-multipart-upload.ts';
import { EXPANSION_FACTOR, expansionLimitReason } from '../upload/upload-limit.ts';
import { uploadStorageError } from '../upload/upload-storage-error.ts';

const ingestRoute = createRoute({
  method: 'post',
  path: '/ingest',
  tags: ['ingest'],
  summary:
    'Upload files (multipart field "file"; optional "kind", "mapping", "dateOrder") and ingest them (admin)',
  description: `The upload is streamed to a temporary directory and ingested there. It may hold at most the server's upload limit (GET /api/health gives it; \`churnlens serve --max-upload-size\` sets it, 512 MiB by default), and a gzip-compressed file, a ZIP archive's entries, an Excel sheet or a Parquet file's columns in it may expand to at most ${EXPANSION_FACTOR} times that; the response has what \`churnlens ingest\` reports of each file: its counts, ignored columns, warnings and first ten rejected rows. A file that cannot be read is reported with status failed; rows that fail validation are counted as rejected and all listed by GET /api/ingest/runs/{id}/rejected.`,
  middleware: [requireAdmin] as const,
  request: {
    query: noQueryParameters,
    body: { required: true, content: { 'multipart/form-data': { schema: uploadBodyOpenApiSchema } } },
  },
  responses: {
    200: {
      description: 'Per-file ingest report',
      content: { 'application/json': { schema: ingestUploadResultSchema } },
    },
    413: {
      description: 'A file or the body is over the upload limit; nothing was ingested',
      content: { 'application/json': { schema: errorBodySchema } },
    },
    507: {
      description: "The server's temporary directory is full or not writable; nothing was ingested",
      content: { 'application/json': { schema: errorBodySchema } },
    },
    ...adminErrorResponses,
  },
});

/** The upload's mapping field, read as `--mapping` reads a file; a bad one is the client's error. */
function uploadedMapping(text: string | undefined): ColumnMapping | undefined {
  if (text === undefined) return undefined;
  try {
    return parseMapping(text, 'mapping');
  } catch (error) {
    if (error instanceof MappingFileError) throw new ApiError(400, 'bad_request', error.message);
    throw error;
  }
}

function toFileReport(report: FileReport, name: string): IngestUploadResult['files'][number] {
  return {
    name,
    kind: report.kind,
    status: report.status,
    runId: report.runId ?? null,
    read: report.read,
    loaded: report.loaded,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected,
    error: report.error ?? null,
    ignoredColumns: report.ignoredColumns,
    nestedColumns: report.nestedColumns,
    warnings: report.warnings,
    // The record itself (raw) is left to GET /api/ingest/runs/{id}/rejected, which pages through them all.
    rejections: report.rejections.map(({ line, field, message }) => ({ line, field, message })),
    newVerbatims: report.newVerbatims,
    classified: report.classified,
  };
}

export const ingestUploadRoutes = createRouter().openapi(ingestRoute, async (c) => {
  const { maxUploadBytes } = c.var.settings;
  const folder = await temporaryFolder('upload').catch((error: unknown) => {
    throw uploadStorageError(error) ?? error;
  });
  const { directory } = folder;
  try {
    const upload = await receiveMultipartUpload(c.req.raw, { directory, maxFileBytes: maxUploadBytes });
    if (upload.files.length === 0)
      throw new ApiError(400, 'bad_request', 'file: is required (a multipart part named "file")');
    const fields = uploadFieldsSchema.safeParse(upload.fields);
    if (!fields.success)
      throw new ApiError(400, 'bad_request', describeZodError(fields.error, new Map(), 'body'));
    const { kind, dateOrder } = fields.data;
    const mapping = uploadedMapping(fields.data.mapping);
    const inputs = upload.files.map((file) => ({ path: file.path, name: file.name }));
    const db = c.var.db;
    // Through the write queue, so an upload never interleaves with the API's other writes (relabels).
    const report = await db.write(() =>
      ingestFiles({ instance: db.instance }, inputs, {
        kind: kind ?? 'auto',
        ...(mapping ? { mapping } : {}),
        ...(dateOrder ? { dateOrder } : {}),
        expansionLimit: {
          bytes: EXPANSION_FACTOR * maxUploadBytes,
          reason: expansionLimitReason(maxUploadBytes),
        },
      }),
    );
    // A report's path is the name its input was given: the client's file name (or <archive>/<entry>).
    return c.json(
      { files: report.files.map((file) => toFileReport(file, file.path)), totals: report.totals },
      200,
    );
  } finally {
    await folder.remove();
  }
});
