/**
 * The columns of JSON records whose values nest objects ({"customer": {"id": "cus_1"}}), as billing APIs
 * export them: each nested key becomes a column of its own, named by its path ("customer.id"), so that it
 * matches a field as a flat header would ("customer.id" normalizes to customer_id). Pure: the caller reads
 * a sample of the records.
 */

/** How deep nested objects are read; deeper ones stay one column of JSON text. */
const MAX_DEPTH = 3;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The key paths of `keys` (the records' top-level keys, in file order): a key whose value is an object in
 * some sampled record is replaced by the paths of its keys, in first-seen order; it stays a column of its
 * own too when some sampled record gives it another value. A key the sample does not show stays as it is.
 */
export function jsonKeyPaths(keys: readonly string[], sample: readonly unknown[]): string[][] {
  const objects = sample.filter(isObject);
  return keys.flatMap((key) =>
    expand(
      [key],
      objects.map((record) => record[key]),
      1,
    ),
  );
}

function expand(path: string[], values: readonly unknown[], depth: number): string[][] {
  const nested = values.filter(isObject);
  if (nested.length === 0 || depth >= MAX_DEPTH) return [path];
  const childKeys = [...new Set(nested.flatMap((value) => Object.keys(value)))];
  const children = childKeys.flatMap((child) =>
    expand(
      [...path, child],
      nested.map((value) => value[child]),
      depth + 1,
    ),
  );
  const alsoPlain = values.some((value) => value !== undefined && value !== null && !isObject(value));
  return alsoPlain ? [path, ...children] : children;
}
