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
 * Physical line of every row DuckDB returned, in order: the records that are neither skipped lead-in
 * (header, preamble), nor blank, nor rejected by the reader.
 */
export function rowStartLines(index: RecordIndex, leadingRecords: number, rejectedRecords: ReadonlySet<number>): number[] {
  const lines: number[] = [];
  for (let record = leadingRecords + 1; record <= index.startLines.length; record++) {
    if (index.blank[record - 1] || rejectedRecords.has(record)) continue;
    lines.push(index.startLines[record - 1] ?? 0);
  }
  return lines;
}
