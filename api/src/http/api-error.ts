/**
 * Every error the API sends has one shape, {"error": code, "message": sentence}, and never a stack trace.
 * Handlers throw ApiError for expected failures; app.onError maps everything else.
 */
import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'query_timeout',
  'insufficient_storage',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBodySchema = z
  .object({ error: z.enum(ERROR_CODES), message: z.string() })
  .openapi('Error', { example: { error: 'bad_request', message: 'channel: must be one of self_serve, …' } });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorBodySchema } } };
}

/** OpenAPI entries for the errors any /api route can return; spread into a route's `responses`. */
export const commonErrorResponses = {
  400: errorResponse('A parameter is invalid; the message names it'),
  401: errorResponse('Tokens are configured and the request has no valid bearer token'),
  503: errorResponse('The query ran longer than the server allows'),
} as const;

export const adminErrorResponses = {
  ...commonErrorResponses,
  403: errorResponse('The token belongs to a viewer; this route needs an admin token'),
} as const;
