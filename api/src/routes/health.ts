/**
 * GET /api/health: liveness, schema version and the upload limit (which `churnlens ingest --server` reads to
 * size its requests); the only /api route that never needs a token.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter, noQueryParameters } from '../http/router.ts';
import { readHealth } from '../queries/health.ts';

export const healthSchema = z
  .object({
    status: z.literal('ok'),
    schemaVersion: z.number().int(),
    dataEndDate: z
      .string()
      .nullable()
      .describe('Day of the newest requested_at, or null for an empty database'),
    maxUploadBytes: z
      .number()
      .int()
      .describe(
        'The most one POST /api/ingest request may hold, in bytes (`churnlens serve --max-upload-size`); `churnlens ingest --server` splits its files into requests that fit',
      ),
  })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness check (no token needed)',
  security: [],
  request: { query: noQueryParameters },
  responses: {
    200: {
      description: 'The server can query its database',
      content: { 'application/json': { schema: healthSchema } },
    },
    400: commonErrorResponses[400],
    503: commonErrorResponses[503],
  },
});

export const healthRoutes = createRouter().openapi(healthRoute, async (c) => {
  const { maxUploadBytes } = c.var.settings;
  return c.json({ status: 'ok' as const, ...(await readHealth(c.var.db)), maxUploadBytes }, 200);
});
