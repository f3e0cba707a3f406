/**
 * Benjamini–Hochberg adjusted p-values (q-values). The Themes page tests hundreds of phrases at once, and at
 * p < 0.05 one in twenty of those that did not change would read as a rise. Declaring the phrases with
 * q < 0.05 significant keeps the expected share of noise among them under 5 %, whatever the number tested.
 *
 * q of the i-th smallest of m p-values = min over j ≥ i of min(1, p_(j) · m / j).
 */

/**
 * The q-value of each p-value, in the order given. `familySize` is the number of hypotheses tested when only
 * some of their p-values are passed: those left out are taken to be larger than all passed, which can only
 * raise a q-value (each passed p keeps a rank no higher than its true one), so the result errs towards
 * "could be noise".
 */
export function benjaminiHochbergQValues(
  pValues: readonly number[],
  familySize: number = pValues.length,
): number[] {
  if (familySize < pValues.length) {
    throw new RangeError(`a family of ${familySize} cannot hold ${pValues.length} p-values`);
  }
  const ascending = pValues.map((pValue, index) => ({ pValue, index })).sort((a, b) => a.pValue - b.pValue);
  const qValues = new Array<number>(pValues.length);
  let smallestAbove = 1;
  for (let rank = ascending.length; rank >= 1; rank--) {
    const entry = ascending[rank - 1] as { pValue: number; index: number };
    smallestAbove = Math.min(smallestAbove, (entry.pValue * familySize) / rank);
    qValues[entry.index] = smallestAbove;
  }
  return qValues;
}
