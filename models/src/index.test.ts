/**
 * The root entry is the pure domain: a package that imports a type or a schema from '@churnlens/models'
 * (the dashboard among them) must not load DuckDB's native bindings with it. Each entry is imported in a
 * fresh process, which then counts the DuckDB files Node loaded (DuckDB's packages are CommonJS, so they
 * are in the require cache even when imported from ES modules).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function duckdbFilesLoadedBy(entry: string): number {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(entry)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(String(loaded.filter((path) => path.includes('@duckdb')).length));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  });
  return Number(output);
}

describe('the entries of @churnlens/models', () => {
  it('loads no DuckDB module through the root entry', () => {
    expect(duckdbFilesLoadedBy('@churnlens/models')).toBe(0);
  });

  it('loads DuckDB through the database modules, which are imported by their own path', () => {
    expect(duckdbFilesLoadedBy('@churnlens/models/database/open-database')).toBeGreaterThan(0);
  });
});
