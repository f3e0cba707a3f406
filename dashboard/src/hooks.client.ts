/**
 * What the error page says when a page fails to open. `churnlens serve` hosts the dashboard's code as well as
 * the API, so once it stops, opening a page not visited yet fails to fetch that page's code, which SvelteKit
 * would report as a bare "Internal Error". Browsers word that failure differently, so instead of reading the
 * error, the server is asked whether it still answers.
 */
import type { HandleClientError } from '@sveltejs/kit';

const SERVER_NOT_ANSWERING =
  'The churnlens server did not answer. Check that churnlens serve is running, then try again.';

export const handleError: HandleClientError = async ({ error, status, message }) => {
  if (status !== 404 && !(await serverAnswers())) return { message: SERVER_NOT_ANSWERING };
  // As SvelteKit does without this hook: an unexpected error belongs in the console.
  console.error(error);
  return { message };
};

async function serverAnswers(): Promise<boolean> {
  try {
    await fetch('/api/health', { cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}
