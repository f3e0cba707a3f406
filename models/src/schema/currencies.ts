/**
 * ISO 4217 currencies churnlens accepts, with their minor-unit exponent (Stripe sends amounts in minor
 * units; zero-decimal currencies such as JPY have none) and a default USD rate for reporting.
 * NOTE: rates are deliberately static defaults; deployments set their own in the `fx_rates` table.
 */
export interface CurrencyInfo {
  minorUnits: 0 | 2 | 3;
  usdPerUnit: number;
}

export const CURRENCIES: Readonly<Record<string, CurrencyInfo>> = {
  USD: { minorUnits: 2, usdPerUnit: 1 },
  EUR: { minorUnits: 2, usdPerUnit: 1.08 },
  GBP: { minorUnits: 2, usdPerUnit: 1.27 },
  CAD: { minorUnits: 2, usdPerUnit: 0.73 },
  AUD: { minorUnits: 2, usdPerUnit: 0.66 },
  NZD: { minorUnits: 2, usdPerUnit: 0.6 },
  CHF: { minorUnits: 2, usdPerUnit: 1.13 },
  SEK: { minorUnits: 2, usdPerUnit: 0.095 },
  NOK: { minorUnits: 2, usdPerUnit: 0.093 },
  DKK: { minorUnits: 2, usdPerUnit: 0.145 },
  PLN: { minorUnits: 2, usdPerUnit: 0.25 },
  BRL: { minorUnits: 2, usdPerUnit: 0.18 },
  MXN: { minorUnits: 2, usdPerUnit: 0.055 },
  INR: { minorUnits: 2, usdPerUnit: 0.012 },
  SGD: { minorUnits: 2, usdPerUnit: 0.74 },
  HKD: { minorUnits: 2, usdPerUnit: 0.128 },
  ZAR: { minorUnits: 2, usdPerUnit: 0.054 },
  JPY: { minorUnits: 0, usdPerUnit: 0.0066 },
  KRW: { minorUnits: 0, usdPerUnit: 0.00072 },
  CLP: { minorUnits: 0, usdPerUnit: 0.00105 },
  VND: { minorUnits: 0, usdPerUnit: 0.00004 },
  KWD: { minorUnits: 3, usdPerUnit: 3.25 },
  BHD: { minorUnits: 3, usdPerUnit: 2.65 },
};

/**
 * Signs spreadsheets write next to amounts when they save formatted cells as CSV ($39.00, 39,00 €), with
 * the currencies each may stand for: such an amount is read when its row's currency is one of them.
 */
export const CURRENCY_SIGNS: Readonly<Record<string, readonly string[]>> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'CLP'],
  US$: ['USD'],
  CA$: ['CAD'],
  A$: ['AUD'],
  NZ$: ['NZD'],
  S$: ['SGD'],
  HK$: ['HKD'],
  MX$: ['MXN'],
  R$: ['BRL'],
  '€': ['EUR'],
  '£': ['GBP'],
  '¥': ['JPY'],
  '₩': ['KRW'],
  '₹': ['INR'],
  '₫': ['VND'],
  kr: ['SEK', 'NOK', 'DKK'],
  zł: ['PLN'],
  R: ['ZAR'],
};

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCIES, code);
}
