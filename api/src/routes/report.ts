/** GET /api/report: the insight report for the filters, as a PDF, XLSX, zipped-CSV or Markdown download. */
import { REPORT_MEDIA } from '@churnlens/models/report/report-file';
import { createRoute } from '@hono/zod-openapi';
import { commonErrorResponses } from '../http/api-error.ts';
import { createRouter } from '../http/router.ts';
import { buildReport } from '../report/build-report.ts';
import { renderReport } from '../report/render-report.ts';
import { reportFileSchema, reportQuerySchema } from '../schemas/report.ts';

const binary = { schema: reportFileSchema };

const reportRoute = createRoute({
  method: 'get',
  path: '/report',
  tags: ['reports'],
  summary:
    'Insight report: KPIs, reasons, offers, channels, themes and a narrative, as PDF, XLSX, CSV or Markdown',
  description:
    'Without from/to the period is the last 30 days up to the data end date, compared with the equally long period before it. format=csv returns a zip with one CSV per table. Text cells that start with =, +, -, @, tab or carriage return get a leading apostrophe so spreadsheets do not run them as formulas.',
  request: { query: reportQuerySchema },
  responses: {
    200: {
      description: 'The report, as an attachment',
      // Media types without parameters: the Markdown answer is sent as text/markdown; charset=utf-8.
      content: {
        [REPORT_MEDIA.pdf.contentType]: binary,
        [REPORT_MEDIA.xlsx.contentType]: binary,
        [REPORT_MEDIA.csv.contentType]: binary,
        'text/markdown': binary,
      },
    },
    ...commonErrorResponses,
  },
});

export const reportRoutes = createRouter().openapi(reportRoute, async (c) => {
  const { format = 'pdf', ...filters } = c.req.valid('query');
  const report = await buildReport(c.var.db, filters, { currency: c.var.settings.reportingCurrency });
  const rendered = await renderReport(report, format);
  return c.body(rendered.bytes, 200, {
    'Content-Type': rendered.contentType,
    'Content-Length': String(rendered.bytes.byteLength),
    'Content-Disposition': `attachment; filename="${rendered.fileName}"`,
  });
});
