/**
 * Temporary folders of one job (an ingest's row files, an upload, a download), named after the process that
 * made them: `churnlens-<purpose>-<pid>@<host>-XXXXXX`. A process killed mid-job cannot remove its own, which
 * can hold gigabytes (an upload, twice a file's text, decompressed copies); the next one made on the machine
 * removes the folders whose process is gone.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TemporaryFolder {
  /** The folder itself. */
  directory: string;
  /** A path inside it. */
  path(name: string): string;
  /** Removes it with everything in it. */
  remove(): Promise<void>;
}

const FOLDER_NAME = /^churnlens-[a-z]+-(\d+)@(.+)-[^-]+$/;

function ownHost(): string {
  return hostname().replace(/[^A-Za-z0-9.]/g, '_');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders of this machine's processes that are gone. A folder of another host (a temp dir shared
 * between containers) is left alone, since whether its process runs cannot be told from here.
 */
async function removeAbandonedFolders(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const host = ownHost();
  const abandoned = names.filter((name) => {
    const owner = FOLDER_NAME.exec(name);
    return owner?.[2] === host && !isRunning(Number(owner[1]));
  });
  await Promise.all(
    abandoned.map((name) => rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined)),
  );
}

/** A new folder for `purpose` (lower-case letters) in `parent`, after removing those of processes that are gone. */
export async function temporaryFolder(purpose: string, parent = tmpdir()): Promise<TemporaryFolder> {
  await removeAbandonedFolders(parent);
  const directory = await mkdtemp(join(parent, `churnlens-${purpose}-${process.pid}@${ownHost()}-`));
  return {
    directory,
    path: (name) => join(directory, name),
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
