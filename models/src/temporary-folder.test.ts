import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from './temporary-folder.ts';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'churnlens-temporary-folder-test-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

describe('temporaryFolder', () => {
  it("removes the folders of this machine's processes that are gone, and no one else's", async () => {
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');
    // A process that has exited: its pid names no running process.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const folders = {
      killedIngest: `churnlens-rows-${gone}@${host}-a1B2c3`,
      killedUpload: `churnlens-upload-${gone}@${host}-x1Y2z3`,
      running: `churnlens-rows-${process.pid}@${host}-d4E5f6`,
      otherHost: `churnlens-rows-${gone}@another.host-g7H8i9`,
      unnamed: 'churnlens-rows-g7H8i9',
    };
    for (const name of Object.values(folders)) {
      mkdirSync(join(parent, name), { recursive: true });
      writeFileSync(join(parent, name, 'texts.ndjson'), '{"text":"left behind"}\n');
    }
    const fresh = await temporaryFolder('download', parent);
    expect(readdirSync(parent).sort()).toEqual(
      [folders.running, folders.otherHost, folders.unnamed, fresh.directory.split('/').pop()].sort(),
    );
    expect(fresh.directory).toMatch(new RegExp(`/churnlens-download-${process.pid}@`));
  });

  it('gives paths inside the folder and removes it with its files', async () => {
    const folder = await temporaryFolder('rows', parent);
    writeFileSync(folder.path('texts.ndjson'), '{}\n');
    await folder.remove();
    expect(existsSync(folder.directory)).toBe(false);
  });
});
