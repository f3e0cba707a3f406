/**
 * RFC 4180 CSV formatting for exports. Text passes through {@link neutralizeFormula} so customer-written
 * verbatims cannot become formulas; numbers and booleans are written as-is (a negative amount stays a number).
 */
import { neutralizeFormula } from './neutralize-formula.ts';

export type CsvValue = string | number | bigint | boolean | null | undefined;

function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record terminated by CRLF, as RFC 4180 specifies. */
export function formatCsvRow(values: readonly CsvValue[]): string {
  return `${values.map(formatCsvField).join(',')}\r\n`;
}
