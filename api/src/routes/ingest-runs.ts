/** GET /api/ingest/runs, GET /api/ingest/runs/:id/rejected and its CSV download, /rejected.csv */
import { createRoute } from '@hono/zod-openapi';
import { ApiError, commonErrorResponses, errorBodySchema } from '../http/api-error.ts';
import { createRouter, noQueryParameters } from '../http/router.ts';
import { temporaryFileResponse } from '../http/temporary-file-response.ts';
import { queryIngestRuns, queryRejectedRows, writeRejectedRowsCsv } from '../queries/ingest-runs.ts';
import { exportFileSchema } from '../schemas/export.ts';
import {
  ingestRunsSchema,
  pageQuerySchema,
  rejectedRowsSchema,
  runIdParamsSchema,
} from '../schemas/ingest-runs.ts';

const DEFAULT_PAGE_SIZE = 100;

const ingestRunsRoute = createRoute({
  method: 'get',
  path: '/ingest/runs',
  tags: ['ingest'],
  summary: 'Ingest runs, newest first, with row counts',
  request: { query: pageQuerySchema },
  responses: {
    200: { description: 'Runs', content: { 'application/json': { schema: ingestRunsSchema } } },
    ...commonErrorResponses,
  },
});

const rejectedRowsRoute = createRoute({
  method: 'get',
  path: '/ingest/runs/{id}/rejected',
  tags: ['ingest'],
  summary: "A run's quarantined rows with the field and reason each was rejected for",
  request: { params: runIdParamsSchema, query: pageQuerySchema },
  responses: {
    200: { description: 'Rejected rows', content: { 'application/json': { schema: rejectedRowsSchema } } },
    404: { description: 'No run with this id', content: { 'application/json': { schema: errorBodySchema } } },
    ...commonErrorResponses,
  },
});

const rejectedRowsCsvRoute = createRoute({
  method: 'get',
  path: '/ingest/runs/{id}/rejected.csv',
  tags: ['ingest'],
  summary:
    'Every rejected row of a run as one CSV file (file, line, field, message, raw), to fix and ingest again',
  description:
    'Streamed, not paged: it takes no limit or offset (a 400 names them), since a file to fix and ingest again that silently missed rows would mislead; GET /api/ingest/runs/{id}/rejected pages. Text that starts with =, +, -, @, tab or carriage return gets a leading apostrophe so spreadsheets do not run it as a formula. The X-Row-Count header gives the number of rows.',
  request: { params: runIdParamsSchema, query: noQueryParameters },
  responses: {
    200: { description: 'The rows, as an attachment', content: { 'text/csv': { schema: exportFileSchema } } },
    404: { description: 'No run with this id', content: { 'application/json': { schema: errorBodySchema } } },
    ...commonErrorResponses,
  },
});

export const ingestRunsRoutes = createRouter()
  .openapi(ingestRunsRoute, async (c) => {
    const { limit = DEFAULT_PAGE_SIZE, offset = 0 } = c.req.valid('query');
    return c.json(await queryIngestRuns(c.var.db, { limit, offset }), 200);
  })
  .openapi(rejectedRowsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { limit = DEFAULT_PAGE_SIZE, offset = 0 } = c.req.valid('query');
    const rejected = await queryRejectedRows(c.var.db, id, { limit, offset });
    if (!rejected) throw new ApiError(404, 'not_found', `id: there is no ingest run ${id}`);
    return c.json(rejected, 200);
  })
  .openapi(rejectedRowsCsvRoute, async (c) => {
    const { id } = c.req.valid('param');
    return temporaryFileResponse(c, 'csv', async (path) => {
      const written = await writeRejectedRowsCsv(c.var.db, id, path);
      if (!written) throw new ApiError(404, 'not_found', `id: there is no ingest run ${id}`);
      return {
        contentType: 'text/csv',
        filename: `churnlens-run-${id}-rejected.csv`,
        headers: { 'X-Row-Count': String(written.rows) },
      };
    });
  });
