/**
 * The e2e tests drive the dashboard's production build as `churnlens serve` hosts it. It is rebuilt only when
 * a source file is newer than the build, so `pnpm test` (which builds first) does not build twice.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './churnlens-server.ts';

const DASHBOARD = join(REPO_ROOT, 'dashboard');
const BUILD_INDEX = join(DASHBOARD, 'build', 'index.html');

function newestSourceTime(): number {
  const sources = [
    join(DASHBOARD, 'svelte.config.js'),
    join(DASHBOARD, 'vite.config.ts'),
    join(DASHBOARD, 'package.json'),
  ];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else sources.push(path);
    }
  };
  walk(join(DASHBOARD, 'src'));
  walk(join(DASHBOARD, 'static'));
  return Math.max(...sources.map((path) => statSync(path).mtimeMs));
}

export async function ensureDashboardBuild(): Promise<void> {
  if (existsSync(BUILD_INDEX) && statSync(BUILD_INDEX).mtimeMs >= newestSourceTime()) return;
  await promisify(execFile)('pnpm', ['--filter', '@churnlens/dashboard', 'build'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(BUILD_INDEX)) throw new Error(`the dashboard build wrote no ${BUILD_INDEX}`);
}
