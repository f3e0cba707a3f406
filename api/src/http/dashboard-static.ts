/**
 * Serves the dashboard's static build as a single-page app: existing files as they are, any other non-API
 * GET path as index.html so client-side routes survive a reload.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function hasDashboardBuild(directory: string): boolean {
  return existsSync(join(directory, 'index.html'));
}

/** A GET handler for every non-API path (Hono has already percent-decoded c.req.path). */
export function dashboardHandler(directory: string) {
  const root = resolve(directory);
  return async (c: Context): Promise<Response> => {
    const requested = resolve(root, `.${c.req.path}`);
    const inside = requested === root || requested.startsWith(root + sep);
    const file = inside && isFile(requested) ? requested : join(root, 'index.html');
    const immutable = relative(root, file).startsWith(`_app${sep}immutable`);
    return c.body(await readFile(file), 200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
