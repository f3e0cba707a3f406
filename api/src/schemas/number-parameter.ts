/**
 * A number given as query-string text. z.coerce.number() alone reads the text with Number(), which makes an
 * empty or blank value 0: `?minSentiment=` filtered on sentiment ≥ 0 and `?limit=` asked for no rows, where
 * `?plan=` is a 400. Here only a number as JavaScript writes one (`12`, `-0.25`, `1e-7`) reaches `schema`;
 * anything else, blank or hexadecimal, fails with the message of `schema`'s type error.
 */
import { z } from '@hono/zod-openapi';

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function numberParameter<T extends z.ZodType>(schema: T) {
  // Null too fails: coerced it would be 0, and the OpenAPI document, which asks whether null parses, would
  // call the parameter nullable, which a query string can never send.
  return z.preprocess(
    (value) =>
      value === null || (typeof value === 'string' && !NUMBER_TEXT.test(value)) ? Number.NaN : value,
    schema,
  );
}
