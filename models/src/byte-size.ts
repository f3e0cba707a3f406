/**
 * Sizes as people write them on a command line ("512MB", "1.5GiB") and as messages show them ("512 MiB").
 * Both units families are read as powers of 1024, so that one flag never means two sizes depending on where
 * it goes: DuckDB itself reads "512MB" as 488 MiB, so memory limits reach it in bytes (limitMemory).
 */
const UNIT_EXPONENT: Record<string, number> = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 };
const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** The number of bytes `text` names, or undefined when it is not a size such as 512MB or 2GiB. */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const unit = match[2].toUpperCase().replace('IB', 'B');
  const bytes = Number(match[1]) * 1024 ** (UNIT_EXPONENT[unit] ?? 0);
  return Number.isFinite(bytes) && bytes >= 1 ? Math.floor(bytes) : undefined;
}

const DISPLAY_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `bytes` in the largest unit it makes at least one of, to one decimal when not whole: "1.5 GiB". */
export function formatByteSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < DISPLAY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${DISPLAY_UNITS[unit]}`;
}
