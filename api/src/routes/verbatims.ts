/** GET /api/verbatims and PATCH /api/verbatims/:id/reason (admin). */
import { createRoute } from '@hono/zod-openapi';
import { adminErrorResponses, commonErrorResponses, errorBodySchema } from '../http/api-error.ts';
import { requireAdmin } from '../http/auth.ts';
import { createRouter, noQueryParameters } from '../http/router.ts';
import { queryVerbatims, relabelVerbatim } from '../queries/verbatims.ts';
import {
  relabelBodySchema,
  relabelParamsSchema,
  relabelResultSchema,
  verbatimPageSchema,
  verbatimsQuerySchema,
} from '../schemas/verbatims.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/verbatims',
  tags: ['verbatims'],
  summary: 'Free-text cancellation answers with their classification and cancellation context',
  description:
    'One item per cancellation that has a verbatim, newest first, paginated with an opaque cursor.',
  request: { query: verbatimsQuerySchema },
  responses: {
    200: {
      description: 'A page of verbatims',
      content: { 'application/json': { schema: verbatimPageSchema } },
    },
    ...commonErrorResponses,
  },
});

const relabelRoute = createRoute({
  method: 'patch',
  path: '/verbatims/{id}/reason',
  tags: ['verbatims'],
  summary: 'Relabel a verbatim by hand (admin)',
  description:
    "Stores the reason as a 'manual' classification; the effective reason of every cancellation with this verbatim changes immediately.",
  middleware: [requireAdmin] as const,
  request: {
    query: noQueryParameters,
    params: relabelParamsSchema,
    body: { required: true, content: { 'application/json': { schema: relabelBodySchema } } },
  },
  responses: {
    200: {
      description: 'The relabelled verbatim',
      content: { 'application/json': { schema: relabelResultSchema } },
    },
    404: {
      description: 'No verbatim with this id',
      content: { 'application/json': { schema: errorBodySchema } },
    },
    ...adminErrorResponses,
  },
});

export const verbatimsRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json(await queryVerbatims(c.var.db, c.req.valid('query')), 200))
  .openapi(relabelRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return c.json(await relabelVerbatim(c.var.db, id, reason), 200);
  });
