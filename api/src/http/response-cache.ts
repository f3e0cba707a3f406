/**
 * Answers a repeated aggregate request from memory while the data has not changed. Dashboards ask the same
 * questions over and over (every visitor of the overview asks for the same summary), and an aggregate over
 * millions of rows costs DuckDB tens of milliseconds each time; a stored answer costs microseconds.
 *
 * Correctness rests on the database's write generation (ApiDatabase.generation): every write the server
 * makes (an ingest upload, a relabel) moves it on, and an answer is only reused under the generation it
 * was computed in. The server is the database's only writer (DuckDB's file lock), so nothing else can
 * change the data behind its back.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

interface StoredAnswer {
  generation: number;
  body: ArrayBuffer;
  contentType: string;
}

export interface ResponseCacheOptions {
  /** Distinct requests remembered (least recently used ones are dropped first). */
  maxEntries?: number;
  /** Larger answers are not stored. */
  maxBodyBytes?: number;
}

export const CACHE_HEADER = 'x-churnlens-cache';

/**
 * Caches successful GET answers of the routes it is mounted on, per URL (path and query string). Mount it
 * after authentication: a stored answer is served to anyone who reaches it.
 */
export function responseCache(
  generation: () => number,
  options: ResponseCacheOptions = {},
): MiddlewareHandler<AppEnv> {
  const maxEntries = options.maxEntries ?? 500;
  const maxBodyBytes = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const answers = new Map<string, StoredAnswer>();

  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = c.req.url;
    const current = generation();
    // `Cache-Control: no-cache` asks for a freshly computed answer (benchmarks time the queries this way).
    const fresh = /no-cache/i.test(c.req.header('cache-control') ?? '');
    const stored = fresh ? undefined : answers.get(key);
    if (stored && stored.generation === current) {
      // Re-inserted so that the map's order is least recently used first.
      answers.delete(key);
      answers.set(key, stored);
      return c.body(stored.body, 200, { 'content-type': stored.contentType, [CACHE_HEADER]: 'hit' });
    }
    await next();
    // A new response rather than headers.set on this one: @hono/node-server rebuilds its lightweight response
    // from the original headers when it is cloned or sent, so a header set afterwards never left the server.
    const { status } = c.res;
    const headers = new Headers(c.res.headers);
    headers.set(CACHE_HEADER, 'miss');
    const body = await c.res.arrayBuffer();
    c.res = new Response(body, { status, headers });
    if (status !== 200 || body.byteLength > maxBodyBytes) return;
    answers.delete(key);
    answers.set(key, { generation: current, body, contentType: c.res.headers.get('content-type') ?? '' });
    while (answers.size > maxEntries) answers.delete(answers.keys().next().value as string);
  };
}
