/**
 * How long each dashboard page takes to show its data: from navigation until the heading is rendered and no
 * panel or chart is still loading (the e2e suite's "settled"), in Debian's chromium against a real
 * `churnlens serve --no-response-cache`. Every figure includes DuckDB computing the page's aggregates: no
 * answer comes from the server's response cache. Three situations:
 * - in the app: from the page before, a click on the page's link in the navigation bar (client-side routing,
 *   the usual way through the dashboard);
 * - full load: the page opened by a full navigation (a shared link, a reload);
 * - first visit: a browser that has never loaded the dashboard opens the overview (or /reports, which asks
 *   the API nothing) on a server that has just started: the app's files are downloaded and compiled first.
 * For the first two, the browser has already shown every page once (a returning visitor: the app's files are
 * cached) and the server has answered those visits (its process is warm).
 * Needs the dashboard build (`pnpm --filter @churnlens/dashboard build`).
 *
 *   node --import tsx test/bench/dashboard-page-times.ts --db data/churnlens.duckdb [--runs 3]
 */
import { parseArgs } from 'node:util';
import { type Browser, launchBrowser, waitForSettled } from '../e2e/support/browser.ts';
import { type RunningServer, startChurnlensServer } from '../e2e/support/churnlens-server.ts';
import { repeat, spreadOf } from './run-statistics.ts';

const PAGES = ['/', '/reasons', '/verbatims', '/offers', '/channels', '/themes', '/reports', '/data'];

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string' } } });
if (!values.db) {
  console.error('Usage: node --import tsx test/bench/dashboard-page-times.ts --db FILE [--runs N]');
  process.exit(2);
}
const dbPath = values.db;
const runs = Number(values.runs ?? 3);

async function withServerAndBrowser(work: (server: RunningServer, browser: Browser) => Promise<void>) {
  const server = await startChurnlensServer({ dbPath, serveArgs: ['--no-response-cache'] });
  const browser = await launchBrowser();
  try {
    await work(server, browser);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Milliseconds from navigation to the page's data shown; fails on any console error. */
async function timePage(browser: Browser, url: string): Promise<number> {
  const startedAt = performance.now();
  await browser.page.goto(url);
  await waitForSettled(browser.page);
  const milliseconds = performance.now() - startedAt;
  const errors = browser.takeErrors();
  if (errors.length > 0) throw new Error(`${url} logged errors: ${errors.join('; ')}`);
  return milliseconds;
}

/** Milliseconds from a click on the page's navigation link to its data shown. */
async function timeClick(browser: Browser, path: string): Promise<number> {
  const { page } = browser;
  const heading = await page.locator('main h1').textContent();
  const startedAt = performance.now();
  await page.locator(`nav a[href^="${path}"]`).first().click();
  await page.waitForURL((url) => url.pathname === path);
  await page.waitForFunction(
    (previous) =>
      document.querySelector('main h1')?.textContent !== previous &&
      document.querySelector('[data-state="loading"]') === null,
    heading,
    { timeout: 30_000 },
  );
  const milliseconds = performance.now() - startedAt;
  const errors = browser.takeErrors();
  if (errors.length > 0) throw new Error(`${path} logged errors: ${errors.join('; ')}`);
  return milliseconds;
}

const columns = ['in the app', 'full load', 'first visit'] as const;
type Situation = (typeof columns)[number];
const times = new Map<string, Record<Situation, number[]>>(
  PAGES.map((page) => [page, { 'in the app': [], 'full load': [], 'first visit': [] }]),
);
function record(run: number, situation: Situation, page: string, milliseconds: number) {
  times.get(page)?.[situation].push(milliseconds);
  console.error(`run ${run + 1} ${situation} ${page}: ${milliseconds.toFixed(0)} ms`);
}

/** Shows every page once: the browser caches the app's files, the server process warms up. */
async function warmUp(server: RunningServer, browser: Browser) {
  for (const page of PAGES) await timePage(browser, `${server.url}${page}`);
}

await repeat(runs, async (run) => {
  await withServerAndBrowser(async (server, browser) => {
    await warmUp(server, browser);
    for (const page of [...PAGES.slice(1), PAGES[0] as string]) {
      record(run, 'in the app', page, await timeClick(browser, page));
    }
    for (const page of PAGES) record(run, 'full load', page, await timePage(browser, `${server.url}${page}`));
  });
  // /reports asks the API nothing: its first visit is what loading the app alone costs.
  for (const page of ['/', '/reports']) {
    await withServerAndBrowser(async (server, browser) => {
      record(run, 'first visit', page, await timePage(browser, `${server.url}${page}`));
    });
  }
});

const cell = (samples: number[]) => {
  if (samples.length === 0) return '';
  const spread = spreadOf(samples);
  return `${spread.median.toFixed(0)} (${spread.min.toFixed(0)}–${spread.max.toFixed(0)})`;
};
console.log(`Data shown after, ms: median (min–max) of ${runs} runs\n`);
console.log(`| Page | ${columns.join(' | ')} |\n| --- | ${columns.map(() => '---:').join(' | ')} |`);
for (const [page, samples] of times) {
  console.log(`| ${page} | ${columns.map((situation) => cell(samples[situation])).join(' | ')} |`);
}
