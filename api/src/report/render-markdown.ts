/**
 * The insight report as Markdown for wikis and tickets: the summary as a list, every section table as a
 * GitHub-flavoured table with its notes. Text cells are formula-neutralized like every export, because
 * Markdown tables get pasted into spreadsheets too.
 */
import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';
import type { InsightReport } from '@churnlens/models/report/insight-report';
import {
  formatCell,
  type ReportCell,
  type ReportTable,
  reportHeadingLines,
  reportTables,
  tableAsRead,
} from '@churnlens/models/report/report-tables';

/**
 * Keeps a cell on one line and its text literal: `|` cannot end the cell, and a customer's `*`, `_`, `[…](…)`
 * or `<tag>` cannot turn into emphasis, a link or HTML when the wiki renders it.
 */
function escapeCell(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|~#]/g, '\\$&');
}

/** Text is neutralized; formatted numbers ("+12%") are ours and stay as they are. */
function markdownCell(cell: ReportCell, currency: string): string {
  return escapeCell(typeof cell === 'string' ? neutralizeFormula(cell) : formatCell(cell, currency));
}

function markdownTable(table: ReportTable, currency: string): string[] {
  if (table.rows.length === 0) return ['No data in this period.'];
  const header = `| ${table.columns.map((column) => escapeCell(column.title)).join(' | ')} |`;
  const rule = `|${table.columns.map((column) => (column.numeric ? '---:' : '---')).join('|')}|`;
  const rows = table.rows.map((row) => `| ${row.map((cell) => markdownCell(cell, currency)).join(' | ')} |`);
  return [header, rule, ...rows];
}

function summarySection(table: ReportTable): string[] {
  if (table.rows.length === 0) return table.notes;
  return table.rows.map(
    ([finding, source]) => `- ${escapeCell(neutralizeFormula(String(finding)))} _(${String(source)})_`,
  );
}

export function renderMarkdown(report: InsightReport): string {
  const lines = [`# ${report.title}`, '', ...reportHeadingLines(report).map((line) => `${line}  `), ''];
  for (const table of reportTables(report).map(tableAsRead)) {
    lines.push(`## ${table.title}`, '');
    lines.push(...(table.id === 'summary' ? summarySection(table) : markdownTable(table, report.currency)));
    if (table.id !== 'summary')
      lines.push(...table.notes.flatMap((note) => ['', `_${escapeCell(neutralizeFormula(note))}_`]));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
