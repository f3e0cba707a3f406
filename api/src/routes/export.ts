/** GET /api/export: filtered rows as a CSV, Parquet or XLSX download, streamed from a temporary file. */
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { temporaryFileResponse } from '../http/temporary-file-response.ts';
import { writeExportFile, XLSX_MAX_ROWS } from '../queries/export-datasets.ts';
import { EXPORT_CONTENT_TYPES, exportFileSchema, exportQuerySchema } from '../schemas/export.ts';

const exportRoute = createRoute({
  method: 'get',
  path: '/export',
  tags: ['export'],
  summary: 'Download the filtered cancellations, verbatims or offers as CSV, Parquet or XLSX',
  description: `Text cells of CSV and XLSX files that start with =, +, -, @, tab or carriage return get a leading apostrophe so spreadsheets do not run them as formulas; Parquet keeps values unchanged. XLSX holds at most ${XLSX_MAX_ROWS} rows. The X-Row-Count header gives the number of rows.`,
  request: { query: exportQuerySchema },
  responses: {
    200: {
      description: 'The file, as an attachment',
      content: {
        'text/csv': { schema: exportFileSchema },
        'application/vnd.apache.parquet': { schema: exportFileSchema },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: exportFileSchema },
      },
    },
    ...commonErrorResponses,
  },
});

export const exportRoutes = createRouter().openapi(exportRoute, async (c) => {
  const { dataset, format = 'csv', ...filters } = c.req.valid('query');
  return temporaryFileResponse(c, format, async (path) => {
    const { rows } = await writeExportFile(c.var.db, { dataset, format, filters, path });
    return {
      contentType: EXPORT_CONTENT_TYPES[format],
      filename: `churnlens-${dataset}-${exportedPeriod(filters)}.${format}`,
      headers: { 'X-Row-Count': String(rows) },
    };
  });
});

/** The period in the file name, so that exports of different periods do not look alike in a downloads folder. */
function exportedPeriod({ from, to }: { from?: string; to?: string }): string {
  if (from || to) return `${from ?? 'start'}-to-${to ?? 'end'}`;
  return `all-dates-exported-${new Date().toISOString().slice(0, 10)}`;
}
