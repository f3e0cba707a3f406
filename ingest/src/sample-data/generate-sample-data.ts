/**
 * Writes the sample data set: customers, cancellations, offers and survey responses as CSV or NDJSON.
 * Rows are built in memory one customer at a time, gathered into large chunks and streamed with
 * backpressure, so memory stays flat however many rows are written.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { MAX_REQUESTS_PER_CUSTOMER } from './business-model.ts';
import { DEFAULT_END_DATE, dataWindow } from './calendar.ts';
import { type CustomerHistory, CustomerHistorySimulator } from './customer-histories.ts';
import { SeededRandom } from './random.ts';
import {
  csvHeader,
  encodeRow,
  SAMPLE_COLUMNS,
  SAMPLE_FILES,
  type SampleFile,
  type SampleFormat,
} from './record-format.ts';

export const DEFAULT_SEED = 42;

export interface GenerateSampleDataOptions {
  /** Number of customers in customers.csv. */
  customers: number;
  /** Number of cancellation requests; defaults to `customers` and may not exceed it. */
  cancellations?: number;
  outDir: string;
  seed: number;
  format: SampleFormat;
  /** Last day of data, YYYY-MM-DD (default 2026-10-31); the window covers the 18 months before it. */
  endDate?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSampleDataResult {
  files: Record<SampleFile, string>;
  counts: Record<SampleFile, number>;
}

const BATCH_ROWS = 256;
const CHUNK_BYTES = 1 << 20;
const FLUSH_BYTES = 2 << 20;
const PROGRESS_EVERY_CUSTOMERS = 10_000;

/**
 * Gathers rows into batches and encodes each batch straight into a large byte chunk: row strings die
 * young, the UTF-8 encoder is called once per batch rather than per row, and the stream receives a few
 * big buffers instead of millions of small writes.
 */
class ChunkedFileWriter {
  private batch: string[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private ready: Buffer[] = [];
  private readyBytes = 0;
  private failure: Error | null = null;

  constructor(private readonly stream: WriteStream) {
    stream.on('error', (error) => {
      this.failure = error;
    });
  }

  append(text: string): void {
    this.batch.push(text);
    if (this.batch.length >= BATCH_ROWS) this.encodeBatch();
  }

  get pendingBytes(): number {
    return this.readyBytes;
  }

  async flush(): Promise<void> {
    this.encodeBatch();
    this.seal();
    if (this.failure) throw this.failure;
    const buffers = this.ready;
    this.ready = [];
    this.readyBytes = 0;
    let writable = true;
    for (const buffer of buffers) writable = this.stream.write(buffer);
    if (!writable) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  private encodeBatch(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.join('');
    this.batch = [];
    // UTF-8 needs at most three bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > CHUNK_BYTES) this.seal();
    if (text.length * 3 > CHUNK_BYTES) this.enqueue(Buffer.from(text));
    else this.used += this.chunk.write(text, this.used);
  }

  private seal(): void {
    if (this.used === 0) return;
    this.enqueue(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private enqueue(buffer: Buffer): void {
    this.ready.push(buffer);
    this.readyBytes += buffer.length;
  }
}

function validate(options: GenerateSampleDataOptions): number {
  const cancellations = options.cancellations ?? options.customers;
  if (!Number.isSafeInteger(options.customers) || options.customers <= 0) {
    throw new RangeError(`customers must be a positive integer, got ${options.customers}`);
  }
  if (!Number.isSafeInteger(cancellations) || cancellations < 0) {
    throw new RangeError(`cancellations must be a non-negative integer, got ${cancellations}`);
  }
  if (cancellations > options.customers) {
    throw new RangeError(`cancellations (${cancellations}) may not exceed customers (${options.customers})`);
  }
  return cancellations;
}

/**
 * Decides, customer by customer, who never cancels so that exactly `cancellations` requests are filed by
 * exactly `customers` customers: a loyal customer is only drawn while the remaining customers outnumber
 * the remaining requests, at the share the average request chain implies.
 */
class CancellationBudget {
  private remainingRequests: number;
  private chains = 10;
  private chainRequests = 13;

  constructor(
    private readonly totalCustomers: number,
    totalRequests: number,
  ) {
    this.remainingRequests = totalRequests;
  }

  get remaining(): number {
    return this.remainingRequests;
  }

  nextIsLoyal(random: SeededRandom, customerIndex: number): boolean {
    if (this.remainingRequests === 0) return true;
    const remainingCustomers = this.totalCustomers - customerIndex;
    const slack = remainingCustomers - this.remainingRequests;
    if (slack <= 0) return false;
    const loyalShare = 1 - this.chains / this.chainRequests;
    return random.chance(Math.max(loyalShare, slack / remainingCustomers));
  }

  maxChain(): number {
    return Math.min(MAX_REQUESTS_PER_CUSTOMER, this.remainingRequests);
  }

  record(requests: number): void {
    this.remainingRequests -= requests;
    this.chains++;
    this.chainRequests += requests;
  }
}

function appendRows<T>(
  writer: ChunkedFileWriter,
  format: SampleFormat,
  rows: readonly T[],
  columns: readonly (keyof T)[],
) {
  for (const row of rows) writer.append(encodeRow(format, row, columns));
}

function appendHistory(
  writers: Record<SampleFile, ChunkedFileWriter>,
  counts: Record<SampleFile, number>,
  format: SampleFormat,
  history: CustomerHistory,
): void {
  appendRows(writers.customers, format, [history.customer], SAMPLE_COLUMNS.customers);
  appendRows(writers.cancellations, format, history.cancellations, SAMPLE_COLUMNS.cancellations);
  appendRows(writers.offers, format, history.offers, SAMPLE_COLUMNS.offers);
  appendRows(writers.survey_responses, format, history.surveys, SAMPLE_COLUMNS.survey_responses);
  counts.customers++;
  counts.cancellations += history.cancellations.length;
  counts.offers += history.offers.length;
  counts.survey_responses += history.surveys.length;
}

export async function generateSampleData(
  options: GenerateSampleDataOptions,
): Promise<GenerateSampleDataResult> {
  const totalCancellations = validate(options);
  const window = dataWindow(options.endDate ?? DEFAULT_END_DATE);
  const random = new SeededRandom(options.seed);
  const simulator = new CustomerHistorySimulator(random, window);
  const budget = new CancellationBudget(options.customers, totalCancellations);

  await mkdir(options.outDir, { recursive: true });
  const files = Object.fromEntries(
    SAMPLE_FILES.map((file) => [file, join(options.outDir, `${file}.${options.format}`)]),
  ) as Record<SampleFile, string>;
  const writers = Object.fromEntries(
    SAMPLE_FILES.map((file) => [file, new ChunkedFileWriter(createWriteStream(files[file]))]),
  ) as Record<SampleFile, ChunkedFileWriter>;
  const counts: Record<SampleFile, number> = {
    customers: 0,
    cancellations: 0,
    offers: 0,
    survey_responses: 0,
  };

  try {
    if (options.format === 'csv') {
      for (const file of SAMPLE_FILES) writers[file].append(csvHeader(SAMPLE_COLUMNS[file]));
    }
    for (let index = 0; index < options.customers; index++) {
      const history = budget.nextIsLoyal(random, index)
        ? simulator.loyalCustomer()
        : simulator.cancellingCustomer(budget.maxChain());
      if (history.cancellations.length > 0) budget.record(history.cancellations.length);
      appendHistory(writers, counts, options.format, history);
      if (SAMPLE_FILES.some((file) => writers[file].pendingBytes >= FLUSH_BYTES)) {
        for (const file of SAMPLE_FILES) await writers[file].flush();
      }
      if ((index + 1) % PROGRESS_EVERY_CUSTOMERS === 0) {
        options.onProgress?.(counts.cancellations, totalCancellations);
      }
    }
  } finally {
    await Promise.all(SAMPLE_FILES.map((file) => writers[file].close()));
  }
  if (budget.remaining !== 0) {
    throw new Error(
      `sample data ended with ${budget.remaining} of ${totalCancellations} cancellations unfiled`,
    );
  }
  options.onProgress?.(counts.cancellations, totalCancellations);
  return { files, counts };
}
