/**
 * The SQL that reads an amount from a staged value: a plain number, the spreadsheet spellings whose reading
 * is not in doubt, and an amount written with its row's currency sign or code (models' CURRENCY_SIGNS).
 * Used by build-check-query.ts; signs and patterns travel as parameters.
 */
import { CURRENCY_SIGNS } from '@churnlens/models/schema/currencies';
import { type DuckDBValue, listValue } from '@duckdb/node-api';

/**
 * An amount as a plain number (49.90), and the spellings of spreadsheets whose reading is not in doubt: a
 * decimal comma with one or two decimals (49,90), a decimal comma after thousands dots (1.234,50) and
 * thousands commas before a decimal point (1,234.50). "1,234" stays rejected: thousands in one convention,
 * a decimal in the other.
 */
export function decimalExpression(value: string): string {
  const amount = (text: string) => `TRY_CAST(${text} AS DECIMAL(14, 2))`;
  return `coalesce(${amount(value)}, CASE
    WHEN regexp_full_match(${value}, '[+-]?[0-9]+,[0-9]{1,2}') THEN ${amount(`replace(${value}, ',', '.')`)}
    WHEN regexp_full_match(${value}, '[+-]?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]{1,2}')
      THEN ${amount(`replace(replace(${value}, '.', ''), ',', '.')`)}
    WHEN regexp_full_match(${value}, '[+-]?[0-9]{1,3}(,[0-9]{3})+\\.[0-9]+') THEN ${amount(`replace(${value}, ',', '')`)}
    END)`;
}

/** A currency sign of CURRENCY_SIGNS (longest first, so that `US$` is not read as `$`) or an ISO code. */
const CURRENCY_MARK = `(${Object.keys(CURRENCY_SIGNS)
  .sort((a, b) => b.length - a.length)
  .map((sign) => sign.replace(/[$.]/g, '\\$&'))
  .join('|')}|[A-Za-z]{3})`;
const AMOUNT_NUMBER = '([+-]?[0-9][0-9.,]*)';
/** An amount after or before a currency sign or code: `$39.00`, `US$ 39`, `39,00 €`, `39.00 usd`. */
const SIGN_FIRST = `^${CURRENCY_MARK}\\s*${AMOUNT_NUMBER}$`;
const NUMBER_FIRST = `^${AMOUNT_NUMBER}\\s*${CURRENCY_MARK}$`;

/** The sign or code and the number of an amount written with one (NULL both when it is not). */
function currencyMarkedParts(
  value: string,
  param: (value: DuckDBValue) => string,
): { sign: string; number: string } {
  const [signFirst, numberFirst] = [param(SIGN_FIRST), param(NUMBER_FIRST)];
  const part = (signFirstGroup: number, numberFirstGroup: number) =>
    `coalesce(nullif(regexp_extract(${value}, ${signFirst}, ${signFirstGroup}), ''),
      nullif(regexp_extract(${value}, ${numberFirst}, ${numberFirstGroup}), ''))`;
  return { sign: part(1, 2), number: part(2, 1) };
}

/** "$ USD", "$ CAD", "€ EUR"…: each sign with each currency it may stand for (CURRENCY_SIGNS). */
const SIGN_CURRENCY_PAIRS = Object.entries(CURRENCY_SIGNS).flatMap(([sign, codes]) =>
  codes.map((code) => `${sign} ${code}`),
);

/** Whether a sign or code written with an amount stands for the row's currency. */
function signMatchesSql(sign: string, currency: string, param: (value: DuckDBValue) => string): string {
  return `(upper(${sign}) = upper(${currency})
    OR list_contains(${param(listValue(SIGN_CURRENCY_PAIRS))}, ${sign} || ' ' || upper(${currency})))`;
}

/**
 * An amount of the row's currency: a number as decimalExpression reads it, or one written with the
 * currency's sign or code ($39.00, 39,00 €, 39.00 USD). A sign of another currency leaves it unread.
 */
export function amountExpression(
  value: string,
  currency: string,
  param: (value: DuckDBValue) => string,
): string {
  const { sign, number } = currencyMarkedParts(value, param);
  return `coalesce(${decimalExpression(value)},
    CASE WHEN ${signMatchesSql(sign, currency, param)} THEN ${decimalExpression(number)} END)`;
}

/** The case of an amount written with the sign or code of a currency other than its row's. */
export function otherCurrencyCase(
  value: string,
  typed: string,
  currency: string,
  shownValue: string,
  param: (value: DuckDBValue) => string,
): string {
  const { sign, number } = currencyMarkedParts(value, param);
  return `WHEN ${typed} IS NULL AND ${decimalExpression(number)} IS NOT NULL
    THEN ${shownValue} || 'is written in ' || ${sign} || ' but currency is ' || coalesce('"' || ${currency} || '"', 'missing')`;
}
