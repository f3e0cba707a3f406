/** GET /api/reasons */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryReasons } from '../queries/reasons.ts';
import { reasonsQuerySchema, reasonsSchema } from '../schemas/reasons.ts';

const reasonsRoute = createRoute({
  method: 'get',
  path: '/reasons',
  tags: ['insights'],
  summary: 'Cancellation reasons: count, share, MRR lost, save rate, sentiment, review backlog',
  request: { query: reasonsQuerySchema },
  responses: {
    200: { description: 'Reason mix', content: { 'application/json': { schema: reasonsSchema } } },
    ...commonErrorResponses,
  },
});

export const reasonsRoutes = createRouter().openapi(reasonsRoute, async (c) => {
  const { by, ...filters } = c.req.valid('query');
  return c.json(await queryReasons(c.var.db, filters, c.var.settings.reportingCurrency, by), 200);
});
