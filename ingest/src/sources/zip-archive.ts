/**
 * ZIP archives of exports, as billing and survey tools hand out an "export all" download: the entries churnlens
 * reads are written out one at a time to temporary copies, to be ingested as `<archive>/<entry>`. yauzl reads
 * the archive's central directory and streams each entry, so an archive is never held in memory.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ExpansionLimit } from '../ingest-report.ts';
import { ExpansionLimitError } from './expansion-limit.ts';

export interface ExtractedEntry {
  /** The entry's name in the archive ("exports/cancellations.csv"). */
  name: string;
  /** Where its copy was written. */
  path: string;
}

export interface ArchiveContents {
  extracted: ExtractedEntry[];
  /** Entries not extracted (no format churnlens reads), by name. */
  others: string[];
}

/** Folders and files the archivers of macOS and others add, which hold no data. */
function isArchiverMetadata(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)\.[^/]*$/.test(name);
}

function openArchive(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (error, zipfile) => (error ? reject(error) : resolve(zipfile))),
  );
}

function openEntry(zipfile: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zipfile.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

/** The archive's entries one by one, in the archive's order. */
async function* entriesOf(zipfile: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | undefined>((resolve, reject) => {
      const cleanUp = () => {
        zipfile.off('entry', onEntry);
        zipfile.off('end', onEnd);
        zipfile.off('error', onError);
      };
      const onEntry = (entry: Entry) => {
        cleanUp();
        resolve(entry);
      };
      const onEnd = () => {
        cleanUp();
        resolve(undefined);
      };
      const onError = (error: Error) => {
        cleanUp();
        reject(error);
      };
      zipfile.on('entry', onEntry);
      zipfile.on('end', onEnd);
      zipfile.on('error', onError);
      zipfile.readEntry();
    });
    if (next === undefined) return;
    yield next;
  }
}

/**
 * Writes each entry `wanted` accepts to `copyPath(name, index)`, skipping folders and archiver metadata.
 * Throws on an archive that cannot be read (not a ZIP, cut off, an entry that does not inflate), and before
 * the entry that would take the extracted entries past `limit`. An entry's size is the one the archive
 * declares, which yauzl holds the entry to as it inflates.
 */
export async function extractArchive(
  path: string,
  wanted: (name: string) => boolean,
  copyPath: (name: string, index: number) => string,
  limit?: ExpansionLimit,
): Promise<ArchiveContents> {
  const zipfile = await openArchive(path);
  const contents: ArchiveContents = { extracted: [], others: [] };
  let expanded = 0;
  try {
    for await (const entry of entriesOf(zipfile)) {
      const name = entry.fileName;
      if (name.endsWith('/') || isArchiverMetadata(name)) continue;
      if (!wanted(name)) {
        contents.others.push(name);
        continue;
      }
      expanded += entry.uncompressedSize;
      if (limit && expanded > limit.bytes) throw new ExpansionLimitError('its files expand', limit);
      const copy = copyPath(name, contents.extracted.length);
      await pipeline(await openEntry(zipfile, entry), createWriteStream(copy));
      contents.extracted.push({ name, path: copy });
    }
  } finally {
    zipfile.close();
  }
  return contents;
}
