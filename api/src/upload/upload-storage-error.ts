/**
 * What an upload is told when the server cannot store it: a full or unwritable temporary directory is the
 * server's state, not the client's mistake, and the client needs to know nothing was ingested.
 */
import { ApiError } from '../http/api-error.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * The ApiError (507 insufficient_storage) for a failure to write an upload to disk, or undefined when
 * `error` is not one: the caller treats that as the unexpected failure it is.
 */
export function uploadStorageError(error: unknown): ApiError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return undefined;
  if (FULL.has(code)) {
    return new ApiError(
      507,
      'insufficient_storage',
      "the server's disk is full: it has no room to store the upload in its temporary directory (TMPDIR). Nothing was ingested; free space on the server and send the files again",
    );
  }
  if (NOT_WRITABLE.has(code)) {
    return new ApiError(
      507,
      'insufficient_storage',
      "the server cannot write the upload to its temporary directory (TMPDIR is read-only or not the server's to write). Nothing was ingested; fix the directory's permissions and send the files again",
    );
  }
  return undefined;
}
