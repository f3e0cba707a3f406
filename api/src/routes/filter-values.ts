/** GET /api/filter-values */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter, noQueryParameters } from '../http/router.ts';
import { queryFilterValues } from '../queries/filter-values.ts';
import { filterValuesSchema } from '../schemas/filter-values.ts';

const filterValuesRoute = createRoute({
  method: 'get',
  path: '/filter-values',
  tags: ['insights'],
  summary: 'The plans, countries and segments in the data, with their request counts, for filter forms',
  // No parameters: the values of all the data, whatever a form has chosen (a filter here would be ignored).
  request: { query: noQueryParameters },
  responses: {
    200: {
      description: 'Filter values',
      content: { 'application/json': { schema: filterValuesSchema } },
    },
    ...commonErrorResponses,
  },
});

export const filterValuesRoutes = createRouter().openapi(filterValuesRoute, async (c) => {
  return c.json(await queryFilterValues(c.var.db), 200);
});
