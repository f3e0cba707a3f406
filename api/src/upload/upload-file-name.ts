/**
 * What an uploaded file is called. The client's filename is only ever a label (shown in reports and
 * ingest_runs): it is reduced to a plain base name, and the file on disk gets a server-chosen name that
 * keeps just an allow-listed extension, so no client string reaches a filesystem path.
 */

const MAX_NAME_LENGTH = 200;
const INGESTIBLE_EXTENSIONS = [
  '.csv',
  '.tsv',
  '.txt',
  '.ndjson',
  '.jsonl',
  '.json',
  '.parquet',
  '.pq',
  '.xlsx',
  '.xlsm',
  '.zip',
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The last path segment of the client's filename (either slash), without control characters or leading dots. */
export function uploadDisplayName(clientName: string | undefined): string {
  const base = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(CONTROL_CHARACTERS, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
  return cleaned === '' ? 'upload' : cleaned;
}

/** A file name's known ingest extension, lower-cased, or ''. */
function knownExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : '';
  return INGESTIBLE_EXTENSIONS.includes(extension) ? extension : '';
}

/**
 * The server-side file name of the index-th upload: `upload-1.csv`, `upload-1.csv.gz` for a compressed one
 * (so the decompressed copy still says its format), or `upload-1` for an unknown extension.
 */
export function uploadStorageName(index: number, displayName: string): string {
  const compressed = /\.gz$/i.test(displayName);
  const extension = knownExtension(compressed ? displayName.slice(0, -3) : displayName);
  return `upload-${index}${extension}${compressed ? '.gz' : ''}`;
}
