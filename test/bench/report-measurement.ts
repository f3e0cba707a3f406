/**
 * Report generation time: the insight report for the default period (the 30 days up to the newest
 * cancellation request, as `churnlens report` without dates), built from the database and rendered to PDF.
 */
import type { ApiDatabase } from '@churnlens/api/db';
import { buildReport } from '@churnlens/api/report/build-report';
import { renderReport } from '@churnlens/api/report/render-report';
import { seconds } from './run-statistics.ts';

export interface ReportRun {
  seconds: number;
  bytes: number;
}

export async function timePdfReport(db: ApiDatabase): Promise<ReportRun> {
  const startedAt = performance.now();
  const report = await buildReport(db, {}, { currency: 'USD' });
  const rendered = await renderReport(report, 'pdf');
  return { seconds: seconds(startedAt), bytes: rendered.bytes.length };
}
