/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard end to end: `churnlens serve` on a database built from generated sample data, driven by
 * Debian's chromium. Every page is visited, the numbers shown are checked against the API's own answers,
 * a relabel and an upload go through the UI, and every page is captured in both themes for a person to
 * look at (test/artifacts/screenshots/). Any console error fails the test it happened in.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { offerLabel } from '@churnlens/models/labels';
import { formatPValue } from '@churnlens/models/report/figure-format';
import { OFFER_TYPES } from '@churnlens/models/schema/records';
import { reasonLabel } from '@churnlens/models/taxonomy';
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForSettled } from './support/browser.ts';
import { REPO_ROOT, startChurnlensServer } from './support/churnlens-server.ts';
import { skipWithoutChromium, useDashboardSession } from './support/dashboard-session.ts';
import { parseCount, parseMoney, parsePercent } from './support/displayed-numbers.ts';
import {
  buildUploadCsv,
  CENTS_AS_MRR_MAPPING,
  CENTS_UPLOAD_CSV,
  MAPPED_UPLOAD_CSV,
  UPLOAD_EXPECTED,
  UPLOAD_MAPPING,
  UPLOAD_OFFERS_CSV,
} from './support/upload-file.ts';

const CUSTOMERS = 3000;
const VIEWER_TOKEN = 'viewer-e2e-token-0001';
const ADMIN_TOKEN = 'admin-e2e-token-0001';
const SCREENSHOTS = join(REPO_ROOT, 'test', 'artifacts', 'screenshots');
const OVERVIEW_JS_BUDGET_BYTES = 200 * 1024;
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
const MIN_CONTENT_WIDTH = 350;
/** A 1280 px window at 400 % zoom (WCAG 2.1 SC 1.4.10, Reflow), the vertical case. */
const ZOOMED = { width: 320, height: 640 };
/** Related phrases as many as the demo's October names under "ai"; the e2e sample's period may name fewer. */
const LONG_RELATED_LIST =
  'also “forced”, “disable”, “sidebar”, “used to train”, “data used”, “screen”, “custs”, “deadlines”, “never use”';
/** The 320 px less the phone layout's own margins: less than this and the content is a squeezed column. */
const MIN_ZOOMED_CONTENT_WIDTH = 280;
const SEVEN_FIGURE_AMOUNT = '$4,310,931';
const PAGES = [
  ['overview', '/'],
  ['reasons', '/reasons'],
  ['verbatims', '/verbatims'],
  ['offers', '/offers'],
  ['channels', '/channels'],
  ['themes', '/themes'],
  ['reports', '/reports'],
  ['data', '/data'],
] as const;

/** The phrase's words as whole words, in order, anything but letters, digits and apostrophes between them. */
function phraseWords(phrase: string): RegExp {
  const separator = "[^\\p{L}\\p{N}'’]+";
  return new RegExp(`(^|${separator})${phrase.split(' ').join(separator)}($|${separator})`, 'iu');
}

describe.skipIf(skipWithoutChromium('dashboard'))('the dashboard, end to end', () => {
  const session = useDashboardSession({
    customers: CUSTOMERS,
    viewerToken: VIEWER_TOKEN,
    adminToken: ADMIN_TOKEN,
    name: 'e2e',
  });
  const { page, url } = session;

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(url(path), { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function visit(path: string): Promise<void> {
    await page().goto(url(path));
    await waitForSettled(page());
  }

  it('keeps the API token entered under Settings', async () => {
    // Reports loads nothing by itself, so no request goes out before the token is set.
    await page().goto(url('/reports'));
    await page().locator('main h1').waitFor();
    await page().getByText('Settings', { exact: true }).click();
    await page().getByLabel('API token').fill(ADMIN_TOKEN);
    await page().getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page().evaluate(() => localStorage.getItem('churnlens.adminToken')))
      .toBe(ADMIN_TOKEN);
    await expect.poll(() => page().getByText('token set').count()).toBe(1);
  });

  it(`loads the overview with at most ${OVERVIEW_JS_BUDGET_BYTES / 1024} KB of JavaScript, gzipped`, async () => {
    const session = await page().context().newCDPSession(page());
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    const sizes: Promise<{ url: string; gzip: number }>[] = [];
    const record = (response: Response) => {
      if (response.request().resourceType() !== 'script') return;
      sizes.push(response.body().then((body) => ({ url: response.url(), gzip: gzipSync(body).length })));
    };
    page().on('response', record);
    await visit('/');
    page().off('response', record);
    await session.send('Network.setCacheDisabled', { cacheDisabled: false });
    await session.detach();
    const scripts = await Promise.all(sizes);
    const total = scripts.reduce((sum, script) => sum + script.gzip, 0);
    await mkdir(join(REPO_ROOT, 'test', 'artifacts'), { recursive: true });
    await writeFile(
      join(REPO_ROOT, 'test', 'artifacts', 'overview-js-budget.txt'),
      `${scripts.map((script) => `${script.gzip}\t${script.url}`).join('\n')}\ntotal gzip bytes: ${total}\n`,
    );
    process.stdout.write(
      `overview route JS: ${scripts.length} files, ${(total / 1024).toFixed(1)} KiB gzipped\n`,
    );
    expect(scripts.length).toBeGreaterThan(3);
    expect(total).toBeLessThanOrEqual(OVERVIEW_JS_BUDGET_BYTES);
  });

  it("shows the API's figures after a filter is applied, and Back removes the filter", async () => {
    await visit('/');
    const tile = (label: string) =>
      page().locator(`li[data-kpi="${label}"] [data-testid="kpi-value"]`).textContent();
    await page().getByLabel('Channel', { exact: true }).selectOption('agent_chat');
    await page().waitForURL(/channel=agent_chat/);
    const summary = await api<{
      cancelRequests: number;
      saveRate: number;
      mrrLost: number;
      mrrRetained: number;
    }>('/api/summary?channel=agent_chat');
    await expect.poll(async () => parseCount(await tile('Cancel requests'))).toBe(summary.cancelRequests);
    expect(parsePercent(await tile('Save rate'))).toBeCloseTo(summary.saveRate, 3);
    expect(parseMoney(await tile('MRR lost'))).toBeCloseTo(summary.mrrLost, 0);
    expect(parseMoney(await tile('MRR retained'))).toBeCloseTo(summary.mrrRetained, 0);

    await page().goBack();
    await page().waitForURL((address) => !address.search.includes('channel='));
    const unfiltered = await api<{ cancelRequests: number }>('/api/summary');
    await expect.poll(async () => parseCount(await tile('Cancel requests'))).toBe(unfiltered.cancelRequests);
    expect(await page().getByLabel('Channel', { exact: true }).inputValue()).toBe('');
    // The date pickers offer only the days the API accepts.
    expect(await page().getByLabel('From', { exact: true }).getAttribute('min')).toBe('1900-01-01');
    expect(await page().getByLabel('To', { exact: true }).getAttribute('max')).toBe('2999-12-31');
  });

  it('suggests the plans, countries and segments of the data in the filter fields, and filters by one', async () => {
    await visit('/');
    type Values = Record<'plan' | 'country' | 'segment', { value: string; requests: number }[]>;
    const values = await api<Values>('/api/filter-values');
    expect(values.plan.length).toBeGreaterThan(1);
    await page().getByLabel('Plan', { exact: true }).focus();
    for (const [field, listed] of Object.entries(values)) {
      const options = page().locator(`#filter-${field}-values option`);
      await expect
        .poll(() => options.evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value)))
        .toEqual(listed.map((item) => item.value));
    }
    const plan = values.plan[0] as { value: string };
    await page().getByLabel('Plan', { exact: true }).fill(plan.value);
    await page().getByLabel('Plan', { exact: true }).press('Enter');
    await page().waitForURL(new RegExp(`plan=${plan.value}`));
    const summary = await api<{ cancelRequests: number }>(`/api/summary?plan=${plan.value}`);
    expect(summary.cancelRequests).toBeGreaterThan(0);
    await expect
      .poll(async () =>
        parseCount(
          await page().locator('li[data-kpi="Cancel requests"] [data-testid="kpi-value"]').textContent(),
        ),
      )
      .toBe(summary.cancelRequests);
  });

  it("lists the API's reason counts and opens a reason's verbatims", async () => {
    await visit('/reasons?channel=agent_chat');
    const reasons = await api<{ reasons: { reason: string; count: number }[] }>(
      '/api/reasons?channel=agent_chat',
    );
    expect(reasons.reasons.length).toBeGreaterThan(1);
    for (const reason of reasons.reasons) {
      const cell = page().locator(`tr[data-reason="${reason.reason}"] td[data-column="count"]`);
      await expect.poll(async () => parseCount(await cell.textContent())).toBe(reason.count);
    }
    const top = reasons.reasons[0] as { reason: string };
    await page().locator(`tr[data-reason="${top.reason}"] a`).click();
    await page().waitForURL(/\/verbatims\?/);
    const address = new URL(page().url());
    expect(address.searchParams.get('channel')).toBe('agent_chat');
    expect(address.searchParams.get('reason')).toBe(top.reason);
    await waitForSettled(page());
    const verbatims = await api<{ total: number }>(`/api/verbatims${address.search}`);
    await expect
      .poll(async () => parseCount(await page().getByTestId('verbatim-total').textContent()))
      .toBe(verbatims.total);
    await expect.poll(() => page().locator('tr[data-verbatim] mark').count()).toBeGreaterThan(0);
  });

  it('relabels a verbatim and the counts move', async () => {
    const address = new URL(page().url());
    const from = address.searchParams.get('reason') as string;
    const target = from === 'other' ? 'too_complex' : 'other';
    const countOf = async (reason: string) => {
      const body = await api<{ reasons: { reason: string; count: number }[] }>(
        '/api/reasons?channel=agent_chat',
      );
      return body.reasons.find((item) => item.reason === reason)?.count ?? 0;
    };
    const before = {
      total: (await api<{ total: number }>(`/api/verbatims${address.search}`)).total,
      count: await countOf(from),
    };

    const row = page().locator('tr[data-verbatim]').first();
    await row.getByLabel('Relabel reason').selectOption(target);
    await row.getByRole('button', { name: 'Relabel' }).click();
    await page()
      .getByText(/^Relabelled /)
      .waitFor();
    await waitForSettled(page());

    const after = {
      total: (await api<{ total: number }>(`/api/verbatims${address.search}`)).total,
      count: await countOf(from),
    };
    expect(after.total).toBeLessThan(before.total);
    expect(after.count).toBeLessThan(before.count);
    await expect
      .poll(async () => parseCount(await page().getByTestId('verbatim-total').textContent()))
      .toBe(after.total);

    await visit('/reasons?channel=agent_chat');
    const cell = page().locator(`tr[data-reason="${from}"] td[data-column="count"]`);
    await expect.poll(async () => parseCount(await cell.textContent())).toBe(after.count);
  });

  it('counts the requests without a reason apart from Other on /reasons, and lists the typed answers that name none', async () => {
    const reasons = await api<{ reasons: { reason: string; count: number }[] }>('/api/reasons');
    const none = reasons.reasons.find((row) => row.reason === 'no_reason_given');
    expect(none?.count, 'the sample data has requests without a reason').toBeGreaterThan(0);
    await visit('/reasons');
    const row = page().locator('tr[data-reason="no_reason_given"]');
    expect((await row.locator('th').textContent())?.trim()).toBe('No reason given');
    expect(parseCount((await row.locator('td[data-column="count"]').textContent()) ?? '')).toBe(none?.count);
    await row.getByRole('link', { name: 'Read verbatims for No reason given' }).click();
    await page().waitForURL(/\/verbatims\?reason=no_reason_given/);
    await waitForSettled(page());
    expect(await page().locator('#verbatim-reason').inputValue(), 'the reason choice names it').toBe(
      'no_reason_given',
    );
    const verbatims = await api<{ total: number; items: { text: string; reasonOrigin: string }[] }>(
      '/api/verbatims?reason=no_reason_given&limit=200',
    );
    // Only the typed answers: the requests without one have no verbatim.
    expect(verbatims.total).toBeGreaterThan(0);
    expect(verbatims.total).toBeLessThan(none?.count as number);
    await expect
      .poll(async () => parseCount(await page().getByTestId('verbatim-total').textContent()))
      .toBe(verbatims.total);
    for (const item of verbatims.items) {
      expect(item.reasonOrigin).toBe('classification');
      expect(item.text, 'an answer that names no reason').not.toMatch(/price|expensive|crash|bug|switch/i);
    }
  });

  it('breaks the reasons down by signup quarter on /reasons, each quarter the sum of its months in /api/cohorts', async () => {
    const cohorts = await api<{ bySignupMonth: { key: string; total: number }[] }>('/api/cohorts');
    const quarters = new Map<string, number>();
    for (const { key, total } of cohorts.bySignupMonth) {
      const quarter = `${key.slice(0, 4)} Q${Math.ceil(Number(key.slice(5, 7)) / 3)}`;
      quarters.set(quarter, (quarters.get(quarter) ?? 0) + total);
    }
    const ordered = [...quarters.entries()].sort(([a], [b]) => a.localeCompare(b));
    expect(ordered.length, 'signup quarters of the sample data').toBeGreaterThan(11);
    const older = ordered.slice(0, -11).reduce((sum, [, total]) => sum + total, 0);
    const recent = ordered.slice(-11);

    await visit('/reasons');
    await page().getByLabel('Break down by').selectOption('signup');
    await page().waitForURL(/by=signup/);
    await waitForSettled(page());
    await page().getByText('Data table: Reason mix by signup quarter').click();
    const rows = await page()
      .getByRole('table', { name: 'Reason mix by signup quarter' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].slice(0, 2).map((cell) => cell.textContent?.trim() ?? '')),
      );
    expect(rows.map(([group, total]) => [group, parseCount(total ?? '')])).toEqual([
      [`before ${recent[0]?.[0]}`, older],
      ...recent,
    ]);
  });

  it('names the reasons of the filter bar in the verbatim reason choice when there are several', async () => {
    await visit('/verbatims?reason=too_expensive&reason=unused');
    const select = page().locator('#verbatim-reason');
    await expect
      .poll(() => select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent))
      .toBe('Too expensive or Unused');
  });

  it("shows the API's refusal when a viewer token tries to relabel, with the way to an admin token", async () => {
    await visit('/verbatims');
    await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), VIEWER_TOKEN);
    const row = page().locator('tr[data-verbatim]').first();
    const current = await row.getByLabel('Relabel reason').inputValue();
    await row.getByLabel('Relabel reason').selectOption(current === 'other' ? 'unused' : 'other');
    await row.getByRole('button', { name: 'Relabel' }).click();
    await expect.poll(() => row.getByRole('alert').textContent()).toContain('needs an admin token');
    await row.getByRole('button', { name: 'Set an admin token' }).click();
    await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe('api-token');
    // The refused request is the one console error this test expects.
    expect(session.takeErrors()).toEqual([expect.stringMatching(/status of 403/)]);
    await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), ADMIN_TOKEN);
  });

  it.each([
    ['a desktop', DESKTOP],
    ['a phone', PHONE],
  ])(
    'takes a user refused for want of a token to the Settings token field in one step, on %s',
    async (_, size) => {
      await page().setViewportSize(size);
      await page().evaluate(() => localStorage.removeItem('churnlens.adminToken'));
      try {
        await visit('/');
        await page()
          .getByRole('alert')
          .filter({ hasText: 'Could not load the summary.' })
          .getByRole('button', { name: 'Set an API token' })
          .click();
        await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe('api-token');
        expect(await page().getByLabel('API token').isVisible()).toBe(true);
        await page().keyboard.type(ADMIN_TOKEN);
        await page().keyboard.press('Enter');
        await page().locator('li[data-kpi]').first().waitFor();
        // Each panel reloads on its own: the summary's tiles may come before the other panels' alerts go.
        await expect.poll(() => page().getByRole('alert').count()).toBe(0);
      } finally {
        await page().setViewportSize(DESKTOP);
        await page().evaluate((token) => localStorage.setItem('churnlens.adminToken', token), ADMIN_TOKEN);
      }
      // The refused requests are the console errors this test expects.
      const errors = session.takeErrors() ?? [];
      expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
    },
  );

  it("says when a verbatim counts under the customer's picked reason because its text names none", async () => {
    const search = '?reason=too_expensive&q=cancel';
    const body = await api<{ items: { reasonOrigin: string }[] }>(`/api/verbatims${search}`);
    const picked = body.items.filter((item) => item.reasonOrigin === 'reason_code').length;
    expect(picked).toBeGreaterThan(0);
    expect(body.items.length).toBeGreaterThan(picked);
    await visit(`/verbatims${search}`);
    await expect.poll(() => page().locator('tr[data-verbatim]').count()).toBe(body.items.length);
    const flagged = page().locator('tr[data-verbatim]', { hasText: 'picked by the customer' });
    expect(await flagged.count()).toBe(picked);
    // The text's confidence and evidence are for Other, not for the reason shown: the row says so instead.
    expect(await flagged.filter({ hasText: 'the text alone reads as Other' }).count()).toBe(picked);
    expect(await flagged.locator('mark').count()).toBe(0);
  });

  it('uploads CSVs on /data, the cancellations before the offers made on them, and lists the run', async () => {
    const file = join(session.workDir(), 'e2e-cancellations.csv');
    const offers = join(session.workDir(), 'e2e-offers.csv');
    await writeFile(file, buildUploadCsv());
    await writeFile(offers, UPLOAD_OFFERS_CSV);
    await visit('/data');
    // The server's limit, from /api/health, before anything is sent.
    await page().getByText('Up to 512 MiB per upload.').waitFor();
    // Chosen offers first: the server still reads the cancellations they refer to first.
    await page().getByLabel('Files', { exact: true }).setInputFiles([offers, file]);
    await page().getByRole('button', { name: 'Upload and ingest' }).click();
    const result = page().getByTestId('upload-result');
    await result.waitFor({ timeout: 60_000 });
    const files = (await result.locator('p').allTextContents()).map((line) => line.replace(/\s+/g, ' '));
    expect(files).toHaveLength(2);
    expect(files[0]).toContain(`e2e-cancellations.csv (cancellations): ingested as run #`);
    expect(files[0]).toContain(
      `${UPLOAD_EXPECTED.read} read, ${UPLOAD_EXPECTED.loaded} loaded, 0 updated, 0 unchanged, ${UPLOAD_EXPECTED.rejected} rejected`,
    );
    expect(files[1]).toContain('e2e-offers.csv (offers): ingested');
    expect(files[1]).toContain('2 read, 2 loaded, 0 updated, 0 unchanged, 0 rejected');

    const runs = await api<{
      runs: { id: number; file: string; rowsRead: number; rowsLoaded: number; rowsRejected: number }[];
    }>('/api/ingest/runs');
    const run = runs.runs.find((candidate) => candidate.file.endsWith('e2e-cancellations.csv'));
    expect(run).toMatchObject({
      rowsRead: UPLOAD_EXPECTED.read,
      rowsLoaded: UPLOAD_EXPECTED.loaded,
      rowsRejected: UPLOAD_EXPECTED.rejected,
    });
    const row = page().locator(`tr[data-run="${run?.id}"]`);
    await expect
      .poll(() => row.locator('[data-column="read"]').textContent())
      .toBe(String(UPLOAD_EXPECTED.read));
    expect(await row.locator('[data-column="loaded"]').textContent()).toBe(String(UPLOAD_EXPECTED.loaded));

    await row.locator('[data-column="rejected"] a').click();
    await page()
      .getByRole('heading', { name: `Rejected rows of run #${run?.id}` })
      .waitFor();
    const rejected = page().locator('section[aria-labelledby="rejected-title"] tbody tr');
    await expect.poll(() => rejected.count()).toBe(UPLOAD_EXPECTED.rejected);
    const reasons = (await rejected.allTextContents()).join(' ');
    expect(reasons).toMatch(/mrr/);
    expect(reasons).toMatch(/channel/);
    const [download] = await Promise.all([
      page().waitForEvent('download'),
      page().getByRole('button', { name: 'Download all as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`churnlens-run-${run?.id}-rejected.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('file,line,field,message,raw');
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(['mrr', 'channel']);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page().screenshot({ path: join(SCREENSHOTS, 'data-rejected-rows.png'), fullPage: true });
  });

  /**
   * Uploads `csv` as the file `name` on the Data page with `mapping` as its mapping file (and a date order when
   * given), and returns the upload result's text with its white space collapsed.
   */
  async function uploadWithMapping(upload: {
    name: string;
    csv: string;
    mapping: unknown;
    dateOrder?: 'dmy';
  }): Promise<string | undefined> {
    const file = join(session.workDir(), upload.name);
    const mapping = join(session.workDir(), `${upload.name}.map.json`);
    await writeFile(file, upload.csv);
    await writeFile(mapping, JSON.stringify(upload.mapping));
    await visit('/data');
    await page().getByLabel('Files', { exact: true }).setInputFiles(file);
    await page().getByLabel('Mapping file (optional)').setInputFiles(mapping);
    if (upload.dateOrder) await page().getByLabel('Dates like 03/04/2024').selectOption(upload.dateOrder);
    await page().getByRole('button', { name: 'Upload and ingest' }).click();
    const result = page().getByTestId('upload-result');
    await result.waitFor({ timeout: 60_000 });
    return (await result.textContent())?.replace(/\s+/g, ' ');
  }

  it('uploads an export with other headers through a mapping file and a day-first date order', async () => {
    const text = await uploadWithMapping({
      name: 'e2e-mapped.csv',
      csv: MAPPED_UPLOAD_CSV,
      mapping: UPLOAD_MAPPING,
      dateOrder: 'dmy',
    });
    expect(text).toContain('e2e-mapped.csv (cancellations): ingested');
    expect(text).toContain('2 read, 2 loaded, 0 updated, 0 unchanged, 0 rejected');
  });

  it("shows under an uploaded file the upload's warning that a cents column is read as plain mrr", async () => {
    const text = await uploadWithMapping({
      name: 'e2e-cents.csv',
      csv: CENTS_UPLOAD_CSV,
      mapping: CENTS_AS_MRR_MAPPING,
    });
    expect(text).toContain('e2e-cents.csv (cancellations): ingested');
    expect(text).toContain(
      'Warning: mrr: column "price_cents" is read as written, but its name says minor units: if 4900 in it means ' +
        '49.00, map it to "mrr_minor_units" instead ({"columns": {"price_cents": "mrr_minor_units"}}).',
    );
  });

  it('downloads the insight report and the filtered rows from /reports', async () => {
    await visit('/reports?channel=agent_chat');
    expect(await page().getByTestId('report-scope').textContent()).toContain('channel Agent (chat)');
    await page().getByRole('radio', { name: 'Markdown' }).check();
    const [report] = await Promise.all([
      page().waitForEvent('download'),
      page().getByRole('button', { name: 'Download report' }).click(),
    ]);
    expect(report.suggestedFilename()).toMatch(
      /^churnlens-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-channel-agent-chat\.md$/,
    );
    const markdown = await readFile(await report.path(), 'utf8');
    expect(markdown).toMatch(/^# Churn insight report/);
    expect(markdown).toContain('Channel: Agent (chat)');

    // The choice names the dataset; the line under it, which the select is described by, says what it holds.
    await page().getByLabel('Dataset').selectOption('verbatims');
    expect(await page().getByTestId('export-dataset-description').textContent()).toContain(
      'Reason texts and survey answers',
    );
    await page().getByLabel('Dataset').selectOption('cancellations');
    expect(await page().getByTestId('export-dataset-description').textContent()).toContain(
      'One row per cancellation request',
    );
    const [rows] = await Promise.all([
      page().waitForEvent('download'),
      page().getByRole('button', { name: 'Export rows' }).click(),
    ]);
    expect(await page().getByTestId('export-scope').textContent()).toContain(
      'Exports all dates; channel Agent (chat).',
    );
    expect(rows.suggestedFilename()).toMatch(
      /^churnlens-cancellations-all-dates-exported-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = await readFile(await rows.path(), 'utf8');
    // One record per line that starts with an id followed by a customer id (texts may hold line breaks).
    const records = csv.match(/^[^,\n]+,cus-\d+,/gm)?.length ?? 0;
    const reasons = await api<{ total: number }>('/api/reasons?channel=agent_chat');
    expect(records).toBe(reasons.total);
  });

  it("does not apply a report period ending before it starts, and keeps the period and the report's scope", async () => {
    await visit('/reports?from=2026-10-10');
    const scope = page().getByTestId('report-scope');
    expect(await scope.textContent()).toContain('10 Oct 2026 to the last request');
    const end = page().getByLabel('Period end');
    expect(await end.getAttribute('min')).toBe('2026-10-10');
    await end.fill('2026-10-01');
    await expect.poll(() => end.evaluate((element: HTMLInputElement) => element.validity.valid)).toBe(false);
    expect(new URL(page().url()).searchParams.get('to')).toBeNull();
    expect(new URL(page().url()).searchParams.get('from')).toBe('2026-10-10');
    expect(await page().getByText('Ignored in this link').count()).toBe(0);
    expect(await scope.textContent()).toContain('10 Oct 2026 to the last request');
  });

  it('calls no phrase new or rising on /themes when the data begins after the previous period does', async () => {
    // The sample data covers the 18 months up to 2026-10-31: the previous period of this one, 2025-04-15 …
    // 2025-05-14, starts before it.
    const period = 'from=2025-05-15&to=2025-06-13';
    const themes = await api<{ notCompared: string | null; emerging: { phrase: string }[] }>(
      `/api/themes?${period}&limit=15`,
    );
    expect(themes.notCompared).toMatch(/^the data begins on /);
    expect(themes.emerging.length).toBeGreaterThan(0);
    await visit(`/themes?${period}`);
    const section = page().locator('section[aria-labelledby="emerging-title"]');
    expect(await section.locator('h2').textContent()).toBe('Frequent phrases');
    const intro = await section.locator('p.muted').first().textContent();
    expect(intro).toContain(`: ${themes.notCompared}, so no phrase`);
    expect(intro).toContain('Only phrases specific to some reasons are listed');
    const changes = await section.locator('tbody tr td:nth-of-type(4)').allTextContents();
    expect(changes.map((text) => text.trim())).toEqual(themes.emerging.map(() => 'not compared'));
  });

  it('judges each rise on /themes by its p-value adjusted for every phrase tested', async () => {
    const themes = await api<{ phrasesTested: number | null; emerging: { qValue: number | null }[] }>(
      '/api/themes?limit=15',
    );
    expect(themes.phrasesTested).toBeGreaterThan(themes.emerging.length);
    await visit('/themes');
    const section = page().locator('section[aria-labelledby="emerging-title"]');
    const intro = ((await section.locator('p.muted').first().textContent()) ?? '').replace(/\s+/g, ' ');
    expect(parseCount(intro.match(/adjusted for all ([\d,]+) phrases tested/)?.[1] ?? '')).toBe(
      themes.phrasesTested,
    );
    const cells = await section.locator('tbody tr td:nth-of-type(5)').allTextContents();
    expect(cells.map((text) => text.trim())).toEqual(
      themes.emerging.map(({ qValue }) =>
        qValue !== null && qValue < 0.05
          ? formatPValue(qValue, 'q')
          : `${formatPValue(qValue ?? 1, 'q')}, could be noise`,
      ),
    );
  });

  it('names the phrases of the planted theme under it on /themes instead of listing them', async () => {
    // The Themes page asks for 15 phrases.
    const themes = await api<{ emerging: { phrase: string; related: string[] }[] }>('/api/themes?limit=15');
    const folded = themes.emerging.find((theme) => theme.related.length > 0);
    expect(folded, 'the sample data plants an AI theme told in several words').toBeDefined();
    await visit('/themes');
    const rows = page().locator('section[aria-labelledby="emerging-title"] tbody th');
    expect((await rows.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(
      themes.emerging.map(({ phrase, related }) =>
        related.length === 0
          ? `“${phrase}”`
          : `“${phrase}” also ${related.map((other) => `“${other}”`).join(', ')}`,
      ),
    );
  });

  it("keeps each theme's “3 examples” toggle on one line at desktop width", async () => {
    await visit('/themes');
    const toggles = page().locator('section[aria-labelledby="emerging-title"] tbody summary');
    const lines = await toggles.evaluateAll((elements) =>
      elements.map(
        (element) =>
          element.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(element).lineHeight),
      ),
    );
    expect(lines.length, 'emerging phrases with examples').toBeGreaterThan(0);
    expect(Math.max(...lines), 'lines of the tallest toggle').toBeLessThan(1.5);
  });

  /** Clicks the link named `name` on /themes and waits for the verbatims page it opens to settle. */
  async function followThemesLink(name: string): Promise<URL> {
    await visit('/themes');
    await page().getByRole('link', { name }).click();
    await page().waitForURL(/\/verbatims\?/);
    await waitForSettled(page());
    return new URL(page().url());
  }

  it("opens a theme's verbatims from /themes: the cancellations whose text has its phrase, in the theme's period", async () => {
    const themes = await api<{ period: { from: string; to: string }; emerging: { phrase: string }[] }>(
      '/api/themes?limit=15',
    );
    const top = themes.emerging[0] as { phrase: string };
    const address = await followThemesLink(`Read all verbatims with “${top.phrase}”`);
    expect([...address.searchParams.entries()].sort()).toEqual(
      [
        ['from', themes.period.from],
        ['phrase', top.phrase],
        ['to', themes.period.to],
      ].sort(),
    );
    const verbatims = await api<{ total: number; items: { text: string }[] }>(
      `/api/verbatims${address.search}`,
    );
    expect(verbatims.total).toBeGreaterThan(0);
    await expect
      .poll(async () => parseCount(await page().getByTestId('verbatim-total').textContent()))
      .toBe(verbatims.total);
    for (const item of verbatims.items) expect(item.text).toMatch(phraseWords(top.phrase));
    expect(await page().getByText(`with the phrase “${top.phrase}”`).count()).toBe(1);
    await page().getByRole('link', { name: 'Remove the phrase' }).click();
    await page().waitForURL((url) => !url.searchParams.has('phrase'));
  });

  it("opens a candidate new reason's verbatims from /themes: the unexplained ones with its phrase", async () => {
    const themes = await api<{
      period: { from: string; to: string };
      candidateReasons: { phrase: string }[];
    }>('/api/themes?limit=15');
    const top = themes.candidateReasons[0] as { phrase: string };
    const address = await followThemesLink(`Read all unexplained verbatims with “${top.phrase}”`);
    expect([...address.searchParams.entries()].sort()).toEqual(
      [
        ['from', themes.period.from],
        ['phrase', top.phrase],
        ['to', themes.period.to],
        ['unexplained', 'true'],
      ].sort(),
    );
    const verbatims = await api<{
      total: number;
      items: { text: string; reason: string; needsReview: boolean }[];
    }>(`/api/verbatims${address.search}&limit=200`);
    expect(verbatims.total).toBeGreaterThan(0);
    await expect
      .poll(async () => parseCount(await page().getByTestId('verbatim-total').textContent()))
      .toBe(verbatims.total);
    for (const item of verbatims.items) {
      expect(item.text).toMatch(phraseWords(top.phrase));
      expect(item.reason === 'other' || item.needsReview, item.text).toBe(true);
    }
    expect(await page().getByText('that no reason explains').count()).toBe(1);
    await page().getByRole('link', { name: 'Remove the phrase' }).click();
    await page().waitForURL((url) => !url.searchParams.has('phrase') && !url.searchParams.has('unexplained'));
  });

  it("quotes the API's own minimum of verbatims when no phrase of an uncompared period reaches it", async () => {
    // A period where no phrase reaches the minimum is rare on the sample data; the answer is altered to one.
    await page().route('**/api/themes*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { minDocuments: number; emerging: unknown[] };
      await route.fulfill({ response, json: { ...body, minDocuments: 7, emerging: [] } });
    });
    try {
      await visit('/themes?from=2025-05-15&to=2025-06-13');
      const section = page().locator('section[aria-labelledby="emerging-title"]');
      expect(await section.getByRole('status').textContent()).toContain(
        'No phrase specific to some reasons is in 7 verbatims or more of this period.',
      );
    } finally {
      await page().unroute('**/api/themes*');
    }
  });

  it('ranks offers by the customers they keep per offer made, over all dates', async () => {
    await visit('/offers?rankBy=keptAt30');
    expect(await page().getByTestId('period-note').textContent()).toBe('Period: all dates');
    await page().locator('#heatmap-title', { hasText: 'kept 30 days' }).waitFor();
    type Offers = {
      reasons: { reason: string; offers: { offerType: string; keptAt30: { rate: number | null } }[] }[];
    };
    const offers = await api<Offers>('/api/offers?by=reason&rankBy=keptAt30');
    // Columns are the offer types present, in OFFER_TYPES order; rows the reasons, in the API's order.
    const present = new Set(offers.reasons.flatMap((row) => row.offers.map((stats) => stats.offerType)));
    const columns = OFFER_TYPES.filter((offerType) => present.has(offerType));
    const [first] = offers.reasons;
    const cell = first?.offers.find((stats) => stats.keptAt30.rate !== null);
    if (!first || !cell) throw new Error('the sample data has no offer old enough to judge at 30 days');
    const shown = await page()
      .locator('section[aria-labelledby="heatmap-title"] tbody tr')
      .first()
      .locator('td.cell')
      .nth(columns.indexOf(cell.offerType as (typeof OFFER_TYPES)[number]))
      .textContent();
    expect(parsePercent(shown)).toBeCloseTo(cell.keptAt30.rate as number, 2);
  });

  it("shows each agent's save rate with the API's 95% interval", async () => {
    await visit('/channels');
    type Agents = {
      agents: { agentId: string; saveRate: number; saveRateLow: number; saveRateHigh: number }[];
    };
    const [first] = (await api<Agents>('/api/channels')).agents;
    if (!first) throw new Error('the sample data has no agent');
    const row = page().locator('section[aria-labelledby="agent-table-title"] tbody tr').first();
    expect(await row.locator('th').textContent()).toBe(first.agentId);
    // Columns: agent, requests, retained, then the save rate as "23.3% (22.3%–24.4%)".
    const shown = (await row.locator('td').nth(2).textContent()) ?? '';
    const [rate, low, high] = [...shown.matchAll(/[\d.]+%/g)].map((match) => parsePercent(match[0]));
    expect(rate).toBeCloseTo(first.saveRate, 2);
    expect(low).toBeCloseTo(first.saveRateLow, 2);
    expect(high).toBeCloseTo(first.saveRateHigh, 2);
    expect(first.saveRateLow).toBeLessThan(first.saveRate);
    expect(first.saveRateHigh).toBeGreaterThan(first.saveRate);
  });

  it("follows each channel's save rate month by month on /channels, each month's rate and n the API's", async () => {
    type Monthly = {
      breakdown: {
        groups: { key: string; channels: { channel: string; saveRate: number; requests: number }[] }[];
      };
    };
    const { groups } = (await api<Monthly>('/api/channels?by=month')).breakdown;
    expect(groups.length, 'months of the sample data').toBeGreaterThan(12);
    await visit('/channels');
    await page().getByText('Data table: Save rate by channel, month by month').click();
    const table = page().getByRole('table', { name: 'Save rate by channel, month by month' });
    const headers = await table.locator('thead th').allTextContents();
    const selfServe = headers.indexOf('Self-serve');
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
      );
    expect(rows).toHaveLength(groups.length);
    for (const [index, group] of groups.entries()) {
      const stats = group.channels.find((row) => row.channel === 'self_serve');
      const shown = rows[index]?.[selfServe] ?? '';
      // "15.5% (15.3%–15.7%), n=5,210"
      expect(parsePercent(shown.split(' ')[0] ?? ''), group.key).toBeCloseTo(stats?.saveRate as number, 2);
      expect(parseCount(shown.split('n=')[1] ?? ''), group.key).toBe(stats?.requests);
    }
  });

  it('puts under each rate of the offer × reason matrix the number of offers it is out of, and names them', async () => {
    await visit('/offers?rankBy=keptAt30');
    await page().locator('#heatmap-title', { hasText: 'kept 30 days' }).waitFor();
    type Rate = { rate: number | null; n: number };
    type Offers = {
      reasons: { offers: { offerType: string; acceptanceRate: Rate; keptAt30: Rate }[] }[];
    };
    const offers = await api<Offers>('/api/offers?by=reason&rankBy=keptAt30');
    const present = new Set(offers.reasons.flatMap((row) => row.offers.map((stats) => stats.offerType)));
    const columns = OFFER_TYPES.filter((offerType) => present.has(offerType));
    const [first] = offers.reasons;
    const cell = first?.offers.find((stats) => stats.keptAt30.n > 0);
    if (!first || !cell) throw new Error('the sample data has no offer old enough to judge at 30 days');
    // Kept at 30 days is out of fewer offers than were presented: the n shown must be the kept share's own.
    expect(cell.keptAt30.n).toBeLessThan(cell.acceptanceRate.n);
    const shown = await page()
      .locator('section[aria-labelledby="heatmap-title"] tbody tr')
      .first()
      .locator('td.cell')
      .nth(columns.indexOf(cell.offerType as (typeof OFFER_TYPES)[number]))
      .textContent();
    expect(shown?.replace(/\s+/g, ' ').trim()).toMatch(
      new RegExp(`, n = ${cell.keptAt30.n.toLocaleString('en-US')}$`),
    );
    expect(await page().getByTestId('heatmap-out-of').textContent()).toContain(
      'Kept 30 days is out of the offers made in months that ended at least 30 days before the newest request',
    );
    await page().getByLabel('Rate').selectOption('acceptance');
    await expect
      .poll(() => page().getByTestId('heatmap-out-of').textContent())
      .toBe('Accepted is out of all offers presented; n under each rate.');
  });

  it('lists every cell of the offer × reason matrix with its interval, n and best-offer mark, in a data table a keyboard opens', async () => {
    await visit('/offers?rankBy=acceptance');
    type Rate = { rate: number | null; low: number | null; high: number | null; n: number };
    type Offers = {
      reasons: {
        reason: string;
        offers: { offerType: string; acceptanceRate: Rate }[];
        best: { offerType: string; pValue: number | null } | null;
      }[];
    };
    const offers = await api<Offers>('/api/offers?by=reason&rankBy=acceptance');
    const judged = offers.reasons.find((row) => row.best?.pValue !== null && row.best?.pValue !== undefined);
    const best = judged?.best;
    const stats = judged?.offers.find((candidate) => candidate.offerType === best?.offerType)?.acceptanceRate;
    if (!judged || !best || best.pValue === null || !stats)
      throw new Error('the sample data has no ranked offer');

    await page().getByText('Data table: offer × reason, with intervals').focus();
    await page().keyboard.press('Enter');
    const table = page().getByRole('table', { name: 'Offer × reason: accepted, with intervals' });
    await table.waitFor();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
      );
    expect(rows).toHaveLength(offers.reasons.reduce((sum, row) => sum + row.offers.length, 0));
    const bestRow = rows.find(
      ([reason, offer]) => reason === reasonLabel(judged.reason) && offer === offerLabel(best.offerType),
    );
    const [, , rate = '', mark = ''] = bestRow ?? [];
    const shown = /^([\d.]+)% \(([\d.]+)%–([\d.]+)%\), n=([\d,]+)$/.exec(rate);
    expect(shown, rate).not.toBeNull();
    const [, value, low, high, n] = shown ?? [];
    // Shown to one decimal place.
    expect(Math.abs(Number(value) - (stats.rate ?? 0) * 100)).toBeLessThanOrEqual(0.051);
    expect(Math.abs(Number(low) - (stats.low ?? 0) * 100)).toBeLessThanOrEqual(0.051);
    expect(Math.abs(Number(high) - (stats.high ?? 0) * 100)).toBeLessThanOrEqual(0.051);
    expect(parseCount(n ?? '')).toBe(stats.n);
    expect(mark).toMatch(/^★ best, (not clearly )?ahead of /);
    expect(mark.endsWith(`(${formatPValue(best.pValue)})`), mark).toBe(true);
  });

  it('does not apply an end date typed before the start date, and marks the field', async () => {
    await visit('/?from=2024-06-01');
    const to = page().locator('#filter-to');
    await to.fill('2024-05-01');
    await expect.poll(() => to.evaluate((element: HTMLInputElement) => element.validity.valid)).toBe(false);
    expect(new URL(page().url()).searchParams.get('to')).toBeNull();
    expect(new URL(page().url()).searchParams.get('from')).toBe('2024-06-01');
  });

  it('reaches the content by keyboard and labels every control and chart', async () => {
    for (const [, path] of PAGES) {
      await visit(path);
      const problems = await page().evaluate(() => {
        const found: string[] = [];
        for (const control of document.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
          if (control.type === 'hidden') continue;
          const labelled = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label');
          if (!labelled) found.push(`unlabelled ${control.tagName.toLowerCase()} ${control.name}`);
        }
        const charts = document.querySelectorAll('canvas').length;
        const tables = document.querySelectorAll('figure details table').length;
        if (charts !== tables) found.push(`${charts} charts but ${tables} data tables`);
        return found;
      });
      expect(problems, path).toEqual([]);
    }
    await visit('/');
    await page().keyboard.press('Tab');
    expect(await page().evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page().keyboard.press('Enter');
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('makes every box whose table overflows it a named region a keyboard user can tab to and scroll, and no other', async () => {
    const scrollBoxes = () =>
      page().evaluate(() =>
        [...document.querySelectorAll('table')]
          .map((table) => table.parentElement as HTMLElement)
          .filter((box) => /auto|scroll/.test(getComputedStyle(box).overflowX))
          .map((box) => ({
            overflows: box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight,
            tabindex: box.getAttribute('tabindex'),
            role: box.getAttribute('role'),
            label: box.getAttribute('aria-label'),
            chart: box.closest('figure')?.querySelector('h2')?.textContent?.trim(),
          })),
      );
    let overflowing = 0;
    for (const path of ['/reasons', '/verbatims', '/offers', '/channels', '/themes', '/data']) {
      await visit(path);
      // A data table (each chart's, the heatmap's) is folded away until opened; opened, some are wider or
      // taller than their box. Folded, script still measures it, but nothing can focus it.
      await page().evaluate(() => {
        for (const details of document.querySelectorAll('main details:has(table)'))
          details.setAttribute('open', '');
      });
      // The box measures its table when the table's size changes, just after the layout that changed it.
      await expect
        .poll(async () => (await scrollBoxes()).every((box) => box.overflows === (box.tabindex === '0')), {
          message: `${path}: every box a tab stop exactly while its table overflows`,
        })
        .toBe(true);
      const boxes = await scrollBoxes();
      expect(boxes.length, path).toBeGreaterThan(0);
      for (const box of boxes) {
        if (!box.overflows) {
          expect(box, path).toMatchObject({ tabindex: null, role: null, label: null });
          continue;
        }
        overflowing++;
        expect(box, path).toMatchObject({
          tabindex: '0',
          role: 'region',
          label: expect.stringMatching(/\S table$/),
        });
        // A chart's data table is named after the chart.
        if (box.chart) expect(box.label, path).toBe(`${box.chart} table`);
      }
    }
    expect(overflowing, 'boxes whose table overflows on a desktop').toBeGreaterThan(0);
    await page().setViewportSize(PHONE);
    try {
      await visit('/verbatims');
      const box = page().getByRole('region', { name: 'Verbatims table' });
      await box.focus();
      await page().keyboard.press('ArrowRight');
      await expect.poll(() => box.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    } finally {
      await page().setViewportSize(DESKTOP);
    }
  });

  it('makes the ingest runs table no tab stop on a desktop, where it fits, and a named tab stop on a phone, where it overflows', async () => {
    const box = page().getByTestId('ingest-runs').locator('..');
    const stop = () =>
      box.evaluate((element) => ({
        fits: element.scrollWidth <= element.clientWidth,
        tabindex: element.getAttribute('tabindex'),
        role: element.getAttribute('role'),
        label: element.getAttribute('aria-label'),
      }));
    const noStop = { fits: true, tabindex: null, role: null, label: null };
    await visit('/data');
    await expect.poll(stop).toEqual(noStop);
    await page().setViewportSize(PHONE);
    try {
      await expect
        .poll(stop)
        .toEqual({ fits: false, tabindex: '0', role: 'region', label: 'Ingest runs table' });
    } finally {
      await page().setViewportSize(DESKTOP);
    }
    await expect.poll(stop, { message: 'back on a desktop' }).toEqual(noStop);
  });

  it('redraws charts to the width of the window', async () => {
    await visit('/');
    const width = () =>
      page()
        .locator('canvas')
        .first()
        .evaluate((canvas) => canvas.getBoundingClientRect().width);
    const narrow = await width();
    await page().setViewportSize({ width: 1600, height: 900 });
    await expect.poll(width).toBeGreaterThan(narrow + 100);
    await page().setViewportSize(DESKTOP);
    await expect.poll(width).toBeCloseTo(narrow, 0);
  });

  it('tells a first-time user of an empty database how to load data, and says nothing of it once there is data', async () => {
    const empty = await startChurnlensServer({ dbPath: join(session.workDir(), 'empty.duckdb') });
    try {
      await page().goto(`${empty.url}/`);
      await waitForSettled(page());
      const welcome = page().getByRole('region', { name: 'No data yet' });
      expect((await welcome.textContent())?.replace(/\s+/g, ' ')).toContain(
        `churnlens ingest cancellations.csv --server ${empty.url}`,
      );
      expect(await welcome.getByRole('link', { name: 'Data' }).getAttribute('href')).toBe('/data');
      // Said once, by the welcome card: the reasons panel does not add that there are no requests yet.
      await expect.poll(() => page().locator('main p.empty').count()).toBe(0);
      expect(await page().locator('main').textContent()).not.toContain(
        'There are no cancellation requests yet',
      );
    } finally {
      await empty.stop();
    }
    await visit('/');
    expect(await page().getByRole('region', { name: 'No data yet' }).count()).toBe(0);
  });

  it('tells a user of an empty database that there is no data yet, not that no data matches filters never set', async () => {
    const empty = await startChurnlensServer({ dbPath: join(session.workDir(), 'empty-pages.duckdb') });
    const emptyText = async (path: string) => {
      await page().goto(`${empty.url}${path}`);
      await waitForSettled(page());
      return page().locator('main p.empty').first().textContent();
    };
    try {
      expect(await emptyText('/channels')).toBe(
        'There are no cancellation requests yet: upload them on the Data page, or run churnlens ingest.',
      );
      expect(await emptyText('/reasons')).toContain('There are no cancellation requests yet');
      expect(await emptyText('/offers')).toContain('There are no retention offers yet');
      expect(await emptyText('/channels?plan=pro')).toBe('No cancellation requests match these filters.');
      expect(await emptyText('/verbatims')).toContain('There are no verbatims yet');
      expect(await emptyText('/verbatims?needsReview=true')).toBe('No verbatims need review.');
      expect(await emptyText('/verbatims?q=price')).toBe('No verbatims match these filters and this search.');
      expect(await emptyText('/verbatims?sentiment=negative')).toBe(
        'No verbatims match these filters and this search.',
      );
    } finally {
      await empty.stop();
    }
  });

  it('says the server is not answering when it stops mid-session, on the open page and on the next, and keeps the navigation', async () => {
    await visit('/');
    // Every request refused, as when `churnlens serve` is stopped with the dashboard open.
    await page().route('**/*', (route) => route.abort('connectionrefused'));
    try {
      await page().getByLabel('Channel', { exact: true }).selectOption('email');
      await page().waitForURL(/channel=email/);
      await page().getByText('Could not load the summary.').waitFor();
      await page().getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Reasons' }).click();
      await page().waitForURL(/\/reasons\?channel=email/);
      await page().locator('main h1', { hasText: 'This page could not be opened' }).waitFor();
      expect(await page().locator('main').textContent()).toContain(
        'The churnlens server did not answer. Check that churnlens serve is running',
      );
      expect(await page().getByRole('navigation', { name: 'Pages' }).isVisible()).toBe(true);
    } finally {
      await page().unroute('**/*');
    }
    // The refused requests themselves are logged by the browser; nothing else may be (no uncaught error).
    const errors = session.takeErrors() ?? [];
    expect(errors.filter((error) => !error.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);

    await page().getByRole('link', { name: 'Try again' }).click();
    await waitForSettled(page());
    expect(await page().locator('main h1').textContent()).toBe('Reasons');
    expect(page().url()).toContain('/reasons?channel=email');
  });

  it("keeps each figure of the agents table on one line, however long an agent's name", async () => {
    const longName = 'support-team-emea-north-07-jonathan.alexander.verylongsurname@example-company.com';
    await page().route('**/api/channels*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { agents: { agentId: string }[] };
      for (const agent of body.agents.slice(0, 3)) agent.agentId = `${longName}-${agent.agentId}`;
      await route.fulfill({ response, json: body });
    });
    try {
      await visit('/channels');
      const row = page().locator('section[aria-labelledby="agent-table-title"] tbody tr').first();
      expect(await row.locator('th').textContent()).toContain(longName);
      const linesPerFigure = await row.locator('td.number').evaluateAll((cells) =>
        cells.map((cell) => {
          const text = document.createRange();
          text.selectNodeContents(cell);
          return new Set([...text.getClientRects()].map((line) => Math.round(line.top))).size;
        }),
      );
      expect(linesPerFigure.length).toBeGreaterThan(5);
      expect(
        linesPerFigure.every((lines) => lines === 1),
        `lines per figure: ${linesPerFigure}`,
      ).toBe(true);
    } finally {
      await page().unroute('**/api/channels*');
    }
  });

  it('renders every page in the light and the dark theme', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      await visit('/');
      await page()
        .getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' })
        .check();
      expect(await page().evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      for (const [name, path] of PAGES) {
        await visit(path);
        await page().screenshot({ path: join(SCREENSHOTS, `${name}-${theme}.png`), fullPage: true });
      }
    }
    await page().getByRole('radio', { name: 'System' }).check();
  }, 300_000);

  // Every page fits a phone (390×844): nothing is reached only by scrolling the page sideways, the content
  // gets the width instead of a sidebar, and the Overview's key figures stay readable. Wide tables may scroll
  // inside their card; the page itself may not.
  describe('at phone width', () => {
    beforeAll(() => page().setViewportSize(PHONE));
    afterAll(() => page().setViewportSize(DESKTOP));

    it.each(PAGES.map(([, path]) => path))(
      'fits %s in the width of a phone, the content taking that width',
      async (path) => {
        await visit(path);
        const layout = await page().evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          contentWidth: document.querySelector('main')?.getBoundingClientRect().width ?? 0,
        }));
        expect(layout.scrollWidth, 'page width').toBeLessThanOrEqual(layout.innerWidth);
        expect(layout.contentWidth, 'main content width').toBeGreaterThanOrEqual(MIN_CONTENT_WIDTH);
      },
    );

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

    it.each(['/', '/reasons'])(
      'shows the first chart of %s without scrolling, the filters folded',
      async (path) => {
        await visit(path);
        const canvas = page().locator('canvas').first();
        await canvas.waitFor();
        const top = await canvas.evaluate((element) => element.getBoundingClientRect().top);
        expect(top).toBeLessThan(PHONE.height);
        expect(await page().getByLabel('Channel', { exact: true }).isVisible()).toBe(false);
      },
    );

    it("wraps a theme's long list of related phrases under it on /themes, the next column still in view", async () => {
      await visit('/themes');
      const table = page().locator('section[aria-labelledby="emerging-title"] table');
      const related = table.locator('tbody th .related').first();
      expect(await related.count(), 'the sample data plants an AI theme told in several words').toBe(1);
      const lines = await related.evaluate((element, list) => {
        element.textContent = list;
        return (
          element.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(element).lineHeight)
        );
      }, LONG_RELATED_LIST);
      const trend = await table
        .getByRole('columnheader', { name: 'Weekly share' })
        .evaluate((header) => header.getBoundingClientRect().left);
      expect(lines, 'lines of the related phrases').toBeGreaterThan(1.5);
      expect(trend, 'left edge of the Weekly share column').toBeLessThan(PHONE.width);
    });

    it('keeps the top bar its own height above a page with little on it, such as a filter matching nothing', async () => {
      await visit('/channels?plan=no-such-plan');
      expect(await page().getByText('No cancellation requests match these filters.').isVisible()).toBe(true);
      const bar = await page()
        .locator('aside')
        .evaluate((aside) => aside.getBoundingClientRect().height);
      expect(bar).toBeLessThanOrEqual(90);
    });

    it('keeps the Search button of /verbatims beside its search field, not down by the Reason choice', async () => {
      await visit('/verbatims');
      const middle = (box: { y: number; height: number } | null) =>
        box ? box.y + box.height / 2 : Number.NaN;
      const field = await page().getByLabel('Search text').boundingBox();
      const button = await page().getByRole('button', { name: 'Search', exact: true }).boundingBox();
      expect(Math.abs(middle(field) - middle(button))).toBeLessThan(4);
      expect((field?.width ?? 0) + (button?.width ?? 0)).toBeGreaterThan(300);
    });

    it('keeps the top bar to two short rows, the page links in one row that scrolls to the current page and to the focused link', async () => {
      await visit('/data');
      const bar = await page()
        .locator('aside')
        .evaluate((aside) => aside.getBoundingClientRect().height);
      // Before, the links wrapped over two rows under the brand, above a boxed theme choice: about 180 px.
      expect(bar).toBeLessThanOrEqual(90);
      const nav = page().getByRole('navigation', { name: 'Pages' });
      const links = nav.getByRole('link');
      expect(await links.count()).toBe(PAGES.length);
      const tops = await links.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().top));
      expect(new Set(tops).size, 'the links in one row').toBe(1);
      const inView = (name: string) =>
        nav.getByRole('link', { name, exact: true }).evaluate((link) => {
          const row = (link.closest('ul') as HTMLElement).getBoundingClientRect();
          const box = link.getBoundingClientRect();
          return box.left >= row.left - 1 && box.right <= row.right + 1;
        });
      expect(await inView('Data'), 'the current page, last in the row').toBe(true);
      expect(await inView('Overview')).toBe(false);
      await page().keyboard.press('Tab'); // Skip to content
      await page().keyboard.press('Tab');
      expect(await page().evaluate(() => document.activeElement?.textContent?.trim())).toBe('Overview');
      await expect.poll(() => inView('Overview'), { message: 'a link reached by Tab' }).toBe(true);
      expect(await page().getByRole('radio', { name: 'Dark' }).isVisible()).toBe(true);
      expect(
        await page()
          .getByText(/^Settings/)
          .isVisible(),
      ).toBe(true);
    });

    it('opens the folded filters with the Filters button, which names the filters set', async () => {
      await visit('/?plan=pro');
      const toggle = page().getByRole('button', { name: /^Filters/ });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect((await toggle.textContent())?.replace(/\s+/g, ' ')).toContain('plan pro');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const channel = page().getByLabel('Channel', { exact: true });
      expect(await channel.isVisible()).toBe(true);
      await channel.selectOption('agent_chat');
      await page().waitForURL(/channel=agent_chat/);
      await expect
        .poll(async () => (await toggle.textContent())?.replace(/\s+/g, ' '))
        .toContain('plan pro · channel Agent (chat)');
      await toggle.click();
      expect(await channel.isVisible()).toBe(false);
    });

    it('shows the filter fields and the page links down the sidebar on a desktop, with no Filters button', async () => {
      await page().setViewportSize(DESKTOP);
      try {
        await visit('/');
        expect(
          await page()
            .getByRole('button', { name: /^Filters/ })
            .count(),
        ).toBe(0);
        expect(await page().getByLabel('Channel', { exact: true }).isVisible()).toBe(true);
        const lefts = await page()
          .getByRole('navigation', { name: 'Pages' })
          .getByRole('link')
          .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().left));
        expect(new Set(lefts).size, 'the page links stacked in the sidebar').toBe(1);
      } finally {
        await page().setViewportSize(PHONE);
      }
    });
  });

  // At 400 % zoom a 1280 px window is 320 CSS px wide (WCAG 2.1 SC 1.4.10, Reflow): everything must be
  // reached without scrolling the page sideways. A table, chart or the heatmap may scroll inside its own box,
  // which then is what must fit; text and controls anywhere else must end inside the window.
  describe('at 400 % zoom (320 px)', () => {
    beforeAll(() => page().setViewportSize(ZOOMED));
    afterAll(() => page().setViewportSize(DESKTOP));

    /**
     * What sticks out of the window, or out of its card over the card's border: text, controls and charts, or
     * the sideways-scrolling box that holds them, which is then what must fit.
     */
    const reflow = () =>
      page().evaluate(() => {
        const width = window.innerWidth;
        const outermostScrollBox = (element: Element) => {
          let shown = element;
          for (let box = element.parentElement; box && box !== document.body; box = box.parentElement)
            if (/auto|scroll/.test(getComputedStyle(box).overflowX)) shown = box;
          return shown;
        };
        const nameOf = (element: Element) =>
          [
            element.tagName.toLowerCase(),
            element.id && `#${element.id}`,
            element.getAttribute('name') && `[name="${element.getAttribute('name')}"]`,
            ...[...element.classList].map((name) => `.${name}`),
          ].join('');
        const cutOff: string[] = [];
        const check = (element: Element, box: DOMRect, what: string) => {
          if (box.width === 0 && box.height === 0) return;
          const shown = outermostScrollBox(element);
          const { left, right } = shown === element ? box : shown.getBoundingClientRect();
          // Wholly left of the window is the skip link's way of hiding until focused; partly is cut off.
          if (right > width + 0.5 || (left < -0.5 && right > 0))
            cutOff.push(
              `${what} in ${nameOf(shown)}: ${Math.round(left)}–${Math.round(right)} px of ${width}`,
            );
          const card = element.closest('.card');
          if (!card?.contains(shown) || card === shown) return;
          const edges = card.getBoundingClientRect();
          if (right > edges.right + 0.5 || left < edges.left - 0.5)
            cutOff.push(
              `${what} in ${nameOf(shown)}: ${Math.round(left)}–${Math.round(right)} px, its card ${Math.round(edges.left)}–${Math.round(edges.right)} px`,
            );
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          const text = node.textContent?.trim() ?? '';
          if (!parent || !text || parent.closest('.visually-hidden, script, style, select, datalist'))
            continue;
          // The content of a closed <details> is laid out, off where it would be, but not shown.
          if (!parent.checkVisibility({ visibilityProperty: true })) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          check(parent, range.getBoundingClientRect(), `"${text.slice(0, 40)}"`);
        }
        const controls =
          'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex="0"], canvas';
        for (const control of document.querySelectorAll(controls)) {
          if (!control.checkVisibility({ visibilityProperty: true })) continue;
          check(control, control.getBoundingClientRect(), nameOf(control));
        }
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: width,
          contentWidth: document.querySelector('main')?.getBoundingClientRect().width ?? 0,
          cutOff,
        };
      });

    /** Each state is checked in turn, the earlier ones left open: what a user opens at 320 px adds up. */
    const opened: [string, () => Promise<unknown>][] = [
      ['as loaded', async () => {}],
      [
        'the filters opened',
        async () => {
          await page()
            .getByRole('button', { name: /^Filters/ })
            .click();
          expect(await page().getByLabel('Channel', { exact: true }).isVisible()).toBe(true);
        },
      ],
      [
        'Settings opened too',
        async () => {
          await page().locator('aside summary', { hasText: 'Settings' }).click();
          expect(await page().locator('#api-token').isVisible()).toBe(true);
        },
      ],
      [
        'the data tables opened too',
        () =>
          page().evaluate(() => {
            for (const details of document.querySelectorAll<HTMLDetailsElement>('main details'))
              details.open = true;
          }),
      ],
    ];

    it.each(PAGES)(
      'reflows %s: no sideways page scroll, content takes the width, with the filters, Settings and data tables opened too',
      async (_, path) => {
        await visit(path);
        for (const [state, open] of opened) {
          await open();
          const layout = await reflow();
          expect(layout.scrollWidth, `page width, ${state}`).toBeLessThanOrEqual(layout.innerWidth);
          expect(layout.cutOff, `out of the window or of its card, ${state}`).toEqual([]);
          expect(layout.contentWidth, 'main content width').toBeGreaterThanOrEqual(MIN_ZOOMED_CONTENT_WIDTH);
        }
      },
    );

    it('scrolls the offer × reason heatmap inside its card, each reason on one line and in view at its left, scrolled or not', async () => {
      await visit('/offers');
      const heatmap = await page()
        .getByRole('region', { name: 'Offer × reason table' })
        .evaluate((box) => {
          const card = (box.closest('.card') as HTMLElement).getBoundingClientRect();
          const { left, right } = box.getBoundingClientRect();
          // A reason broken over lines, clipped or covered is no longer read at a glance beside its rates.
          const labels = () =>
            [...box.querySelectorAll('tbody th[scope="row"]')].map((label) => {
              window.scrollBy(0, label.getBoundingClientRect().top - window.innerHeight / 2);
              const cell = label.getBoundingClientRect();
              const text = document.createRange();
              text.selectNodeContents(label);
              const hit = document.elementFromPoint(cell.left + 4, cell.top + cell.height / 2);
              return {
                label: label.textContent?.trim(),
                lines: text.getClientRects().length,
                shown: cell.left >= left - 0.5 && cell.right <= right + 0.5,
                onTop: hit !== null && label.contains(hit),
              };
            });
          const unscrolled = labels();
          box.scrollLeft = box.scrollWidth;
          return {
            scrolls: box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === 'auto',
            insideCard: left >= card.left && right <= card.right,
            scrolledBy: box.scrollLeft,
            labels: [...unscrolled, ...labels()],
          };
        });
      expect(heatmap.scrolls, 'the heatmap scrolls sideways').toBe(true);
      expect(heatmap.insideCard, 'the scrolling box inside the card').toBe(true);
      expect(heatmap.scrolledBy, 'scrolled to its last offer').toBeGreaterThan(0);
      expect(heatmap.labels.length).toBeGreaterThan(0);
      for (const label of heatmap.labels) expect(label).toMatchObject({ lines: 1, shown: true, onTop: true });
    });
  });
});
