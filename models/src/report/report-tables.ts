/**
 * The report's sections as plain tables (columns, typed cells, notes). Every renderer lays out the same
 * tables: XLSX writes the numbers as numeric cells with a number format, CSV writes them raw, PDF and
 * Markdown write them as text through {@link formatCell}, so all formats agree on what is reported.
 * A numeric column stays numeric in XLSX and CSV: where a number does not exist for a reason PDF and
 * Markdown put in a word ("new"), the cell is empty there and a column of their own says it.
 */

import { channelLabel, offerLabel } from '../labels.ts';
import { SMALL_SAMPLE_THRESHOLD } from '../metrics/offer-ranking.ts';
import { reasonLabel } from '../taxonomy.ts';
import { formatChange, formatCount, formatFigure, quotePhrases } from './figure-format.ts';
import type { ChannelRow, InsightReport, Kpi, OfferRow, ThemeRow } from './insight-report.ts';
import { SIGNIFICANCE_LEVEL } from './period-change.ts';
import {
  citedSections,
  REPORT_SECTIONS,
  type ReportSection,
  reportFigures,
  sectionTitle,
} from './report-figures.ts';
import { filteredPlan } from './report-plan.ts';

/** Figure units plus the two kinds of change: relative (+32%) and in rate points (+4.5 pts). */
export type CellUnit = 'count' | 'ratio' | 'money' | 'minutes' | 'relative_change' | 'rate_change';
export interface NumberCell {
  value: number;
  unit: CellUnit;
}
/**
 * A figure that does not exist for a reason a word says where the report is read (PDF, Markdown): a theme
 * absent in the previous period has no change in share and reads "new" (one of themes not compared reads "not
 * compared"). XLSX and CSV leave the cell empty,
 * so that an analyst can sort, sum and chart the column, and give the fact in a {@link ReportColumn.rawOnly}
 * column.
 */
export interface WordCell {
  word: string;
}
/**
 * Text, a number with its unit, a word in place of a number, a yes/no fact (a boolean cell in XLSX, true or
 * false in CSV), or null for a figure that does not exist (shown as a dash).
 */
export type ReportCell = string | NumberCell | WordCell | boolean | null;

export interface ReportColumn {
  title: string;
  /** Holds numbers (right-aligned, numeric cells); otherwise text. */
  numeric: boolean;
  /**
   * The unit of the column's raw numbers when it varies from cell to cell as text ("8.9 h", "14 min"), so
   * formats that write the numbers raw (XLSX, CSV) must name it in the header.
   */
  rawUnit?: string;
  /**
   * Only in the formats that write numbers raw (XLSX, CSV): says as a value a spreadsheet can filter on what
   * the row's {@link WordCell} says in PDF and Markdown, which leave the column out.
   */
  rawOnly?: boolean;
}

export interface ReportTable {
  /** File-name-safe identifier: the CSV name in the zip, the XLSX sheet. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** Plain-language caveats printed under the table. */
  notes: string[];
}

const text = (title: string): ReportColumn => ({ title, numeric: false });
const numeric = (title: string): ReportColumn => ({ title, numeric: true });
/** Waits are kept in minutes and written as minutes, hours or days (see formatMinutes). */
const wait = (title: string): ReportColumn => ({ title, numeric: true, rawUnit: 'min' });
const rawFlag = (title: string): ReportColumn => ({ title, numeric: false, rawOnly: true });

/** A column's header where its numbers are written raw: "Median wait (min)". */
export function rawColumnTitle(column: ReportColumn): string {
  return column.rawUnit === undefined ? column.title : `${column.title} (${column.rawUnit})`;
}

function num(value: number | null, unit: CellUnit): NumberCell | null {
  return value === null ? null : { value, unit };
}

/**
 * The table as PDF and Markdown lay it out: without the {@link ReportColumn.rawOnly} columns, whose facts
 * their {@link WordCell}s already say.
 */
export function tableAsRead(table: ReportTable): ReportTable {
  const kept = table.columns.map((column) => column.rawOnly !== true);
  return {
    ...table,
    columns: table.columns.filter((_, index) => kept[index]),
    rows: table.rows.map((row) => row.filter((_, index) => kept[index])),
  };
}

/** A cell as text; money is in `currency`, the report's. */
export function formatCell(cell: ReportCell, currency: string): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if ('word' in cell) return cell.word;
  if (cell.unit === 'relative_change') return formatChange(cell.value, 'count');
  if (cell.unit === 'rate_change') return formatChange(cell.value, 'ratio');
  return formatFigure(cell.value, cell.unit, currency);
}

function kpiChangeUnit(kpi: Kpi): CellUnit {
  return kpi.unit === 'ratio' ? 'rate_change' : 'relative_change';
}

function summaryTable(report: InsightReport): ReportTable {
  const figures = reportFigures(report);
  return {
    id: 'summary',
    title: 'Summary',
    columns: [text('Finding'), text('Source')],
    rows: report.narrative.map((sentence) => [
      sentence.text,
      citedSections(sentence.figures, figures)
        .map((section: ReportSection) => sectionTitle(report, section))
        .join(', '),
    ]),
    notes:
      report.narrative.length === 0
        ? ['No change in this period was large and certain enough to report.']
        : [],
  };
}

function kpiTable(report: InsightReport): ReportTable {
  return {
    id: 'kpis',
    title: REPORT_SECTIONS.kpis,
    columns: [text('Metric'), numeric('Current'), numeric('Previous'), numeric('Change')],
    rows: report.kpis.map((kpi) => [
      kpi.label,
      num(kpi.current, kpi.unit),
      num(kpi.previous, kpi.unit),
      num(kpi.change, kpiChangeUnit(kpi)),
    ]),
    notes: [
      `Previous: ${report.previousPeriod.from} to ${report.previousPeriod.to}. Retained: saved, paused or downgraded. Save rate changes are in rate points. Money in ${report.currency}.`,
    ],
  };
}

/**
 * A report filtered to one plan has no top plan columns: they would name the filter on every row, at 100%.
 * A note says so, since the same table of an unfiltered report has them.
 */
function reasonTable(report: InsightReport): ReportTable {
  const plan = filteredPlan(report.filters);
  const byPlan = plan === undefined;
  const mrrNote = `MRR lost sums the monthly revenue of requests that ended cancelled, in ${report.currency}.`;
  return {
    id: 'reasons',
    title: REPORT_SECTIONS.reasons,
    columns: [
      text('Reason'),
      numeric('Requests'),
      numeric('Previous'),
      numeric('Change'),
      numeric('Share'),
      numeric('MRR lost'),
      ...(byPlan ? [text('Top plan'), numeric('Top plan share')] : []),
    ],
    rows: report.reasons.map((row) => [
      row.label,
      num(row.current, 'count'),
      num(row.previous, 'count'),
      num(row.change, 'relative_change'),
      num(row.share, 'ratio'),
      num(row.mrrLost, 'money'),
      ...(byPlan ? [row.topPlan, num(row.topPlanShare, 'ratio')] : []),
    ]),
    notes: byPlan
      ? [mrrNote]
      : [mrrNote, `No top plan: every request in this report is on the ${plan} plan.`],
  };
}

/** "Too expensive (Downgrade, Pause); Unused (Discount)": the offers of `rows` by reason, in table order. */
function offersByReason(rows: readonly OfferRow[]): string {
  const reasons = [...new Set(rows.map((row) => row.reason))];
  return reasons
    .map((reason) => {
      const offers = rows.filter((row) => row.reason === reason).map((row) => offerLabel(row.offerType));
      return `${reasonLabel(reason)} (${offers.join(', ')})`;
    })
    .join('; ');
}

/**
 * Names once under the table the offers presented too rarely to compare: marking each row said the same
 * words on most rows of a filtered report, and the Presented column already gives each row's number. A
 * reason none of whose offers can be judged is named as a whole, since nothing can be said of what works
 * for it.
 */
function smallSampleNotes(offers: readonly OfferRow[]): string[] {
  const small = offers.filter((row) => row.smallSample);
  if (small.length === 0) return [];
  const unjudged = [...new Set(offers.map((row) => row.reason))].filter((reason) =>
    offers.every((row) => row.reason !== reason || row.smallSample),
  );
  const named = [
    offersByReason(small.filter((row) => !unjudged.includes(row.reason))),
    unjudged.length === 0
      ? ''
      : `every offer for ${unjudged.map(reasonLabel).join(', ')}, so what works for ${unjudged.length === 1 ? 'it' : 'them'} cannot be told`,
  ].filter((part) => part !== '');
  return [
    `Too few to tell, presented fewer than ${SMALL_SAMPLE_THRESHOLD} times (their intervals are too wide to compare): ${formatCount(small.length)} of the ${formatCount(offers.length)} offers — ${named.join('; ')}.`,
  ];
}

/**
 * Names the offers presented often enough whose kept share still rests on too few offers old enough to
 * judge (the API's keptAt30.n, the Judged at 30 days column), since a share of 2 reads as 100%. An offer
 * presented too rarely has fewer still, and is named already.
 */
function keptSmallSampleNotes(offers: readonly OfferRow[]): string[] {
  const thin = offers.filter(
    (row) => !row.smallSample && row.keptAt30 !== null && row.keptAt30Judged < SMALL_SAMPLE_THRESHOLD,
  );
  if (thin.length === 0) return [];
  return [
    `Kept 30 days is too few to tell as well where an offer presented often enough was judged on fewer than ${SMALL_SAMPLE_THRESHOLD} (Judged at 30 days): ${offersByReason(thin)}.`,
  ];
}

function offerTable(report: InsightReport): ReportTable {
  return {
    id: 'offers',
    title: REPORT_SECTIONS.offers,
    columns: [
      text('Reason'),
      text('Offer'),
      numeric('Presented'),
      numeric('Accepted'),
      numeric('Acceptance'),
      numeric('95% CI low'),
      numeric('95% CI high'),
      numeric('Kept 30 days'),
      numeric('Judged at 30 days'),
    ],
    rows: report.offers.map((row) => [
      reasonLabel(row.reason),
      offerLabel(row.offerType),
      num(row.presented, 'count'),
      num(row.accepted, 'count'),
      num(row.rate, 'ratio'),
      num(row.low, 'ratio'),
      num(row.high, 'ratio'),
      num(row.keptAt30, 'ratio'),
      num(row.keptAt30Judged, 'count'),
    ]),
    notes: [
      'Acceptance is accepted / presented, with its 95% Wilson interval.',
      ...smallSampleNotes(report.offers),
      'Kept 30 days: of the offers made in months that ended at least 30 days before the newest data (Judged at 30 days), the share that was accepted and whose customer had not churned 30 days after accepting, i.e. customers kept per offer made; empty while none is that old. Those are fewer than the offers presented, so the kept share can read above the acceptance.',
      ...keptSmallSampleNotes(report.offers),
    ],
  };
}

/** The columns channels and agents share: requests, those retained, the save rate and the median wait. */
function handlingColumns(): ReportColumn[] {
  return [numeric('Requests'), numeric('Retained'), numeric('Save rate'), wait('Median wait')];
}

function handlingCells(
  row: Pick<ChannelRow, 'requests' | 'retained' | 'saveRate' | 'medianWaitMinutes'>,
): ReportCell[] {
  return [
    num(row.requests, 'count'),
    num(row.retained, 'count'),
    num(row.saveRate, 'ratio'),
    num(row.medianWaitMinutes, 'minutes'),
  ];
}

function channelTable(report: InsightReport): ReportTable {
  return {
    id: 'channels',
    title: REPORT_SECTIONS.channels,
    columns: [text('Channel'), ...handlingColumns(), wait('90th pct wait')],
    rows: report.channels.map((row) => [
      channelLabel(row.channel),
      ...handlingCells(row),
      num(row.p90WaitMinutes, 'minutes'),
    ]),
    notes: [
      'Wait is the time from the request until it was handled, whether by an agent, the self-serve flow or the chatbot; requests never handled, such as those abandoned in a queue, are left out.',
    ],
  };
}

function agentTable(report: InsightReport): ReportTable {
  return {
    id: 'agents',
    title: REPORT_SECTIONS.agents,
    columns: [text('Agent'), ...handlingColumns()],
    rows: report.agents.map((row) => [row.agentId, ...handlingCells(row)]),
    notes: [],
  };
}

/**
 * A theme absent in the previous period has no relative change; it is "new", as the Themes page says. Themes
 * not compared have none either, and are not new: the previous period is missing from the data, or has no
 * answers for a theme to be absent from.
 */
function themeChange(report: InsightReport, row: ThemeRow): NumberCell | WordCell {
  if (report.themesNotCompared !== null) return { word: 'not compared' };
  return row.change === null ? { word: 'new' } : { value: row.change, unit: 'relative_change' };
}

/** Whether the theme is new this period; unknown (null) when the themes are not compared. */
function themeIsNew(report: InsightReport, row: ThemeRow): boolean | null {
  return report.themesNotCompared === null ? row.change === null : null;
}

const THEME_ANSWERS_NOTE =
  "Answers: the verbatims (cancellation reasons and survey answers) that mention the phrase; share: those answers over all answers of the period. “Also” names phrases of the same theme, at least half of whose answers mention the phrase, as the dashboard's Themes page does.";

function themeNotes(report: InsightReport): string[] {
  if (report.themesNotCompared === null) {
    return [
      `${THEME_ANSWERS_NOTE} A theme rises when its share does (as on the dashboard's Themes page), not its count, which also grows with the number of answers; “Could be noise” marks a rise that is not significant once adjusted for the ${formatCount(report.themesTested ?? 0)} phrases tested (q ≥ ${SIGNIFICANCE_LEVEL}: with q, the p-value adjusted by the Benjamini–Hochberg method, under 5% of the rises called significant are expected to be noise). The summary mentions only significant rises.`,
    ];
  }
  const { from, to } = report.previousPeriod;
  const which = report.themesReasonSpecificOnly
    ? "the phrases in the most answers of the period among those specific to some reasons, none called new or rising (as on the dashboard's Themes page); words found under every reason about as often as the reasons themselves are say nothing about why customers leave."
    : "the phrases in the most answers of the period, none called new or rising (as on the dashboard's Themes page).";
  return [
    THEME_ANSWERS_NOTE,
    `Not compared with ${from} to ${to}: ${report.themesNotCompared}. These are ${which}`,
  ];
}

/** "Could be noise" for a rise that is not significant, and the phrases named under the theme. */
function themeNote(compared: boolean, row: ThemeRow): string {
  const noise = compared && !row.significant ? 'Could be noise' : '';
  const related = row.related.length === 0 ? '' : `Also ${quotePhrases(row.related)}`;
  return [noise, related].filter((part) => part !== '').join('; ');
}

function themeTable(report: InsightReport): ReportTable {
  const compared = report.themesNotCompared === null;
  return {
    id: 'themes',
    title: sectionTitle(report, 'themes'),
    columns: [
      text('Theme'),
      numeric('Answers'),
      numeric('Share'),
      numeric('Previous answers'),
      numeric('Previous share'),
      numeric('Change in share'),
      rawFlag('New this period'),
      text('Note'),
    ],
    rows: report.themes.map((row) => [
      row.label,
      num(row.current, 'count'),
      num(row.currentShare, 'ratio'),
      num(row.previous, 'count'),
      num(row.previousShare, 'ratio'),
      themeChange(report, row),
      themeIsNew(report, row),
      themeNote(compared, row),
    ]),
    notes: themeNotes(report),
  };
}

function verbatimTable(report: InsightReport): ReportTable {
  return {
    id: 'verbatims',
    title: 'Representative verbatims',
    columns: [text('Theme'), text('Verbatim')],
    rows: report.themes.flatMap((row) => row.verbatims.map((verbatim) => [row.label, verbatim])),
    notes: ['Personal data was redacted when the answers were ingested.'],
  };
}

/** The report's tables in reading order. */
export function reportTables(report: InsightReport): ReportTable[] {
  return [
    summaryTable(report),
    kpiTable(report),
    reasonTable(report),
    offerTable(report),
    channelTable(report),
    agentTable(report),
    themeTable(report),
    verbatimTable(report),
  ];
}

/** "1 day", "30 days". */
function dayCount(days: number): string {
  return days === 1 ? '1 day' : `${formatCount(days)} days`;
}

/** The comparison, and why there is none when the data does not cover both periods. */
function comparisonLine(report: InsightReport): string {
  const { from, to } = report.previousPeriod;
  const line = `Compared with: ${from} to ${to}`;
  return report.notCompared === null ? line : `${line} (not compared: ${report.notCompared})`;
}

/** The title block every format opens with: period, comparison, filters and when it was generated. */
export function reportHeadingLines(report: InsightReport): string[] {
  const filters = report.filters.map((filter) => `${filter.name}: ${filter.value}`).join('; ');
  return [
    `Period: ${report.period.from} to ${report.period.to} (${dayCount(report.period.days)})`,
    comparisonLine(report),
    `Filters: ${filters || 'none'}`,
    `Generated: ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
  ];
}
