/**
 * The dashboard's only way to the API: Hono's typed client over the server's own route types, so a renamed
 * field or parameter is a type error here rather than a blank chart. Failures become ApiRequestError with the
 * server's message, for the page to show.
 */
import type { AppType } from '@churnlens/api';
import { type ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { readAdminToken } from '../settings/admin-token.svelte.ts';

export type ApiClient = ReturnType<typeof hc<AppType>>;

/** A client for the API on the dashboard's own origin, sending the stored token (if any) on every request. */
export function createApiClient(fetchImplementation: typeof fetch = fetch): ApiClient {
  return hc<AppType>(window.location.origin, {
    fetch: fetchImplementation,
    headers: (): Record<string, string> => {
      const token = readAdminToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
    },
  });
}

export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code (`bad_request`, `forbidden`, …) or `network`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: matches any typed response so the success body can be inferred.
type AnyClientResponse = ClientResponse<any, number, any>;

/** The body type of the 2xx responses of a typed client call. */
export type SuccessBody<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends SuccessStatusCode
      ? Body
      : never
    : never;

/** Awaits a typed client call and returns its JSON body, or throws ApiRequestError with the server's message. */
export async function readOk<R extends AnyClientResponse>(request: Promise<R>): Promise<SuccessBody<R>> {
  const response = await reach(request);
  if (!response.ok) throw await toRequestError(response);
  return (await response.json()) as SuccessBody<R>;
}

/** Awaits a typed client call whose success body is a file (reports, exports). */
export async function readFile(
  request: Promise<AnyClientResponse>,
): Promise<{ blob: Blob; filename: string | null }> {
  const response = await reach(request);
  if (!response.ok) throw await toRequestError(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

async function reach<R extends AnyClientResponse>(request: Promise<R>): Promise<R> {
  try {
    return await request;
  } catch (error) {
    throw new ApiRequestError(0, 'network', `The API could not be reached (${(error as Error).message}).`);
  }
}

async function toRequestError(response: AnyClientResponse): Promise<ApiRequestError> {
  const text = await response.text();
  let body: { error?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML error page, say): the status line below still says what happened.
  }
  const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
  const detail = typeof body.message === 'string' ? body.message : text.slice(0, 200) || response.statusText;
  return new ApiRequestError(
    response.status,
    code,
    `${detail} (HTTP ${response.status})${TOKEN_HINTS[response.status] ?? ''}`,
  );
}

/**
 * Whether a failure is the API refusing the request's token: 401 (none, or not one it knows), 403 (a viewer
 * token where an admin one is needed). The page then offers the way to the Settings token field.
 */
export function tokenRefusal(error: unknown): 401 | 403 | null {
  if (!(error instanceof ApiRequestError)) return null;
  return error.status === 401 || error.status === 403 ? error.status : null;
}

const TOKEN_HINTS: Record<number, string> = {
  401: ' — set an API token under Settings.',
  403: ' — this needs an admin token (Settings).',
};

/**
 * Marks a promise that a page will render with {#await} as observed. Load functions create these before the
 * page subscribes; without this a fast failure is also reported as an unhandled rejection, while the
 * page still shows the error from the original promise.
 */
export function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

// biome-ignore lint/suspicious/noExplicitAny: accepts any typed client method.
type ClientMethod = (...args: any[]) => Promise<AnyClientResponse>;

/** The success body of a client method, e.g. `ResponseOf<ApiClient['api']['summary']['$get']>`. */
export type ResponseOf<M extends ClientMethod> = SuccessBody<Awaited<ReturnType<M>>>;
