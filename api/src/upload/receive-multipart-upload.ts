/**
 * Streams a multipart/form-data request body to files in a directory, without buffering files in memory.
 * Every file part must be named `file`; other parts are short text fields. A file larger than the limit
 * stops the upload with a 413 before anything is ingested (the caller deletes the directory).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../http/api-error.ts';
import { uploadDisplayName, uploadStorageName } from './upload-file-name.ts';
import { uploadLimitText } from './upload-limit.ts';
import { uploadStorageError } from './upload-storage-error.ts';

const MAX_FILES = 20;
const MAX_FIELDS = 10;
/** Enough for a mapping (the `mapping` field) of a few hundred headers and spellings. */
const MAX_FIELD_BYTES = 64 * 1024;

export interface UploadedFile {
  /** Where the file was written (server-chosen name inside the upload directory). */
  path: string;
  /** The client's base name, for display only. */
  name: string;
  bytes: number;
}

export interface ReceivedUpload {
  files: UploadedFile[];
  fields: Record<string, string>;
}

export async function receiveMultipartUpload(
  request: Request,
  options: { directory: string; maxFileBytes: number },
): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) {
    throw new ApiError(
      400,
      'bad_request',
      'body: send the file as multipart/form-data with a part named "file"',
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        fileSize: options.maxFileBytes,
        files: MAX_FILES,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
      },
    });
  } catch (error) {
    throw new ApiError(400, 'bad_request', `body: ${(error as Error).message}`);
  }

  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  const writes: Promise<void>[] = [];
  // An ApiError for the client, or an unexpected Error that the app logs and answers with a 500.
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
  };

  parser.on('file', (part, stream, info) => {
    if (part !== 'file' || failure) {
      if (part !== 'file')
        fail(new ApiError(400, 'bad_request', `${part}: unexpected file part; name it "file"`));
      stream.resume();
      return;
    }
    const name = uploadDisplayName(info.filename);
    const file: UploadedFile = {
      path: join(options.directory, uploadStorageName(files.length + 1, name)),
      name,
      bytes: 0,
    };
    files.push(file);
    stream.on('data', (chunk: Buffer) => {
      file.bytes += chunk.length;
    });
    stream.on('limit', () => {
      const limit = uploadLimitText(options.maxFileBytes);
      fail(new ApiError(413, 'payload_too_large', `file: ${name} is larger than ${limit}`));
    });
    // Caught as it happens: a write failing (a full disk) while the body is still being read must end the
    // upload with its error, not reject with no one awaiting it yet, which would stop the server. The parser
    // goes too: it would wait forever for the failed file's stream to take more.
    writes.push(
      pipeline(stream, createWriteStream(file.path)).catch((error: unknown) => {
        fail(uploadStorageError(error) ?? (error as Error));
        parser.destroy(failure);
      }),
    );
  });
  parser.on('field', (part, value, info) => {
    if (info.valueTruncated)
      fail(new ApiError(400, 'bad_request', `${part}: longer than ${MAX_FIELD_BYTES} bytes`));
    else fields[part] = value;
  });
  parser.on('filesLimit', () =>
    fail(new ApiError(400, 'bad_request', `file: at most ${MAX_FILES} files per upload`)),
  );
  parser.on('fieldsLimit', () =>
    fail(new ApiError(400, 'bad_request', `body: at most ${MAX_FIELDS} fields`)),
  );

  try {
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), parser);
    await Promise.all(writes);
  } catch (error) {
    if (error instanceof ApiError || error instanceof HTTPException) throw error;
    // A 413 from the body-size limit travels through the stream as its error; keep it.
    if (failure) throw failure;
    throw new ApiError(
      400,
      'bad_request',
      `body: the multipart upload could not be read (${(error as Error).message})`,
    );
  }
  if (failure) throw failure;
  return { files, fields };
}
