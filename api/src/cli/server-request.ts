/**
 * A request from a command to a running `churnlens serve` (`--server URL`), with the bearer token in env
 * CHURNLENS_TOKEN. A server that cannot be reached, or that answers with an error, fails the command in one
 * sentence naming the server.
 */
import { CommandFailure } from './command.ts';

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
  throw new CommandFailure(`${url} answered ${response.status}: ${body.message ?? response.statusText}`);
}
