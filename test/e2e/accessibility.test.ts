/// <reference lib="dom" />
/**
 * WCAG 2.1 AA on the built dashboard: axe-core checks every page, in both themes, with its data tables and
 * Settings unfolded, and the states a user meets (filters applied, the filters opened on a phone, a relabel
 * refused, an empty database, a stopped server, an unknown address). A serious or critical violation fails
 * its test with axe's ids, the failing elements and what to fix. Then the key flows are done with the
 * keyboard alone, as a user without a mouse does them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockingViolations, describeViolations } from './support/axe.ts';
import { waitForSettled } from './support/browser.ts';
import { startChurnlensServer } from './support/churnlens-server.ts';
import { skipWithoutChromium, useDashboardSession } from './support/dashboard-session.ts';
import { buildUploadCsv, UPLOAD_EXPECTED } from './support/upload-file.ts';

const CUSTOMERS = 1000;
const VIEWER_TOKEN = 'viewer-a11y-token-0001';
const ADMIN_TOKEN = 'admin-a11y-token-0001';
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
/** A 1280 px window at 400 % zoom (WCAG 2.1 SC 1.4.10, Reflow). */
const ZOOMED = { width: 320, height: 640 };
const PAGES = [
  ['Overview', '/'],
  ['Reasons', '/reasons'],
  ['Verbatims', '/verbatims'],
  ['Offers', '/offers'],
  ['Channels', '/channels'],
  ['Themes', '/themes'],
  ['Reports', '/reports'],
  ['Data', '/data'],
] as const;
/** How many Tab presses may pass before a control counts as out of the keyboard's reach. */
const MAX_TABS = 60;

/** Fails with axe's own account of each serious or critical violation on the page as it is now. */
async function expectNoBlockingViolations(page: Page, state: string): Promise<void> {
  const violations = await blockingViolations(page);
  expect(violations, `${state}:\n${describeViolations(violations)}`).toEqual([]);
}

/** Unfolds every disclosure (the charts' data tables, Settings) so what they hold is checked too. */
async function openDisclosures(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
  // TableScroll measures an unfolded table on its next resize observation.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
}

/** Presses Tab until `reached` holds for the focused element; fails if it never does. */
async function tabUntil(page: Page, reached: string, what: string): Promise<void> {
  for (let press = 0; press < MAX_TABS; press += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, reached))
      return;
  }
  throw new Error(`${what} was not reached within ${MAX_TABS} presses of Tab`);
}

const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element ? `${element.tagName.toLowerCase()}#${element.id} ${element.textContent?.trim()}` : '';
  });

describe.skipIf(skipWithoutChromium('accessibility'))(
  'the dashboard, for keyboard and screen-reader users',
  () => {
    const session = useDashboardSession({
      customers: CUSTOMERS,
      viewerToken: VIEWER_TOKEN,
      adminToken: ADMIN_TOKEN,
      name: 'a11y',
    });
    const { page, url } = session;

    beforeAll(async () => {
      await page().goto(url('/reports'));
      await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), ADMIN_TOKEN);
    });

    async function visit(path: string): Promise<void> {
      await page().goto(url(path));
      await waitForSettled(page());
    }

    async function chooseTheme(theme: 'light' | 'dark'): Promise<void> {
      await page().evaluate((mode) => localStorage.setItem('churnlens.theme', mode), theme);
    }

    describe.each(['light', 'dark'] as const)('in the %s theme', (theme) => {
      beforeAll(() => chooseTheme(theme));
      afterAll(() => page().evaluate(() => localStorage.removeItem('churnlens.theme')));

      it.each(PAGES)('has no serious or critical WCAG 2.1 AA violation on %s', async (name, path) => {
        await visit(path);
        expect(await page().evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        await openDisclosures(page());
        await expectNoBlockingViolations(page(), `${name} (${path}), ${theme} theme`);
      });
    });

    it('names the links and buttons whose words are partly visually hidden with a space between the words', async () => {
      await visit('/reasons?reason=too_expensive&reason=unused');
      // The text, not the computed name: Chrome spaces out a hidden span, a screen reader reading text may not.
      const text = (name: string | RegExp) =>
        page()
          .getByRole('link', { name })
          .or(page().getByRole('button', { name }))
          .first()
          .evaluate((element) => element.textContent?.replace(/\s+/g, ' ').trim());
      expect(await text('Read verbatims for Too expensive')).toBe('Read verbatims for Too expensive');
      expect(await text(/^Remove Reason: Too expensive/)).toBe('Remove Reason: Too expensive ×');
    });

    it('names the best offer and the small samples of the offer heatmap in words every screen reader reads', async () => {
      await visit('/offers');
      // A span's aria-label is prohibited (ARIA 1.2): some screen readers read it, others skip it.
      expect(await page().locator('main span[aria-label]').count()).toBe(0);
      expect(
        await page()
          .getByRole('cell', { name: /, best offer/ })
          .count(),
      ).toBeGreaterThan(0);
    });

    it.each([
      ['the Overview with a channel and a plan filter', '/?channel=agent_chat&plan=pro'],
      ['the Reasons with two reason filters', '/reasons?reason=too_expensive&reason=unused'],
      ['the needs-review queue', '/verbatims?needsReview=true'],
      ['a verbatim search', '/verbatims?q=price&sentiment=negative'],
      ['the Offers ranked by customers kept 30 days', '/offers?rankBy=keptAt30'],
      ['a filter matching nothing', '/channels?plan=no-such-plan'],
      ['a link with invalid filters', '/?channel=carrier_pigeon&from=yesterday'],
    ])('has no serious or critical violation on %s', async (state, path) => {
      await visit(path);
      await expectNoBlockingViolations(page(), `${state} (${path})`);
    });

    it('has no serious or critical violation on the page of an unknown address', async () => {
      await visit('/no-such-page');
      expect(await page().locator('main h1').textContent()).toBe('Page not found');
      await expectNoBlockingViolations(page(), 'an unknown address');
      // SvelteKit logs the address it found no page for; nothing else may be logged.
      expect(session.takeErrors()).toEqual([expect.stringMatching(/Not found: \/no-such-page/)]);
    });

    it.each(PAGES)('gives each chart of %s a data table a screen reader reaches', async (_, path) => {
      await visit(path);
      const charts = await page()
        .locator('figure:has(canvas)')
        .evaluateAll((figures) =>
          figures.map((figure) => ({
            name: figure.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
            table: figure.querySelector('details table caption')?.textContent?.trim() ?? '',
          })),
        );
      expect(await page().locator('canvas').count()).toBe(charts.length);
      for (const chart of charts) {
        expect(chart.name, 'the chart names what it shows').not.toBe('');
        expect(chart.table, `the data table of ${chart.name}`).not.toBe('');
      }
    });

    it('has no serious or critical violation on an upload result and on the rejected rows of its run', async () => {
      const file = join(session.workDir(), 'a11y-cancellations.csv');
      await writeFile(file, buildUploadCsv());
      await visit('/data');
      await page().getByLabel('Files', { exact: true }).setInputFiles(file);
      await page().getByRole('button', { name: 'Upload and ingest' }).click();
      await page().getByTestId('upload-result').waitFor({ timeout: 60_000 });
      await waitForSettled(page());
      await expectNoBlockingViolations(page(), 'Data with an upload result');
      // The link says what its figure counts; the words are hidden, the space before them must not be lost.
      const rejected = page().getByRole('link', { name: /rejected rows of run/ });
      expect(await rejected.textContent()).toMatch(
        new RegExp(`^${UPLOAD_EXPECTED.rejected} rejected rows of run \\d+$`),
      );
      await rejected.click();
      await page().locator('#rejected-title').waitFor();
      await waitForSettled(page());
      await expectNoBlockingViolations(page(), 'Data with a run’s rejected rows');
    });

    it('has no serious or critical violation when a relabel is refused for want of an admin token', async () => {
      await visit('/verbatims');
      await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), VIEWER_TOKEN);
      try {
        const row = page().locator('tr[data-verbatim]').first();
        const current = await row.getByLabel('Relabel reason').inputValue();
        await row.getByLabel('Relabel reason').selectOption(current === 'other' ? 'unused' : 'other');
        await row.getByRole('button', { name: 'Relabel' }).click();
        await row.getByRole('alert').waitFor();
        await expectNoBlockingViolations(page(), 'Verbatims with a refused relabel');
      } finally {
        await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), ADMIN_TOKEN);
      }
      // The refused request is the one console error this test expects.
      expect(session.takeErrors()).toEqual([expect.stringMatching(/status of 403/)]);
    });

    it('has no serious or critical violation on a phone with the filters opened', async () => {
      await page().setViewportSize(PHONE);
      try {
        await visit('/?plan=pro');
        await page()
          .getByRole('button', { name: /^Filters/ })
          .click();
        await expectNoBlockingViolations(page(), 'Overview on a phone, filters open');
      } finally {
        await page().setViewportSize(DESKTOP);
      }
    });

    // Reflowed into one narrow column, a page can hide, squeeze or overlap what axe checks at wider widths.
    describe('at 400 % zoom (320 px)', () => {
      beforeAll(() => page().setViewportSize(ZOOMED));
      afterAll(() => page().setViewportSize(DESKTOP));

      it.each(PAGES)('has no serious or critical violation on %s, the filters opened', async (name, path) => {
        await visit(path);
        await page()
          .getByRole('button', { name: /^Filters/ })
          .click();
        await openDisclosures(page());
        await expectNoBlockingViolations(page(), `${name} (${path}) at 320 px, filters open`);
      });
    });

    it('has no serious or critical violation on any page of an empty database', async () => {
      const empty = await startChurnlensServer({ dbPath: join(session.workDir(), 'empty.duckdb') });
      try {
        for (const [name, path] of PAGES) {
          await page().goto(`${empty.url}${path}`);
          await waitForSettled(page());
          await expectNoBlockingViolations(page(), `${name} (${path}) of an empty database`);
        }
      } finally {
        await empty.stop();
      }
    });

    it('has no serious or critical violation on the page shown when the server stops answering', async () => {
      await visit('/');
      await page().route('**/*', (route) => route.abort('connectionrefused'));
      try {
        await page()
          .getByRole('navigation', { name: 'Pages' })
          .getByRole('link', { name: 'Reasons' })
          .click();
        await page().locator('main h1', { hasText: 'This page could not be opened' }).waitFor();
        await expectNoBlockingViolations(page(), 'the server-down error page');
      } finally {
        await page().unroute('**/*');
      }
      // A request refused on the error page can report its console error after the test took the errors, and
      // the next test then failed on it (once in a fresh clone). A page loaded since comes after every one.
      await visit('/');
      const errors = session.takeErrors() ?? [];
      expect(errors.filter((error) => !error.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
    });

    describe('with the keyboard alone', () => {
      it('skips the navigation to the page content with the first Tab', async () => {
        await visit('/reasons');
        await page().keyboard.press('Tab');
        expect(await focusedElement(page())).toContain('Skip to content');
        await page().keyboard.press('Enter');
        expect(await page().evaluate(() => document.activeElement?.id)).toBe('main');
      });

      it('applies a channel filter, keeps the focus on it and announces that the figures changed', async () => {
        await visit('/');
        await tabUntil(page(), '#filter-channel', 'the Channel filter');
        await page().keyboard.press('ArrowDown');
        await page().waitForURL(/channel=/);
        await waitForSettled(page());
        expect(await page().evaluate(() => document.activeElement?.id)).toBe('filter-channel');
        // Said by a live region, so a screen reader user hears that the figures on screen are new ones.
        const announced = await page().getByRole('status').allTextContents();
        expect(announced).toContain('Updated the summary.');
        expect(announced).toContain('Updated cancellation reasons.');
      });

      it("opens a chart's data table with Enter", async () => {
        await visit('/');
        await tabUntil(page(), 'main summary', 'the first data table disclosure');
        const disclosure = page().locator('main details').first();
        expect(await focusedElement(page())).toContain('Data table');
        await page().keyboard.press('Enter');
        expect(await disclosure.getAttribute('open')).not.toBeNull();
        expect(await disclosure.getByRole('table').isVisible()).toBe(true);
      });

      it('relabels a verbatim out of a reason-filtered list, the focus going to the message saying so', async () => {
        await visit('/verbatims?reason=too_expensive');
        await tabUntil(page(), 'select[id^="relabel-"]', 'the first Relabel reason choice');
        // Too expensive is the first reason: the next one down is Missing features.
        await page().keyboard.press('ArrowDown');
        await page().keyboard.press('Tab');
        expect(await focusedElement(page())).toContain('Relabel');
        await page().keyboard.press('Enter');
        const message = page().getByText(/^Relabelled .* from Too expensive to Missing features/s);
        await message.waitFor();
        await waitForSettled(page());
        // The row has left the list, and the focus with it would have fallen back to the top of the page.
        await expect.poll(() => message.evaluate((element) => element === document.activeElement)).toBe(true);
        await expectNoBlockingViolations(page(), 'Verbatims after a relabel');
      });

      it('opens Settings, saves a token with Enter and closes Settings with Escape', async () => {
        await visit('/reports');
        await tabUntil(page(), 'summary', 'Settings');
        expect(await focusedElement(page())).toContain('Settings');
        await page().keyboard.press('Enter');
        await page().keyboard.press('Tab');
        expect(await page().evaluate(() => document.activeElement?.id)).toBe('api-token');
        await page().keyboard.press('ControlOrMeta+A');
        await page().keyboard.type(ADMIN_TOKEN);
        await page().keyboard.press('Enter');
        await page().getByText('Saved in this browser.').waitFor();
        await page().keyboard.press('Escape');
        expect(await page().locator('aside details').getAttribute('open')).toBeNull();
        expect(await focusedElement(page())).toContain('Settings');
      });

      it('downloads the report in a chosen format with the arrow keys and Enter', async () => {
        await visit('/reports');
        // A radio group is one Tab stop, its choices picked with the arrow keys: up from PDF wraps to Markdown.
        await tabUntil(page(), 'input[name="format"]', 'the report format');
        await page().keyboard.press('ArrowUp');
        expect(await page().getByRole('radio', { name: 'Markdown' }).isChecked()).toBe(true);
        await tabUntil(page(), 'button[type="submit"]', 'the Download report button');
        const [download] = await Promise.all([
          page().waitForEvent('download'),
          page().keyboard.press('Enter'),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.md$/);
        await page().getByTestId('report-done').waitFor();
        // The button is busy while the report is made, but keeps the focus: the next Tab goes on from it.
        expect(await focusedElement(page())).toContain('Download report');
      });

      it('opens and closes the folded filters on a phone, Escape returning to the Filters button', async () => {
        await page().setViewportSize(PHONE);
        try {
          await visit('/');
          await tabUntil(page(), 'button[aria-controls="filter-form"]', 'the Filters button');
          await page().keyboard.press('Enter');
          await page().keyboard.press('Tab');
          expect(await page().evaluate(() => document.activeElement?.id)).toBe('filter-from');
          await page().keyboard.press('Escape');
          expect(await page().getByLabel('Channel', { exact: true }).isVisible()).toBe(false);
          expect(await focusedElement(page())).toContain('Filters');
        } finally {
          await page().setViewportSize(DESKTOP);
        }
      });
    });
  },
);
