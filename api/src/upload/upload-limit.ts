/**
 * How large an upload may be, as the server's answers say it: a client that hits the limit learns the size
 * and the flag that raises it.
 */
import { formatByteSize } from '@churnlens/models/byte-size';

/** A compressed upload (gzip, ZIP, an Excel workbook, Parquet) may expand to this many times the upload limit, and no more. */
export const EXPANSION_FACTOR = 16;

/** "512 MiB, the server's upload limit (…)": what an upload larger than `bytes` is told. */
export function uploadLimitText(bytes: number): string {
  return `${formatByteSize(bytes)}, the server's upload limit (churnlens serve --max-upload-size)`;
}

/** Why an uploaded file may not expand past EXPANSION_FACTOR × `bytes`, as its error says it. */
export function expansionLimitReason(bytes: number): string {
  return `${EXPANSION_FACTOR} times the server's upload limit of ${formatByteSize(bytes)} (churnlens serve --max-upload-size)`;
}

/** The slowest link over which an upload of the largest allowed size must still arrive whole. */
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 128 * 1024;

/** Node's own limit, kept as the least: a request that is no upload has no reason to take longer. */
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/**
 * How long the server waits for a whole request: Node's 5 minutes would cut off a 512 MiB upload sent at less
 * than 1.7 MB/s, so the time grows with the upload limit, at 128 KiB/s (68 minutes for 512 MiB). Headers must
 * still arrive within Node's minute, which is what holds slow clients off.
 */
export function requestTimeoutMs(maxUploadBytes: number): number {
  return Math.max(
    NODE_REQUEST_TIMEOUT_MS,
    Math.ceil(maxUploadBytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000,
  );
}
