import type { ApiDatabase } from '../db.ts';

export async function readHealth(
  db: ApiDatabase,
): Promise<{ schemaVersion: number; dataEndDate: string | null }> {
  const [row] = await db.query<{ schema_version: number; data_end_date: string | null }>(`
    SELECT
      (SELECT max(version) FROM schema_migrations)::INTEGER AS schema_version,
      (SELECT max(requested_at)::DATE::VARCHAR FROM cancellations) AS data_end_date
  `);
  return { schemaVersion: row?.schema_version ?? 0, dataEndDate: row?.data_end_date ?? null };
}
