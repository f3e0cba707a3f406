/** Query parameters of GET /api/report: the common insight filters plus the output format. */

import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { REPORT_FORMATS } from '@churnlens/models/report/insight-report';
import { z } from '@hono/zod-openapi';

export const reportQuerySchema = insightQuerySchema({
  format: z
    .enum(REPORT_FORMATS, { error: `must be one of ${REPORT_FORMATS.join(', ')}` })
    .optional()
    .describe('pdf (default), xlsx, csv (a zip with one CSV per table) or md'),
});

export const reportFileSchema = z.string().openapi({ type: 'string', format: 'binary' });
