/**
 * The SQL that reads an amount from a staged value: a plain number, the spreadsheet spellings whose reading
 * is not in doubt, an amount written with its row's currency sign or code (models' CURRENCY_SIGNS), and one
 * in its currency's minor units (cents).
 * Used by build-check-query.ts; signs and patterns travel as parameters.
 */
import { CURRENCIES, CURRENCY_SIGNS } from '@churnlens/models/schema/currencies';
import { type DuckDBValue, listValue } from '@duckdb/node-api';

/**
 * Groups of three digits after one or more separators and nothing else ("1,234", "1.200", "12.500.000"):
 * thousands in one convention, a decimal in the other, so 1.200 is 1200 in a German export and 1.2 in an
 * English one. Such an amount is not read; the message says why (ambiguousAmountCase).
 */
const AMBIGUOUS_THOUSANDS = '[+-]?[0-9]{1,3}([.,][0-9]{3})+';

/**
 * The marks that group thousands and never stand for a decimal: a space, the no-break and narrow no-break
 * spaces French, Nordic and Polish number formats write (1 234,50), and the apostrophe of Swiss ones
 * (1'234.50, also typographic). A regular-expression character class.
 */
const GROUP_MARK = "[ \\x{00A0}\\x{202F}'\u2019]";

/** An SQL string literal of `text`. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * An amount as a plain number (49.90), and the spellings of spreadsheets whose reading is not in doubt: a
 * decimal comma with one or two decimals (49,90), a decimal comma after thousands dots (1.234,50),
 * thousands commas before a decimal point (1,234.50), and thousands grouped by GROUP_MARK, before a decimal
 * comma or point or none (1 234,50, 1'234.50, 1 234). AMBIGUOUS_THOUSANDS is not read.
 */
export function decimalExpression(value: string): string {
  const amount = (text: string) => `TRY_CAST(${text} AS DECIMAL(14, 2))`;
  const ungrouped = `replace(regexp_replace(${value}, ${literal(GROUP_MARK)}, '', 'g'), ',', '.')`;
  return `CASE WHEN regexp_full_match(${value}, '${AMBIGUOUS_THOUSANDS}') THEN NULL ELSE coalesce(${amount(value)}, CASE
    WHEN regexp_full_match(${value}, '[+-]?[0-9]+,[0-9]{1,2}') THEN ${amount(`replace(${value}, ',', '.')`)}
    WHEN regexp_full_match(${value}, '[+-]?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]{1,2}')
      THEN ${amount(`replace(replace(${value}, '.', ''), ',', '.')`)}
    WHEN regexp_full_match(${value}, '[+-]?[0-9]{1,3}(,[0-9]{3})+\\.[0-9]+') THEN ${amount(`replace(${value}, ',', '')`)}
    WHEN regexp_full_match(${value}, ${literal(`[+-]?[0-9]{1,3}(${GROUP_MARK}[0-9]{3})+([.,][0-9]+)?`)})
      THEN ${amount(ungrouped)}
    END) END`;
}

/** How to write an amount whose separator is in doubt, or a whole number's (which has no decimals to add). */
const UNAMBIGUOUS_SPELLING = {
  amount: 'write it without the separator, or with two decimals (1200,00 or 1.20)',
  whole: 'write it without the separator (1200)',
} as const;

/** The case of a number whose separator could mark thousands or decimals (AMBIGUOUS_THOUSANDS). */
export function ambiguousAmountCase(
  value: string,
  typed: string,
  shownValue: string,
  number: keyof typeof UNAMBIGUOUS_SPELLING = 'amount',
): string {
  return `WHEN ${typed} IS NULL AND regexp_full_match(${value}, '${AMBIGUOUS_THOUSANDS}')
    THEN ${shownValue} || 'could be thousands or decimals (1.200 is 1200 in some exports and 1.2 in others): ${UNAMBIGUOUS_SPELLING[number]}'`;
}

/**
 * A whole number (tenure_days, a score) as plain digits, as pandas writes one in a column with gaps (`120.0`),
 * or with its thousands grouped by GROUP_MARK (`1 234`, `1'234`), as spreadsheets format them. Grouping by a
 * comma or point (AMBIGUOUS_THOUSANDS: `1,234`, `1.000`) is not read, since it may mark decimals; plain
 * digits, nearly every value, are tested first so that the other patterns run only for the rest.
 */
export function wholeNumberExpression(value: string): string {
  const digits = `regexp_replace(${value}, ${literal(GROUP_MARK)}, '', 'g')`;
  return `CASE WHEN regexp_full_match(${value}, '[+-]?[0-9]+') THEN TRY_CAST(${value} AS INTEGER)
    WHEN regexp_full_match(${value}, '${AMBIGUOUS_THOUSANDS}') THEN NULL
    WHEN regexp_full_match(${value}, '[+-]?[0-9]+\\.0+') THEN TRY_CAST(split_part(${value}, '.', 1) AS INTEGER)
    WHEN regexp_full_match(${value}, ${literal(`[+-]?[0-9]{1,3}(${GROUP_MARK}[0-9]{3})+`)})
      THEN TRY_CAST(${digits} AS INTEGER) END`;
}

/**
 * The case of an amount in parentheses, as accounting formats write a negative one ("(12.50)", "($12.50)",
 * "(1.234,50 €)"; a sign or code of up to three characters beside the number):
 * not read, since no amount a record holds may be negative (a refund or credit is no MRR), but the message
 * says what it is rather than that it is no number.
 */
export function parenthesizedAmountCase(value: string, typed: string, shownValue: string): string {
  return `WHEN ${typed} IS NULL AND regexp_full_match(${value}, '\\(\\s*[^\\s()0-9]{0,3}\\s*[0-9][0-9., ]*\\s*[^\\s()0-9]{0,3}\\s*\\)')
    THEN ${shownValue} || 'is a negative amount, as accounting formats write one in parentheses, and must not be negative'`;
}

/** A currency sign of CURRENCY_SIGNS (longest first, so that `US$` is not read as `$`) or an ISO code. */
const CURRENCY_MARK = `(${Object.keys(CURRENCY_SIGNS)
  .sort((a, b) => b.length - a.length)
  .map((sign) => sign.replace(/[$.]/g, '\\$&'))
  .join('|')}|[A-Za-z]{3})`;
/**
 * A number as decimalExpression reads it, its thousands grouped by GROUP_MARK or not (`1 234,50 €`); it ends
 * with no mark, so that the space before a sign is not taken for part of the number.
 */
const AMOUNT_NUMBER = `([+-]?[0-9](?:(?:[0-9.,]|${GROUP_MARK})*[0-9.,])?)`;
/** Spaces between an amount and its sign, including the no-break spaces number formatting writes (`49,90 €`). */
const SPACE = '[\\s\\x{00A0}\\x{202F}]*';
/** An amount after or before a currency sign or code: `$39.00`, `US$ 39`, `39,00 €`, `39.00 usd`. */
const SIGN_FIRST = `^${CURRENCY_MARK}${SPACE}${AMOUNT_NUMBER}$`;
const NUMBER_FIRST = `^${AMOUNT_NUMBER}${SPACE}${CURRENCY_MARK}$`;

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

/**
 * An amount in minor units as the whole number it must be (DECIMAL(18, 0)); NULL for anything else. `4900.0`
 * is whole: pandas writes a column of whole numbers with gaps so; so is `123 400`, its thousands grouped by
 * GROUP_MARK as decimalExpression reads them (which would otherwise call it a decimal).
 */
export function minorUnitsExpression(value: string): string {
  const digits = `regexp_replace(${value}, ${literal(GROUP_MARK)}, '', 'g')`;
  return `CASE WHEN regexp_full_match(${value}, '[+-]?[0-9]+(\\.0+)?')
    THEN TRY_CAST(split_part(${value}, '.', 1) AS DECIMAL(18, 0))
    WHEN regexp_full_match(${value}, ${literal(`[+-]?[0-9]{1,3}(${GROUP_MARK}[0-9]{3})+`)})
      THEN TRY_CAST(${digits} AS DECIMAL(18, 0)) END`;
}

/**
 * An amount in minor units in its currency's major units, as mrr is stored: 4900 USD is 49.00, 4900 JPY is
 * 4900 (no minor unit), 4900 KWD 4.90 (three, rounded to the two decimals stored, as Stripe's amounts are).
 * NULL for an unknown currency, or an amount too large to store.
 */
export function majorUnitsExpression(
  minor: string,
  currency: string,
  param: (value: DuckDBValue) => string,
): string {
  return `TRY_CAST(${minor} / pow(10, ${minorUnitsOfSql(currency, param)}) AS DECIMAL(14, 2))`;
}

/**
 * The number of minor units of `currency` (an SQL expression of an ISO code: 2 for USD, 0 for JPY, 3 for
 * KWD), from models' CURRENCIES; NULL for a code not there. Shared with the Stripe mapping's amounts.
 */
export function minorUnitsOfSql(currency: string, param: (value: DuckDBValue) => string): string {
  const codes = param(listValue(Object.keys(CURRENCIES)));
  const exponents = param(listValue(Object.values(CURRENCIES).map((info) => info.minorUnits)));
  return `${exponents}[list_position(${codes}, ${currency})]`;
}

/**
 * The cases of an amount in minor units that cannot be read: a decimal (a count of cents has none, so
 * 49.90 is most likely a column in major units mapped as cents), or one too large to store. A value that is
 * no number at all is the caller's, as for any amount.
 */
export function minorUnitsCases(
  amount: { value: string; minor: string; major: string; currency: string },
  shownValue: string,
  param: (value: DuckDBValue) => string,
): string[] {
  const { value, minor, major, currency } = amount;
  return [
    `WHEN ${minor} IS NULL AND ${decimalExpression(value)} IS NOT NULL
      THEN ${shownValue} || ${param('is in minor units, so it must be a whole number')}`,
    `WHEN ${minor} IS NOT NULL AND ${currency} IS NOT NULL AND ${major} IS NULL
      THEN ${shownValue} || ${param('is too large an amount to store')}`,
  ];
}
