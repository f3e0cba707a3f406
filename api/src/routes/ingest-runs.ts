/** GET /api/ingest/runs and GET /api/ingest/runs/:id/rejected */
import { createRoute } from '@hono/zod-openapi';
import { ApiError, commonErrorResponses, errorBodySchema } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryIngestRuns, queryRejectedRows } from '../queries/ingest-runs.ts';
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
  });
