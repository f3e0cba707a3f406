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
  if (typeof requestedAt !== 'string' || !isTimestamp(requestedAt)) throw invalid;
  if (typeof cancellationId !== 'string' || cancellationId === '') throw invalid;
  return { requestedAt, cancellationId };
}

/**
 * Whether `text` is DuckDB's text form of a moment that exists. The shape alone admits "2024-02-30 25:61:00",
 * which DuckDB refuses to cast with an error: a tampered cursor would be a 500 instead of a 400.
 */
function isTimestamp(text: string): boolean {
  if (!TIMESTAMP_TEXT.test(text)) return false;
  const seconds = `${text.slice(0, 10)}T${text.slice(11, 19)}`;
  const moment = new Date(`${seconds}Z`);
  return !Number.isNaN(moment.getTime()) && moment.toISOString().slice(0, 19) === seconds;
}
