/** GET /api/themes */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { queryThemes } from '../queries/emerging-themes.ts';
import { themesQuerySchema, themesSchema } from '../schemas/themes.ts';

const themesRoute = createRoute({
  method: 'get',
  path: '/themes',
  tags: ['insights'],
  summary:
    'Emerging phrases in verbatims (the most frequent ones when the periods are not compared), and clusters of unexplained verbatims as candidate new reasons',
  description:
    'Compares the period (default: the last 30 days up to the data end date) with the previous period of equal length; when the data does not cover both, or the previous period has no verbatims, lists the most frequent phrases of the period instead and says why in notCompared. Phrases are 1–3-word n-grams of the normalized verbatims that do not start or end with a stopword, counted once per verbatim.',
  request: { query: themesQuerySchema },
  responses: {
    200: { description: 'Themes', content: { 'application/json': { schema: themesSchema } } },
    ...commonErrorResponses,
  },
});

export const themesRoutes = createRouter().openapi(themesRoute, async (c) => {
  const { limit, ...filters } = c.req.valid('query');
  return c.json(await queryThemes(c.var.db, filters, { limit: limit ?? 10 }), 200);
});
