/**
 * The methods each /api path is answered for, so that a request no route takes can be told apart: a method
 * the path does not take is a 405 naming those it does (and OPTIONS lists them), a path that is a route but
 * for its trailing slash is a 404 saying so, and only what matches no route is a plain 404.
 */
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';

/** HTTP methods by path, from the routes an app registered (middleware, registered for ALL, left out). */
export function routeMethods(routes: readonly RouterRoute[]): (path: string) => string[] {
  const router = new TrieRouter<string>();
  for (const { method, path } of routes) if (method !== 'ALL') router.add('ALL', path, method);
  return (path) => {
    const methods = new Set(router.match('GET', path)[0].map(([method]) => method));
    // Hono answers HEAD with the GET route, without the body.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/** The Allow header of a path answered for `methods`: they, and OPTIONS, which lists them. */
export function allowHeader(methods: readonly string[]): string {
  return [...methods, 'OPTIONS'].join(', ');
}
