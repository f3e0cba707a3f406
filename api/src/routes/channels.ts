/** GET /api/channels */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryChannels } from '../queries/channels.ts';
import { channelsQuerySchema, channelsSchema } from '../schemas/channels.ts';

const channelsRoute = createRoute({
  method: 'get',
  path: '/channels',
  tags: ['insights'],
  summary: 'Requests, save rate, wait times and follow-up survey response per channel and per agent',
  request: { query: channelsQuerySchema },
  responses: {
    200: {
      description: 'Channel and agent statistics',
      content: { 'application/json': { schema: channelsSchema } },
    },
    ...commonErrorResponses,
  },
});

export const channelsRoutes = createRouter().openapi(channelsRoute, async (c) => {
  return c.json(await queryChannels(c.var.db, c.req.valid('query')), 200);
});
