/** What middleware puts on every request's context, typed for handlers (c.var.db, c.var.role, …). */
import type { ApiDatabase } from '../db.ts';
import type { Role } from './auth.ts';

export interface AppSettings {
  /** ISO 4217 code money amounts are reported in, converted with the fx_rates table. */
  reportingCurrency: string;
  /** The most one upload to POST /api/ingest may hold, in bytes (`serve --max-upload-size`). */
  maxUploadBytes: number;
}

export interface AppEnv {
  Variables: {
    db: ApiDatabase;
    role: Role;
    settings: AppSettings;
    requestId: string;
  };
}
