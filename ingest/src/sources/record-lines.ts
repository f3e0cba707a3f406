/**
 * Maps rows that DuckDB read back to the physical line of the file they started on, so a rejected row can be
 * reported as "line 1234". DuckDB's CSV reader numbers records (a quoted field spanning three lines is one
 * record) and silently drops blank lines from its output, so neither its row order nor its reject "line"
 * is the line a person sees in an editor. This scans the bytes for record boundaries only; it does not
 * parse values. It is only run for files that have rejected rows.
 */
import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Where each record starts, in file order. Record numbers are 1-based and count blank lines, as DuckDB does. */
export interface RecordIndex {
  /** Physical (1-based) line on which record i+1 starts. */
  startLines: number[];
  /** Whether record i+1 is an empty line. */
  blank: boolean[];
}

/** Incremental scanner: feed it chunks, then read the index. `quote` is the quote byte, or null for none. */
export class RecordScanner {
  private readonly startLines: number[] = [1];
  private readonly blank: boolean[] = [];
  private line = 1;
  private inQuote = false;
  private recordIsEmpty = true;

  constructor(private readonly quote: number | null) {}

  push(chunk: Uint8Array): void {
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte === NEWLINE) {
        this.line++;
        if (this.inQuote) continue;
        this.blank.push(this.recordIsEmpty);
        this.startLines.push(this.line);
        this.recordIsEmpty = true;
        continue;
      }
      if (byte === this.quote) this.inQuote = !this.inQuote;
      if (byte !== CARRIAGE_RETURN) this.recordIsEmpty = false;
    }
  }

  finish(): RecordIndex {
    return { startLines: this.startLines, blank: [...this.blank, this.recordIsEmpty] };
  }
}

export async function scanRecords(path: string, quote: number | null): Promise<RecordIndex> {
  const scanner = new RecordScanner(quote);
  for await (const chunk of createReadStream(path)) scanner.push(chunk as Buffer);
  return scanner.finish();
}

/**
 * Record number of every row DuckDB returned, in order: the records that are neither skipped lead-in
 * (header, preamble), nor blank, nor rejected by the reader.
 */
export function rowRecords(
  index: RecordIndex,
  leadingRecords: number,
  rejectedRecords: ReadonlySet<number>,
): number[] {
  const records: number[] = [];
  for (let record = leadingRecords + 1; record <= index.startLines.length; record++) {
    if (index.blank[record - 1] || rejectedRecords.has(record)) continue;
    records.push(record);
  }
  return records;
}

/** Physical line of every row DuckDB returned, in order (see rowRecords). */
export function rowStartLines(
  index: RecordIndex,
  leadingRecords: number,
  rejectedRecords: ReadonlySet<number>,
): number[] {
  return rowRecords(index, leadingRecords, rejectedRecords).map(
    (record) => index.startLines[record - 1] ?? 0,
  );
}

/** Length of the valid UTF-8 sequence starting at `index`, or 0 when the bytes there are not valid UTF-8. */
export function utf8SequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] ?? 0;
  if (lead < 0x80) return 1;
  const length =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0;
  if (length === 0) return 0;
  const second = bytes[index + 1] ?? 0;
  // Overlong forms, surrogates and code points past U+10FFFF are invalid (RFC 3629).
  if (lead === 0xe0 && second < 0xa0) return 0;
  if (lead === 0xed && second > 0x9f) return 0;
  if (lead === 0xf0 && second < 0x90) return 0;
  if (lead === 0xf4 && second > 0x8f) return 0;
  for (let offset = 1; offset < length; offset++) {
    const byte = bytes[index + offset];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return 0;
  }
  return length;
}

export interface InvalidText {
  /** Record number as DuckDB counts them (header = 1, blank lines included). */
  record: number;
  /** 0-based index of the field holding the invalid bytes. */
  field: number;
}

/**
 * The records and fields that hold bytes which are not UTF-8. DuckDB's own check does not catch every
 * invalid sequence, nor always name the right column, so files that fail a quick validity test get this
 * exact pass. Reports the first invalid field of each record.
 */
export function findInvalidUtf8(bytes: Uint8Array, quote: number | null, delimiter: number): InvalidText[] {
  const found: InvalidText[] = [];
  let record = 1;
  let field = 0;
  let inQuote = false;
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index] as number;
    if (byte >= 0x80) {
      const length = utf8SequenceLength(bytes, index);
      if (length === 0 && found.at(-1)?.record !== record) found.push({ record, field });
      index += Math.max(length, 1);
      continue;
    }
    if (byte === quote) inQuote = !inQuote;
    else if (!inQuote && byte === delimiter) field++;
    else if (!inQuote && byte === NEWLINE) {
      record++;
      field = 0;
    }
    index++;
  }
  return found;
}

/** Whether the whole file is valid UTF-8, checked by the platform's decoder in streaming mode. */
export async function isValidUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
