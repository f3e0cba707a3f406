/**
 * Every `churnlens` subcommand, in the order `churnlens --help` lists them. A command's module (and the
 * heavy libraries behind it: DuckDB, chart rendering, the classifier) is imported only when that command
 * runs, so `churnlens report` does not pay for loading the server or the generator.
 */
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'demo',
    summary: 'Generate sample data, ingest it and serve the API and dashboard',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'ingest',
    summary: 'Load cancellation, offer, survey, customer or Stripe files (CSV, JSON, NDJSON, Parquet, XLSX)',
    load: async () => (await import('./ingest.ts')).ingestCommand,
  },
  {
    name: 'runs',
    summary: "List the ingest runs and their counts; write a run's rejected rows as CSV",
    load: async () => (await import('./runs.ts')).runsCommand,
  },
  {
    name: 'reclassify',
    summary: 'Re-run the current reason model over stored verbatims, writing only changed results',
    load: async () => (await import('./reclassify.ts')).reclassifyCommand,
  },
  {
    name: 'classify',
    summary: 'Classify free-text reasons (lines or NDJSON) into NDJSON',
    load: async () => (await import('./classify.ts')).classifyCommand,
  },
  {
    name: 'eval',
    summary: 'Evaluate the reason classifier on labeled data',
    load: async () => (await import('./eval.ts')).evalCommand,
  },
  {
    name: 'train',
    summary: 'Train the reason classifier from the corpus (and manual relabels)',
    load: async () => (await import('./train.ts')).trainCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the API and the dashboard (owns the database while running)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'report',
    summary: 'Write the insight report (PDF, XLSX, zipped CSV or Markdown) for a period and filters',
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'generate',
    summary: 'Write a realistic, reproducible sample data set (customers, cancellations, offers, surveys)',
    load: async () => (await import('./generate.ts')).generateCommand,
  },
];
