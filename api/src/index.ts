/** The API package's public surface: the app factory, its type for Hono's typed client, and the database holder. */
export { type AppType, type CreateAppOptions, createApp } from './app.ts';
export { type ApiDatabase, createApiDatabase, openApiDatabase, QueryTimeoutError } from './db.ts';
export { type ApiToken, parseTokens, type Role } from './http/auth.ts';
