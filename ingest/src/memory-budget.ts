/**
 * How much memory DuckDB gets for one file when `churnlens ingest` is not told (--memory-limit auto).
 *
 * Without a limit DuckDB takes up to 80 % of RAM, and an ingest holds more the larger the file: 2.6 GiB
 * resident for the generator's 1M-row CSV, 22 GiB for a 10M-row one (2026-11-25). Within a limit it spills to
 * disk and is as fast at 1M rows (three alternating runs, 2026-12-05), but what it cannot spill must fit: the
 * 10M-row CSV (1.83 GB) failed within 512MB, while the 5M-row one (917 MB) completed within 400MB. So a file
 * gets a budget in proportion to its size, at least 512 MiB: 0.6 bytes per byte of CSV, and per byte of the
 * other formats what the same rows take as CSV (the generator's 1M rows: 183 MB of CSV, 68 MB of Parquet,
 * 416 MB of NDJSON), never more than DuckDB's own default.
 */
import { totalmem } from 'node:os';
import type { SourceFormat } from './sources/staged-source.ts';

const MIB = 1024 * 1024;
const MINIMUM_BUDGET = 512 * MIB;
const BUDGET_PER_CSV_BYTE = 0.6;
/** Bytes of CSV that one byte of each format holds (Parquet with margin for stronger compression). */
const CSV_BYTES_PER_BYTE: Record<SourceFormat, number> = { csv: 1, ndjson: 0.45, json: 0.45, parquet: 3.5 };
/** DuckDB's default memory limit: 80 % of RAM. */
const DUCKDB_DEFAULT_SHARE = 0.8;

/** The memory limit, in whole MiB, for ingesting a file of `bytes` bytes in `format`. */
export function fileMemoryBudgetMib(bytes: number, format: SourceFormat, ramBytes = totalmem()): number {
  const budget = Math.max(MINIMUM_BUDGET, bytes * CSV_BYTES_PER_BYTE[format] * BUDGET_PER_CSV_BYTE);
  return Math.floor(Math.min(budget, ramBytes * DUCKDB_DEFAULT_SHARE) / MIB);
}
