/**
 * Answers with a file written to a temporary directory (an export, a run's rejected rows), streamed rather
 * than read into memory, and deletes the directory once the download ends, whether it completed or the
 * client went away.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { temporaryFolder } from '@churnlens/models/temporary-folder';
import type { Context } from 'hono';

export interface TemporaryFile {
  contentType: string;
  /** The name the browser saves it under. */
  filename: string;
  headers?: Record<string, string>;
}

/**
 * Runs `write` with a path in a new temporary directory, then answers 200 with the file it wrote and the
 * headers it returned. The directory is removed if `write` throws.
 */
export async function temporaryFileResponse(
  c: Context,
  extension: string,
  write: (path: string) => Promise<TemporaryFile>,
): Promise<Response> {
  const folder = await temporaryFolder('download');
  const removeDirectory = () => folder.remove();
  const path = folder.path(`download.${extension}`);
  let file: TemporaryFile;
  let size: number;
  try {
    file = await write(path);
    ({ size } = await stat(path));
  } catch (error) {
    await removeDirectory();
    throw error;
  }
  const stream = createReadStream(path);
  stream.once('close', () => void removeDirectory());
  return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
    'Content-Type': file.contentType,
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    ...file.headers,
  });
}
