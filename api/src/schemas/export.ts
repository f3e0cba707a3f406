import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';

export const EXPORT_DATASETS = ['cancellations', 'verbatims', 'offers'] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export const EXPORT_FORMATS = ['csv', 'parquet', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const exportQuerySchema = insightQuerySchema({
  dataset: z
    .enum(EXPORT_DATASETS, { error: `must be one of ${EXPORT_DATASETS.join(', ')}` })
    .describe('cancellations (with effective reason), verbatims (reason texts and survey answers) or offers'),
  format: z
    .enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` })
    .optional()
    .describe('csv (default), parquet or xlsx'),
});

export const exportFileSchema = z.string().openapi({ type: 'string', format: 'binary' });
