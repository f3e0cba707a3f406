import { DuckDBInstance } from '@duckdb/node-api';

const db = await DuckDBInstance.create(process.argv[2]);
const c = await db.connect();
const r = await c.runAndReadAll(process.argv[3]);
console.log(r.getRowObjectsJson());
