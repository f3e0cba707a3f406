/**
 * The `<row>` elements of an export's worksheet, written as text. exceljs built a Row, a Cell and a style
 * lookup (the style rendered to XML and hashed) for every cell it wrote: 61 % of the CPU samples of a
 * 200,000-row export (4.8 million cells; docs/performance.md, "XLSX export"). The markup here is the markup exceljs' streaming writer produced for the same values,
 * byte for byte, so the file reads the same in every spreadsheet.
 */
import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';

export interface XlsxColumn {
  name: string;
  /** Timestamps, shown with the workbook's date-time format. */
  date: boolean;
}

/**
 * NOTE: the cell format of date columns, as exceljs numbers it in styles.xml: xf 0 is the default and the
 * date-time format is the only other one the sheet uses. The export test reads a date cell back as a Date,
 * which fails if this drifts.
 */
const DATE_STYLE_ID = 1;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are invalid in XML 1.0 and are dropped, as exceljs did
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

export function escapeXml(text: string): string {
  return text.replace(XML_SPECIAL, (character) => XML_ENTITIES[character] ?? '');
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : columnLetters(Math.floor(index / 26) - 1) + letter;
}

/**
 * A cell of a value as DuckDB hands over the exported column types: VARCHAR as strings, DOUBLE and INTEGER as
 * numbers, BOOLEAN as booleans, NULL as null. Timestamps arrive as spreadsheet day numbers (the export's SQL
 * converts them), which their column's date format shows as dates.
 */
function cellXml(reference: string, style: string, value: unknown): string {
  if (value === null) return style ? `<c r="${reference}"${style}/>` : '';
  if (typeof value === 'string') {
    return `<c r="${reference}"${style} t="str"><v>${escapeXml(neutralizeFormula(value))}</v></c>`;
  }
  if (typeof value === 'number') return `<c r="${reference}"${style}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${reference}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  throw new TypeError(`an xlsx cell cannot hold ${typeof value} values`);
}

/**
 * The `<row>` elements of one chunk of rows, given column by column (`values[column][row]`, as DuckDB holds a
 * chunk), numbered from `firstRow` (row 1 is the header). Strings are formula-neutralized, since they hold
 * customer-written text.
 */
export function xlsxRowsXml(
  columns: readonly XlsxColumn[],
  values: readonly (readonly unknown[])[],
  firstRow: number,
): string {
  const letters = columns.map((_, index) => columnLetters(index));
  const styles = columns.map((column) => (column.date ? ` s="${DATE_STYLE_ID}"` : ''));
  const open = `" spans="1:${columns.length}" x14ac:dyDescent="0.25">`;
  const rowCount = values[0]?.length ?? 0;
  let xml = '';
  for (let index = 0; index < rowCount; index++) {
    const number = firstRow + index;
    xml += `<row r="${number}${open}`;
    for (let column = 0; column < columns.length; column++) {
      const value = (values[column] as readonly unknown[])[index];
      xml += cellXml(`${letters[column]}${number}`, styles[column] as string, value);
    }
    xml += '</row>';
  }
  return xml;
}
