/**
 * What an e2e file drives: a database of generated sample data served with the built dashboard by a real
 * `churnlens serve` (a viewer and an admin token), and one chromium page. The hooks are registered on the
 * calling suite, so its tests share one server and one browser; a test that leaves a console error behind
 * fails. Without chromium the suite is skipped with a notice, except in CI, where it fails instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type Browser, CHROMIUM_PATH, chromiumAvailable, launchBrowser } from './browser.ts';
import { type RunningServer, startChurnlensServer } from './churnlens-server.ts';
import { ensureDashboardBuild } from './dashboard-build.ts';
import { buildSampleDatabase } from './sample-database.ts';

export interface DashboardSession {
  page(): Page;
  /** The address of a path on the session's server. */
  url(path: string): string;
  /** Console errors since the last call: a test that expects one takes it before it ends. */
  takeErrors(): string[];
  /** A scratch folder for the file's tests, removed after them. */
  workDir(): string;
}

export interface DashboardSessionOptions {
  customers: number;
  viewerToken: string;
  adminToken: string;
  /** Names the scratch folder (`churnlens-<name>-…`) and the skip notice. */
  name: string;
}

const inCi = process.env.CI === 'true';

/** Whether the e2e files must be skipped: no chromium outside CI, said once per file. */
export function skipWithoutChromium(name: string): boolean {
  const skip = !chromiumAvailable() && !inCi;
  if (skip) {
    process.stderr.write(
      `${name} e2e SKIPPED: ${CHROMIUM_PATH} is missing (apt-get install -y chromium); with CI=true this fails instead.\n`,
    );
  }
  return skip;
}

export function useDashboardSession(options: DashboardSessionOptions): DashboardSession {
  let workDir: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!chromiumAvailable())
      throw new Error(`${CHROMIUM_PATH} is missing: install it with apt-get install -y chromium`);
    workDir = await mkdtemp(join(tmpdir(), `churnlens-${options.name}-`));
    const [database] = await Promise.all([
      buildSampleDatabase(workDir, options.customers),
      ensureDashboardBuild(),
    ]);
    server = await startChurnlensServer({
      dbPath: database.path,
      tokens: `viewer:${options.viewerToken},admin:${options.adminToken}`,
    });
    browser = await launchBrowser();
  }, 900_000);

  afterEach(() => {
    expect(browser?.takeErrors() ?? []).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  return {
    page() {
      if (!browser) throw new Error('the browser did not start');
      return browser.page;
    },
    url: (path) => `${server?.url}${path}`,
    takeErrors: () => browser?.takeErrors() ?? [],
    workDir() {
      if (!workDir) throw new Error('the session did not start');
      return workDir;
    },
  };
}
