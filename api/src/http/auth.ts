/**
 * Bearer-token access: CHURNLENS_TOKENS="viewer:TOKEN1,admin:TOKEN2" (or a tokens file with the same entries,
 * one per line). With no tokens configured the server is open and every caller acts as admin; the serve
 * command then binds to loopback only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiToken {
  role: Role;
  token: string;
}

/**
 * Parses "role:token" entries separated by commas or newlines; blank lines and lines starting with # are
 * skipped. `source` names where the text came from so errors point at it.
 */
export function parseTokens(text: string, source: string): ApiToken[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry, index) => ({ entry: entry.trim(), index }))
    .filter(({ entry }) => entry !== '' && !entry.startsWith('#'));
  return entries.map(({ entry }) => {
    const separator = entry.indexOf(':');
    const role = entry.slice(0, separator);
    const token = entry.slice(separator + 1).trim();
    if (separator < 0 || !(ROLES as readonly string[]).includes(role)) {
      throw new Error(`${source}: token entry "${redact(entry)}" must look like viewer:TOKEN or admin:TOKEN`);
    }
    if (token.length < 8) throw new Error(`${source}: the ${role} token must be at least 8 characters`);
    return { role: role as Role, token };
  });
}

function redact(entry: string): string {
  const separator = entry.indexOf(':');
  return separator < 0 ? '…' : `${entry.slice(0, separator)}:…`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Finds the role of a presented token, comparing digests in constant time so timing reveals nothing. */
function roleOf(tokens: readonly ApiToken[], presented: string): Role | undefined {
  const presentedDigest = digest(presented);
  let role: Role | undefined;
  for (const candidate of tokens) {
    if (timingSafeEqual(digest(candidate.token), presentedDigest)) role ??= candidate.role;
  }
  return role;
}

/** Sets c.var.role from the bearer token; 401 when tokens are configured and none valid is sent. */
export function authenticate(tokens: readonly ApiToken[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (tokens.length === 0) {
      c.set('role', 'admin');
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const role = match?.[1] ? roleOf(tokens, match[1]) : undefined;
    if (!role) {
      c.header('WWW-Authenticate', 'Bearer realm="churnlens"');
      throw new ApiError(
        401,
        'unauthorized',
        'send Authorization: Bearer <token> with a viewer or admin token',
      );
    }
    c.set('role', role);
    return next();
  };
}

/** Route middleware for changes (relabels, ingests): viewers get 403. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.role !== 'admin') throw new ApiError(403, 'forbidden', 'this route needs an admin token');
  return next();
};
