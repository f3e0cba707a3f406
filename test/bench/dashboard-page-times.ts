/**
 * How long each dashboard page takes to show its data: from navigation until the heading is rendered and no
 * panel is still loading (the e2e suite's "settled"), in Debian's chromium against a real `churnlens serve`.
 * Each run starts a new server, so no answer comes from its response cache: every figure includes DuckDB
 * computing the page's aggregates. Needs the dashboard build (`pnpm --filter @churnlens/dashboard build`).
 *
 *   node --import tsx test/bench/dashboard-page-times.ts --db data/churnlens.duckdb [--runs 3]
 */
import { parseArgs } from 'node:util';
import { launchBrowser, waitForSettled } from '../e2e/support/browser.ts';
import { startChurnlensServer } from '../e2e/support/churnlens-server.ts';
import { repeat, spreadOf } from './run-statistics.ts';

const PAGES = ['/', '/reasons', '/verbatims', '/offers', '/channels', '/themes', '/reports', '/data'];

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string' } } });
if (!values.db) {
  console.error('Usage: node --import tsx test/bench/dashboard-page-times.ts --db FILE [--runs N]');
  process.exit(2);
}
const dbPath = values.db;
const runs = Number(values.runs ?? 3);

const times = new Map<string, number[]>(PAGES.map((path) => [path, []]));
await repeat(runs, async (run) => {
  const server = await startChurnlensServer({ dbPath });
  const browser = await launchBrowser();
  try {
    for (const path of PAGES) {
      const startedAt = performance.now();
      await browser.page.goto(`${server.url}${path}`);
      await waitForSettled(browser.page);
      const milliseconds = performance.now() - startedAt;
      times.get(path)?.push(milliseconds);
      const errors = browser.takeErrors();
      if (errors.length > 0) throw new Error(`${path} logged errors: ${errors.join('; ')}`);
      console.error(`run ${run + 1} ${path}: ${milliseconds.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});

console.log(`| Page | Data shown after, ms: median (min–max) of ${runs} runs |\n| --- | ---: |`);
for (const [path, samples] of times) {
  const spread = spreadOf(samples);
  console.log(
    `| ${path} | ${spread.median.toFixed(0)} (${spread.min.toFixed(0)}–${spread.max.toFixed(0)}) |`,
  );
}
