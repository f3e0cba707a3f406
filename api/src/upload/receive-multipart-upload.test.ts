import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.ts';
import { receiveMultipartUpload } from './receive-multipart-upload.ts';

function multipartRequest(parts: { field: string; filename?: string; content: string }[]): Request {
  const body = new FormData();
  for (const part of parts) {
    if (part.filename === undefined) body.append(part.field, part.content);
    else body.append(part.field, new File([part.content], part.filename));
  }
  return new Request('http://localhost/api/ingest', { method: 'POST', body });
}

describe('receiveMultipartUpload', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'receive-upload-test-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('writes each file under a server-chosen name and keeps the client name as a label', async () => {
    const upload = await receiveMultipartUpload(
      multipartRequest([
        { field: 'file', filename: '../march.csv', content: 'id\n1\n' },
        { field: 'file', filename: 'offers.parquet', content: 'PAR1' },
        { field: 'kind', content: 'offers' },
      ]),
      { directory, maxFileBytes: 1000 },
    );
    expect(upload.files).toEqual([
      { path: join(directory, 'upload-1.csv'), name: 'march.csv', bytes: 5 },
      { path: join(directory, 'upload-2.parquet'), name: 'offers.parquet', bytes: 4 },
    ]);
    expect(upload.fields).toEqual({ kind: 'offers' });
    expect(readFileSync(join(directory, 'upload-1.csv'), 'utf8')).toBe('id\n1\n');
    expect(readdirSync(directory).sort()).toEqual(['upload-1.csv', 'upload-2.parquet']);
  });

  it('fails with 413 when a file is larger than the limit', async () => {
    const request = multipartRequest([{ field: 'file', filename: 'big.csv', content: 'x'.repeat(2000) }]);
    const failure = await receiveMultipartUpload(request, { directory, maxFileBytes: 1000 }).catch(
      (error) => error,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(failure.message).toBe(
      "file: big.csv is larger than 1000 bytes, the server's upload limit (churnlens serve --max-upload-size)",
    );
  });

  it('fails with 400 for a file part with another name', async () => {
    const request = multipartRequest([{ field: 'attachment', filename: 'a.csv', content: 'id\n' }]);
    await expect(receiveMultipartUpload(request, { directory, maxFileBytes: 1000 })).rejects.toMatchObject({
      status: 400,
      message: 'attachment: unexpected file part; name it "file"',
    });
  });

  // /dev/full fails every write with ENOSPC: the upload's first file lands on a full disk.
  it.skipIf(!existsSync('/dev/full'))(
    'fails with 507 when the disk is full, while the rest of the body is still arriving',
    async () => {
      symlinkSync('/dev/full', join(directory, 'upload-1.csv'));
      const request = multipartRequest([
        { field: 'file', filename: 'march.csv', content: 'id\n1\n'.repeat(50_000) },
        { field: 'file', filename: 'april.csv', content: 'id\n2\n'.repeat(50_000) },
      ]);
      const failure = await receiveMultipartUpload(request, { directory, maxFileBytes: 10_000_000 }).catch(
        (error) => error,
      );
      expect(failure).toBeInstanceOf(ApiError);
      expect(failure).toMatchObject({ status: 507, code: 'insufficient_storage' });
      expect(failure.message).toMatch(/^the server's disk is full: .* Nothing was ingested/);
    },
  );
});
