/**
 * A request from a command to a running `churnlens serve` (`--server URL`), with the bearer token in env
 * CHURNLENS_TOKEN. A server that cannot be reached, or that answers with an error, fails the command in one
 * sentence naming the server.
 */
import { CommandFailure, UsageError } from './command.ts';

/** The `--server` option's value, refused as a usage error unless it is a URL. */
export function serverUrl(value: string | undefined): string | undefined {
  if (value !== undefined && !URL.canParse(value))
    throw new UsageError('--server must be a URL such as http://localhost:8787');
  return value;
}

export async function requestFromServer(server: string, path: string): Promise<Response> {
  const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
  const token = process.env.CHURNLENS_TOKEN;
  const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {}).catch(
    (error: Error) => {
      const cause = (error.cause as Error | undefined)?.message ?? error.message;
      throw new CommandFailure(`cannot reach the server at ${url.origin}: ${cause}`);
    },
  );
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  // A 400 names an option the command passed on (a filter), as a local run's usage error does: exit 2 alike.
  if (response.status === 400 && body.message) throw new UsageError(`--${body.message}`);
  throw new CommandFailure(`${url} answered ${response.status}: ${body.message ?? response.statusText}`);
}
