import { describe, expect, it } from 'vitest';
import { fileMemoryBudgetMib } from './memory-budget.ts';

const GIB = 1024 ** 3;
const RAM = 24 * GIB;

describe('memory budget of a file', () => {
  it('gives small files 512 MiB', () => {
    expect(fileMemoryBudgetMib(0, 'csv', RAM)).toBe(512);
    expect(fileMemoryBudgetMib(183_364_848, 'csv', RAM)).toBe(512);
  });

  it('gives a large CSV 0.6 bytes per byte: 1,049 MiB for the 1.83 GB of 10M generated rows', () => {
    expect(fileMemoryBudgetMib(1_833_918_208, 'csv', RAM)).toBe(1049);
  });

  it('counts a byte of Parquet as several bytes of CSV and a byte of NDJSON as less than one', () => {
    expect(fileMemoryBudgetMib(500_000_000, 'parquet', RAM)).toBe(1001);
    expect(fileMemoryBudgetMib(5_000_000_000, 'ndjson', RAM)).toBe(1287);
    expect(fileMemoryBudgetMib(5_000_000_000, 'csv', RAM)).toBeGreaterThan(2 * 1287);
  });

  it("never goes beyond DuckDB's own default, 80 % of RAM", () => {
    expect(fileMemoryBudgetMib(100 * GIB, 'csv', 4 * GIB)).toBe(Math.floor((4 * 0.8 * GIB) / 1024 ** 2));
  });
});
