/**
 * The e2e tests drive the dashboard's production build as `churnlens serve` hosts it. It is rebuilt unless
 * the hash of the sources it was made from, which the build writes beside itself, matches the sources now:
 * so `pnpm test` (which builds first) does not build twice, and a build made while a file was being edited
 * is never tested as if it were of the finished file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashSources, readSourceStamp } from '../../../dashboard/source-stamp.ts';
import { REPO_ROOT } from './churnlens-server.ts';

const BUILD_INDEX = join(REPO_ROOT, 'dashboard', 'build', 'index.html');
/** Sources still changing after this many builds are being edited: better to stop than test one of them. */
const MAX_BUILDS = 2;

function buildIsCurrent(): boolean {
  return existsSync(BUILD_INDEX) && readSourceStamp() === hashSources();
}

export async function ensureDashboardBuild(): Promise<void> {
  for (let build = 0; build < MAX_BUILDS; build += 1) {
    if (buildIsCurrent()) return;
    await promisify(execFile)('pnpm', ['--filter', '@churnlens/dashboard', 'build'], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  if (!buildIsCurrent()) {
    throw new Error(
      'the dashboard sources changed during each of its builds; run the tests once the edits are done',
    );
  }
}
