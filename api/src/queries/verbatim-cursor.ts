/**
 * Keyset cursor of the verbatim list (ordered newest request first, then by cancellation id): an opaque
 * base64url token holding the last row's requested_at and id, so pages stay stable while rows are added.
 */
import { ApiError } from '../http/api-error.ts';

export interface VerbatimCursor {
  /** DuckDB's text form of the TIMESTAMP, e.g. '2024-06-02 10:00:00' (microseconds kept when present). */
  requestedAt: string;
  cancellationId: string;
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeCursor(cursor: VerbatimCursor): string {
  return Buffer.from(JSON.stringify([cursor.requestedAt, cursor.cancellationId])).toString('base64url');
}

/** Decodes a cursor from a client; anything this API did not produce is a 400 naming the parameter. */
export function decodeCursor(token: string): VerbatimCursor {
  const invalid = new ApiError(400, 'bad_request', 'cursor: is not a cursor from this API');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid;
  const [requestedAt, cancellationId] = decoded;
  if (typeof requestedAt !== 'string' || !TIMESTAMP_TEXT.test(requestedAt)) throw invalid;
  if (typeof cancellationId !== 'string' || cancellationId === '') throw invalid;
  return { requestedAt, cancellationId };
}
