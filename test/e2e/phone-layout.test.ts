/// <reference lib="dom" />
/**
 * The dashboard on a phone (390×844): every page fits the screen's width, so nothing is reached only by
 * scrolling the page sideways, the content gets the width instead of a sidebar, and the Overview's key
 * figures stay readable. Wide tables may scroll inside their card; the page itself may not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  CHROMIUM_PATH,
  chromiumAvailable,
  launchBrowser,
  waitForSettled,
} from './support/browser.ts';
import { type RunningServer, startChurnlensServer } from './support/churnlens-server.ts';
import { ensureDashboardBuild } from './support/dashboard-build.ts';
import { buildSampleDatabase } from './support/sample-database.ts';

const CUSTOMERS = 3000;
const PHONE = { width: 390, height: 844 };
const MIN_CONTENT_WIDTH = 350;
const SEVEN_FIGURE_AMOUNT = '$4,310,931';
const PAGES = [
  '/',
  '/reasons',
  '/verbatims',
  '/offers',
  '/channels',
  '/themes',
  '/reports',
  '/data',
] as const;

const inCi = process.env.CI === 'true';
const canRun = chromiumAvailable();
if (!canRun && !inCi) {
  process.stderr.write(
    `phone layout e2e SKIPPED: ${CHROMIUM_PATH} is missing (apt-get install -y chromium); with CI=true this fails instead.\n`,
  );
}

describe.skipIf(!canRun && !inCi)('the dashboard at phone width', () => {
  let workDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!canRun) throw new Error(`${CHROMIUM_PATH} is missing: install it with apt-get install -y chromium`);
    workDir = await mkdtemp(join(tmpdir(), 'churnlens-phone-e2e-'));
    const [database] = await Promise.all([buildSampleDatabase(workDir, CUSTOMERS), ensureDashboardBuild()]);
    server = await startChurnlensServer({ dbPath: database.path });
    browser = await launchBrowser();
    await browser.page.setViewportSize(PHONE);
  }, 900_000);

  afterEach(() => {
    expect(browser?.takeErrors() ?? []).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const page = () => {
    if (!browser) throw new Error('the browser did not start');
    return browser.page;
  };

  async function visit(path: string): Promise<void> {
    await page().goto(`${server?.url}${path}`);
    await waitForSettled(page());
  }

  it.each(PAGES)('fits %s in the width of a phone, the content taking that width', async (path) => {
    await visit(path);
    const layout = await page().evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      contentWidth: document.querySelector('main')?.getBoundingClientRect().width ?? 0,
    }));
    expect(layout.scrollWidth, 'page width').toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.contentWidth, 'main content width').toBeGreaterThanOrEqual(MIN_CONTENT_WIDTH);
  });

  it('keeps the key figures on the Overview apart, each inside its tile, even at seven figures', async () => {
    await visit('/');
    const tiles = await page()
      .locator('li[data-kpi]')
      .evaluateAll(
        (items, figure) =>
          items.map((tile) => {
            const value = tile.querySelector('[data-testid="kpi-value"]') as HTMLElement;
            // The sample's amounts run to five figures; the overlap was reported with seven.
            value.textContent = figure;
            // The text's own extent: a figure too long for its tile spills out of the tile's box.
            const text = document.createRange();
            text.selectNodeContents(value);
            const { left, right, top, bottom } = text.getBoundingClientRect();
            const box = tile.getBoundingClientRect();
            return {
              tile: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
              value: { left, right, top, bottom },
            };
          }),
        SEVEN_FIGURE_AMOUNT,
      );
    expect(tiles).toHaveLength(4);
    type Box = (typeof tiles)[number]['tile'];
    const overlap = (a: Box, b: Box) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const inside = (inner: Box, outer: Box) =>
      inner.left >= outer.left &&
      inner.right <= outer.right &&
      inner.top >= outer.top &&
      inner.bottom <= outer.bottom;
    tiles.forEach((tile, index) => {
      expect(inside(tile.value, tile.tile), `figure ${index + 1} inside its tile`).toBe(true);
      for (const other of tiles.slice(index + 1)) {
        expect(overlap(tile.tile, other.tile), `tile ${index + 1} overlaps a later one`).toBe(false);
        expect(overlap(tile.value, other.value), `figure ${index + 1} overlaps a later one`).toBe(false);
      }
    });
  });
});
