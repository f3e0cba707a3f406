/**
 * The benchmark's input: sample data written by the churnlens generator (CSV, fixed seed), so every run and
 * every machine measures the same rows.
 */
import { rm } from 'node:fs/promises';
import { generateSampleData, type SampleFile } from '@churnlens/ingest/sample-data/index';
import { seconds } from './run-statistics.ts';

export const BENCH_SEED = 20_240_601;

export interface BenchData {
  directory: string;
  files: Record<SampleFile, string>;
  counts: Record<SampleFile, number>;
  seconds: number;
}

/**
 * Generates `cancellations` cancellation requests from as many customers (the generator never lets one
 * customer file more than its share), replacing whatever `directory` held.
 */
export async function generateBenchData(directory: string, cancellations: number): Promise<BenchData> {
  await rm(directory, { recursive: true, force: true });
  const startedAt = performance.now();
  const { files, counts } = await generateSampleData({
    customers: cancellations,
    cancellations,
    outDir: directory,
    seed: BENCH_SEED,
    format: 'csv',
  });
  return { directory, files, counts, seconds: seconds(startedAt) };
}
