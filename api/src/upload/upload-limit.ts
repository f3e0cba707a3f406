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
