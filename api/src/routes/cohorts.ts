/** GET /api/cohorts */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryCohorts } from '../queries/cohorts.ts';
import { cohortsQuerySchema, cohortsSchema } from '../schemas/cohorts.ts';

const cohortsRoute = createRoute({
  method: 'get',
  path: '/cohorts',
  tags: ['insights'],
  summary: 'Reason mix by tenure bucket and by signup month',
  request: { query: cohortsQuerySchema },
  responses: {
    200: { description: 'Cohorts', content: { 'application/json': { schema: cohortsSchema } } },
    ...commonErrorResponses,
  },
});

export const cohortsRoutes = createRouter().openapi(cohortsRoute, async (c) => {
  return c.json(await queryCohorts(c.var.db, c.req.valid('query')), 200);
});
