/** GET /api/summary */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { querySummary } from '../queries/summary.ts';
import { summaryQuerySchema, summarySchema } from '../schemas/summary.ts';

const summaryRoute = createRoute({
  method: 'get',
  path: '/summary',
  tags: ['insights'],
  summary: 'Outcome counts, save rate and MRR for a period, compared with the previous period',
  description:
    'Without from/to the period is the last 30 days up to the data end date (the newest requested_at). The previous period has the same length and ends the day before.',
  request: { query: summaryQuerySchema },
  responses: {
    200: { description: 'Summary', content: { 'application/json': { schema: summarySchema } } },
    ...commonErrorResponses,
  },
});

export const summaryRoutes = createRouter().openapi(summaryRoute, async (c) => {
  return c.json(await querySummary(c.var.db, c.req.valid('query'), c.var.settings.reportingCurrency), 200);
});
