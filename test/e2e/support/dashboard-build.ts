/**
 * The e2e tests drive the dashboard's production build as `churnlens serve` hosts it. It is rebuilt unless
 * the hash of the sources it was made from, which the build writes beside itself, matches the sources now:
 * so `pnpm test` (which builds first) does not build twice, and a build made while a file was being edited
 * is never tested as if it were of the finished file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { hashSources, readSourceStamp } from '../../../dashboard/source-stamp.ts';
import { REPO_ROOT } from './churnlens-server.ts';

const BUILD_INDEX = join(REPO_ROOT, 'dashboard', 'build', 'index.html');
/**
 * Held while one test process checks and rebuilds: the e2e files run in parallel, and two builds would write
 * the same folder while both servers serve it. (The one suite run that started both files on a stale build
 * hung in both; the cause was not pinned down, but two builds into one folder are wrong either way.)
 */
const BUILD_LOCK = join(REPO_ROOT, 'dashboard', '.e2e-build-lock');
const LOCK_POLL_MS = 250;
/** Sources still changing after this many builds are being edited: better to stop than test one of them. */
const MAX_BUILDS = 2;

function buildIsCurrent(): boolean {
  return existsSync(BUILD_INDEX) && readSourceStamp() === hashSources();
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the build lock, waiting while a live process holds it; a lock left by a dead one is taken over. */
async function lockBuild(): Promise<() => void> {
  const owner = join(BUILD_LOCK, 'pid');
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(existsSync(owner) ? readFileSync(owner, 'utf8') : Number.NaN);
    // No pid yet: its holder is between the two calls above.
    if (Number.isInteger(holder) && !processIsAlive(holder))
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    else await sleep(LOCK_POLL_MS);
  }
}

export async function ensureDashboardBuild(): Promise<void> {
  if (buildIsCurrent()) return;
  const unlock = await lockBuild();
  try {
    for (let build = 0; build < MAX_BUILDS; build += 1) {
      if (buildIsCurrent()) return;
      await promisify(execFile)('pnpm', ['--filter', '@churnlens/dashboard', 'build'], {
        cwd: REPO_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
    }
  } finally {
    unlock();
  }
  if (!buildIsCurrent()) {
    throw new Error(
      'the dashboard sources changed during each of its builds; run the tests once the edits are done',
    );
  }
}
