/**
 * A hash of what the dashboard build is made from, written beside the build by the build itself. The e2e
 * tests rebuild unless it matches the sources as they are now: file times cannot tell a build made while a
 * file was being edited (newer than the edit, yet made from half of it) from a build of the finished sources.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const DASHBOARD = fileURLToPath(new URL('.', import.meta.url));
/** Beside build/, not in it: build/ is what `churnlens serve` publishes. */
export const SOURCE_STAMP_PATH = join(DASHBOARD, 'build-sources.sha256');

/** Every file the build reads: the dashboard's own, and the shared models it bundles. Tests are not built. */
function sourceFiles(dashboard: string): string[] {
  const files = ['svelte.config.js', 'vite.config.ts', 'package.json', 'source-stamp.ts'].map((name) =>
    join(dashboard, name),
  );
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  for (const directory of ['src', 'static', '../models/src']) walk(join(dashboard, directory));
  return files.sort();
}

/** The sha256 of each source's path and content, in path order. */
export function hashSources(dashboard: string = DASHBOARD): string {
  const hash = createHash('sha256');
  for (const path of sourceFiles(dashboard)) {
    hash.update(`${relative(dashboard, path)}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The hash the last finished build was made from, or null when none finished. */
export function readSourceStamp(path: string = SOURCE_STAMP_PATH): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Hashes the sources as the build starts, before it reads any, and writes the hash once the adapter has
 * written build/: a file edited during the build then leaves a stamp that no longer matches the sources.
 */
export function sourceStampPlugin(): Plugin {
  let outerBuild = false;
  let hash = '';
  return {
    name: 'churnlens-source-stamp',
    apply: 'build',
    // SvelteKit's server build is the outer one: it runs the client build inside it and the adapter last.
    configResolved(config) {
      outerBuild = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!outerBuild) return;
      rmSync(SOURCE_STAMP_PATH, { force: true });
      hash = hashSources();
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        if (outerBuild) writeFileSync(SOURCE_STAMP_PATH, `${hash}\n`);
      },
    },
  };
}
