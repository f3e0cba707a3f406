/**
 * The state of one download button: fetch a file from the API (not a link, so an API error is shown in the
 * page instead of downloading an error page, and the token header is sent), hand it to the browser, and
 * say what happened.
 */
import { tokenRefusal } from '../api/client.ts';
import { describeSize, saveDownload } from './save-download.ts';

export interface FetchedFile {
  blob: Blob;
  /** The server's file name (Content-Disposition), when it sent one. */
  filename: string | null;
}

export class FileDownload {
  busy = $state(false);
  error = $state<string | null>(null);
  /** The API refused the token (tokenRefusal): the status offers the way to Settings. */
  refusal = $state<401 | 403 | null>(null);
  /** "Downloaded name (size)." after a success. */
  done = $state<string | null>(null);

  async run(fetchFile: () => Promise<FetchedFile>, fallbackName: string): Promise<void> {
    this.busy = true;
    this.error = null;
    this.refusal = null;
    this.done = null;
    try {
      const file = await fetchFile();
      const name = file.filename ?? fallbackName;
      saveDownload(file.blob, name);
      this.done = `Downloaded ${name} (${describeSize(file.blob.size)}).`;
    } catch (failure) {
      this.error = (failure as Error).message;
      this.refusal = tokenRefusal(failure);
    } finally {
      this.busy = false;
    }
  }
}
