/** GET /api/offers */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryOffers } from '../queries/offer-effectiveness.ts';
import { offersQuerySchema, offersResponseSchema } from '../schemas/offers.ts';

const offersRoute = createRoute({
  method: 'get',
  path: '/offers',
  tags: ['insights'],
  summary: 'Retention offers: acceptance and saved-at-30/60/90-day rates with 95% Wilson intervals',
  description:
    'Counts offers presented on the filtered cancellation requests. With by=reason, adds the offer × effective reason matrix and, per reason, the best offer by rankBy with a two-proportion z-test against the runner-up. Cells with fewer than 30 trials are flagged smallSample and never picked as best.',
  request: { query: offersQuerySchema },
  responses: {
    200: {
      description: 'Offer effectiveness',
      content: { 'application/json': { schema: offersResponseSchema } },
    },
    ...commonErrorResponses,
  },
});

export const offersRoutes = createRouter().openapi(offersRoute, async (c) => {
  const { by, rankBy, ...filters } = c.req.valid('query');
  const result = await queryOffers(c.var.db, filters, {
    byReason: by === 'reason',
    rankBy: rankBy ?? 'acceptance',
    currency: c.var.settings.reportingCurrency,
  });
  return c.json(result, 200);
});
