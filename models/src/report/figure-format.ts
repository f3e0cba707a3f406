/**
 * How report figures are written as text. The narrative, the PDF and the Markdown all format through
 * here, so a number quoted in a sentence reads exactly as it does in the table it comes from.
 */
import type { FigureUnit } from './insight-report.ts';
import { SIGNIFICANCE_LEVEL } from './period-change.ts';

const MINUS = '−';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const moneyFormats = new Map<string, Intl.NumberFormat>();
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Whole units of the reporting currency: 30100.4 USD → "$30,100". */
export function formatMoney(value: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

/**
 * Ratios above zero but under this read "<0.1%": at one decimal they would round to "0.0%", which reads as
 * none ("rose from 0.0% to 2.0%"). The dashboard's percentages use the same bound.
 */
export const SMALLEST_SHOWN_RATIO = 0.001;
export const BELOW_SMALLEST_SHOWN = '<0.1%';

/** 0.245 → "24.5%"; 0.0004 → "<0.1%". */
export function formatPercent(ratio: number): string {
  if (ratio > 0 && ratio < SMALLEST_SHOWN_RATIO) return BELOW_SMALLEST_SHOWN;
  return `${oneDecimal.format(ratio * 100)}%`;
}

/** A wait: "6.5 min", from two hours on "8.3 h", from two days on "3.1 days". */
export function formatMinutes(minutes: number): string {
  if (minutes < 120) return `${oneDecimal.format(minutes)} min`;
  if (minutes < 2 * 24 * 60) return `${oneDecimal.format(minutes / 60)} h`;
  return `${oneDecimal.format(minutes / (24 * 60))} days`;
}

export function formatFigure(value: number | null, unit: FigureUnit, currency: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'count':
      return formatCount(value);
    case 'ratio':
      return formatPercent(value);
    case 'money':
      return formatMoney(value, currency);
    case 'minutes':
      return formatMinutes(value);
  }
}

function readsAsZero(text: string): boolean {
  return !/[1-9]/.test(text);
}

/**
 * Prefixes the sign, except when the magnitude as shown rounds to zero ("0%", not "+0%" or "−0%"): judged on
 * the text, not the value, so "0.7 pts" keeps its sign while "0.0 pts" does not. The dashboard signs its
 * changes through here too.
 */
export function signedChange(magnitude: string, value: number): string {
  if (readsAsZero(magnitude)) return magnitude;
  return value > 0 ? `+${magnitude}` : `${MINUS}${magnitude}`;
}

/** A relative change without its sign, in whole percent: 0.318 → "32%". */
export function formatChangeMagnitude(change: number): string {
  return `${countFormat.format(Math.abs(change) * 100)}%`;
}

/** A rate difference without its sign, in points: 0.045 → "4.5 points". */
export function formatPointsMagnitude(difference: number): string {
  return `${oneDecimal.format(Math.abs(difference) * 100)} points`;
}

function changeMagnitude(change: number, unit: FigureUnit): string {
  return unit === 'ratio'
    ? `${oneDecimal.format(Math.abs(change) * 100)} pts`
    : formatChangeMagnitude(change);
}

/**
 * Whether a change reads as none where it is shown (whole percent, or tenths of a point): such a change has
 * no sign in any format, since "−0%" reads as a fall that is not there.
 */
export function changeRoundsToZero(change: number, unit: FigureUnit): boolean {
  return readsAsZero(changeMagnitude(change, unit));
}

/** A signed change as a table shows it: "+32%" for counts and amounts, "+4.5 pts" for ratios. */
export function formatChange(change: number | null, unit: FigureUnit): string {
  if (change === null) return '—';
  return signedChange(changeMagnitude(change, unit), change);
}

/**
 * A two-sided p-value as the dashboard prints it (Offers, Themes): "p = 0.012", "p < 0.001", or with
 * `symbol` q an adjusted one (false-discovery-rate.ts): "q = 0.012". Near the
 * significance level three decimals would print 0.0496 and 0.0504 alike as "0.050", beside the verdict
 * "ahead" for one and "not clearly ahead" for the other; the figure takes a fourth decimal there, and says
 * only the side of 0.05 it lies on when even that reads 0.0500.
 */
export function formatPValue(pValue: number, symbol: 'p' | 'q' = 'p'): string {
  if (pValue < 0.001) return `${symbol} < 0.001`;
  const significant = pValue < SIGNIFICANCE_LEVEL;
  for (const decimals of [3, 4]) {
    const shown = Number(pValue.toFixed(decimals));
    const readsSignificant = shown < SIGNIFICANCE_LEVEL;
    if (shown !== SIGNIFICANCE_LEVEL && readsSignificant === significant)
      return `${symbol} = ${pValue.toFixed(decimals)}`;
  }
  return `${symbol} ${significant ? '<' : '≥'} ${SIGNIFICANCE_LEVEL}`;
}

/** Phrases as the Themes page and the report name them: “forced”, “sidebar”. */
export function quotePhrases(phrases: readonly string[]): string {
  return phrases.map((phrase) => `“${phrase}”`).join(', ');
}
