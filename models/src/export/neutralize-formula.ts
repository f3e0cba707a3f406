/**
 * Spreadsheet formula injection guard (CSV/XLSX exports). A cancellation reason typed by a customer such as
 * `=HYPERLINK("http://evil", "click")` would run as a formula when an analyst opens the export in Excel or
 * Sheets; prefixing an apostrophe makes every spreadsheet treat the cell as text, and it shows the original.
 */

/**
 * Characters that make a spreadsheet cell start a formula (or a DDE payload after a leading tab/CR). Exports
 * written by DuckDB build their SQL guard from this same list.
 */
export const FORMULA_TRIGGER_CHARACTERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** Returns the text with a leading apostrophe when it would otherwise be read as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGER_CHARACTERS.includes(text.charAt(0)) ? `'${text}` : text;
}
