/**
 * The top of a rate axis: the first 10 % gridline above the highest rate or interval end, at most 100 %.
 * Save and acceptance rates sit between 5 and 35 %; on an axis to 100 % their bars and whiskers are too short
 * to compare, and the gap between two offers' intervals disappears.
 */
export function rateAxisMax(values: readonly (number | null)[]): number {
  const highest = Math.max(0, ...values.filter((value): value is number => value !== null));
  // A rate on a gridline that floating point stores a hair below it (2.9999999999 tenths) gets room above too.
  const gridlines = Math.floor(highest * 10 + 1e-9) + 1;
  return Math.min(10, gridlines) / 10;
}
