export * from './database/derived-tables.ts';
export * from './database/open-database.ts';
export * from './schema/currencies.ts';
export * from './schema/migrations.ts';
export * from './schema/records.ts';
export * from './taxonomy.ts';
export * from './tenure.ts';
export * from './verbatim.ts';
