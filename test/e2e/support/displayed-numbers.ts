/** Reads numbers back from what the dashboard shows ("1,234", "30.5%", "$12,340"), to compare with the API. */
export function parseCount(text: string | null): number {
  const match = /-?[\d,]+/.exec(text ?? '');
  if (!match) throw new Error(`no count in "${text}"`);
  return Number(match[0].replaceAll(',', ''));
}

export function parsePercent(text: string | null): number {
  const match = /(-?[\d.]+)%/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`no percentage in "${text}"`);
  return Number(match[1]) / 100;
}

export function parseMoney(text: string | null): number {
  const match = /(-?)[^\d-]*([\d,]+(?:\.\d+)?)/.exec(text ?? '');
  if (!match?.[2]) throw new Error(`no amount in "${text}"`);
  return Number(`${match[1]}${match[2].replaceAll(',', '')}`);
}
