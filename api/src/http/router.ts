/**
 * Creates the OpenAPIHono instance each resource file in routes/ registers its routes on. It carries the
 * validation hook so a bad parameter is always a 400 {"error":"bad_request"} whose message names it.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AppEnv } from './app-env.ts';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return c.json({ error: 'bad_request' as const, message: describeZodError(result.error) }, 400);
    },
  });
}

/** "reason: must be one of …; to: must be an ISO date (YYYY-MM-DD)" — one clause per problem, each naming its parameter. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys')
        return `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
      const name = issue.path.filter((part) => typeof part === 'string').join('.') || 'request';
      return `${name}: ${issue.message}`;
    })
    .join('; ');
}
