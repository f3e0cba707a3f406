/**
 * Creates the OpenAPIHono instance each resource file in routes/ registers its routes on. It carries the
 * validation hook so a bad parameter is always a 400 {"error":"bad_request"} whose message names it.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';

/** The query of a route that takes no parameters: one given anyway is a 400 naming it, not ignored. */
export const noQueryParameters = z.strictObject({});

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const message = describeZodError(
          result.error,
          repeatedParameters(c.req.queries()),
          result.target === 'json' ? 'body' : 'request',
        );
        return c.json({ error: 'bad_request' as const, message }, 400);
      }
    },
  });
}

/** Query parameters given more than once, with how often. */
function repeatedParameters(queries: Record<string, string[]> | undefined): Map<string, number> {
  return new Map(
    Object.entries(queries ?? {})
      .filter(([, values]) => values.length > 1)
      .map(([name, values]) => [name, values.length]),
  );
}

/**
 * "reason: must be one of …; to: must be an ISO date (YYYY-MM-DD)" — one clause per problem, each naming its
 * parameter. A parameter that takes one value but was `repeated` says so, rather than "expected string,
 * received array" or a list of values it may well hold. In a JSON `body` the names are fields, and a problem
 * of the body as a whole is the body's.
 */
export function describeZodError(
  error: z.ZodError,
  repeated: ReadonlyMap<string, number> = new Map(),
  whole: 'request' | 'body' = 'request',
): string {
  const unknown = whole === 'body' ? 'unknown field' : 'unknown parameter';
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys')
        return `${unknown} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
      const name = issue.path.filter((part) => typeof part === 'string').join('.') || whole;
      // A repeatable parameter (`reason`) is a union of one value or several; its issue is about the values.
      const times = issue.code === 'invalid_union' ? undefined : repeated.get(name);
      if (times !== undefined) return `${name}: takes one value, and was given ${times}`;
      return `${name}: ${issue.message}`;
    })
    .join('; ');
}
