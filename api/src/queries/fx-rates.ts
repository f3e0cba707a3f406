/**
 * Whether money can be reported in a currency: every amount is converted through fx_rates' USD rate, so a
 * currency without a row would turn every money figure into NULL. Asked before serving or reporting.
 */
import type { ApiDatabase } from '../db.ts';

export async function hasFxRate(db: ApiDatabase, currency: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM fx_rates WHERE currency = $currency`, { currency });
  return rows.length > 0;
}
