/**
 * Holds a compressed file's expansion to IngestOptions.expansionLimit: a few kilobytes of gzip or ZIP can
 * expand to terabytes, and an upload's size limit says nothing about what its files expand to.
 */

import { Transform } from 'node:stream';
import { formatByteSize } from '@churnlens/models/byte-size';
import type { ExpansionLimit } from '../ingest-report.ts';

export class ExpansionLimitError extends Error {
  override name = 'ExpansionLimitError';
  constructor(what: string, limit: ExpansionLimit) {
    super(`${what} to more than ${formatByteSize(limit.bytes)}, the limit: ${limit.reason}`);
  }
}

/** Passes bytes through until more than the limit have passed, then fails the stream. */
export function expansionCounter(limit: ExpansionLimit | undefined, what: string): Transform {
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      passed += chunk.length;
      if (limit && passed > limit.bytes) callback(new ExpansionLimitError(what, limit));
      else callback(null, chunk);
    },
  });
}
