import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSources } from './source-stamp.ts';

describe('hashSources', () => {
  let root: string;
  let dashboard: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'churnlens-source-stamp-'));
    dashboard = join(root, 'dashboard');
    for (const directory of ['dashboard/src/routes', 'dashboard/static', 'models/src']) {
      mkdirSync(join(root, directory), { recursive: true });
    }
    for (const name of ['svelte.config.js', 'vite.config.ts', 'package.json', 'source-stamp.ts']) {
      writeFileSync(join(dashboard, name), `// ${name}`);
    }
    writeFileSync(join(dashboard, 'src/routes/+page.svelte'), '<h1>Overview</h1>');
    writeFileSync(join(root, 'models/src/labels.ts'), "export const label = 'Discount';");
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('changes when a page is edited, even when its file time is set back to what it was', () => {
    const page = join(dashboard, 'src/routes/+page.svelte');
    const before = hashSources(dashboard);
    const { atime, mtime } = statSync(page);
    writeFileSync(page, '<h1>Overv');
    utimesSync(page, atime, mtime);
    expect(hashSources(dashboard)).not.toBe(before);
  });

  it('changes when a label of the shared models the dashboard bundles is edited', () => {
    const before = hashSources(dashboard);
    writeFileSync(join(root, 'models/src/labels.ts'), "export const label = 'Coupon';");
    expect(hashSources(dashboard)).not.toBe(before);
  });

  it('changes when a file is renamed, and stays the same when nothing the build reads changes', () => {
    const before = hashSources(dashboard);
    writeFileSync(join(dashboard, 'src/routes/page.test.ts'), 'a test is not built');
    expect(hashSources(dashboard)).toBe(before);
    rmSync(join(dashboard, 'src/routes/+page.svelte'));
    writeFileSync(join(dashboard, 'src/routes/+layout.svelte'), '<h1>Overview</h1>');
    expect(hashSources(dashboard)).not.toBe(before);
  });
});
