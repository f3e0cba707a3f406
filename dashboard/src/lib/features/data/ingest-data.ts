/** The Data page's responses as the typed client infers them, and the upload kinds the API accepts. */
import { formatByteSize } from '@churnlens/models/byte-size';
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type IngestRunsResponse = ResponseOf<ApiClient['api']['ingest']['runs']['$get']>;
export type IngestRun = IngestRunsResponse['runs'][number];
export type RejectedRowsResponse = ResponseOf<ApiClient['api']['ingest']['runs'][':id']['rejected']['$get']>;
export type IngestUploadResult = ResponseOf<ApiClient['api']['ingest']['$post']>;

export const UPLOAD_KINDS = [
  { key: 'auto', label: 'Detect from columns' },
  { key: 'cancellations', label: 'Cancellations' },
  { key: 'offers', label: 'Offers' },
  { key: 'surveys', label: 'Survey responses' },
  { key: 'customers', label: 'Customers' },
  { key: 'stripe', label: 'Stripe export' },
] as const;

/** How numeric dates read: the file decides (when a day is above 12), or the uploader says. */
export const DATE_ORDER_CHOICES = [
  { key: '', label: 'Decide from the file' },
  { key: 'dmy', label: 'Day first (25/03/2024)' },
  { key: 'mdy', label: 'Month first (3/25/2024)' },
] as const;

/** The run whose rejected rows are open, from `?run=`; positive integers only. */
export function readRunId(params: URLSearchParams): number | null {
  const value = params.get('run');
  return value !== null && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

/**
 * Why files of these sizes cannot go in one upload to a server taking `maxUploadBytes`, or null when they
 * can (or the limit is unknown): said before the upload starts, not after the bytes are sent.
 */
export function uploadTooLarge(sizes: readonly number[], maxUploadBytes: number | null): string | null {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (maxUploadBytes === null || total <= maxUploadBytes) return null;
  const these = sizes.length === 1 ? 'This file is' : `These ${sizes.length} files are`;
  return `${these} ${formatByteSize(total)}, more than the server takes in one upload (${formatByteSize(maxUploadBytes)}): upload fewer at a time, compress them (.csv.gz or .zip), or use churnlens ingest --server, which splits them.`;
}
