/**
 * The pure domain: record schemas and types, currencies, the reason taxonomy, tenure buckets and verbatim
 * hashing. Nothing here touches DuckDB, so importing a type or a schema from here does not load
 * @duckdb/node-api: the database code is imported by its own path, `@churnlens/models/database/open-database`,
 * `…/database/migrations` or `…/database/derived-tables`.
 */
export * from './schema/currencies.ts';
export * from './schema/records.ts';
export * from './taxonomy.ts';
export * from './tenure.ts';
export * from './verbatim.ts';
