/**
 * The one gate for identifiers interpolated into SQL text. Table and column names come only from code
 * (FIELD_RULES, RECORD_TABLES, generated stage columns); anything from a file travels as a parameter.
 */
const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function identifier(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new Error(`refusing to use "${name}" as a SQL identifier`);
  return name;
}
