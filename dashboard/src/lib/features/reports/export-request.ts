/** The datasets and file formats GET /api/export offers, with the names the Reports page shows. */
export const EXPORT_DATASET_CHOICES = [
  { key: 'cancellations', label: 'Cancellations, with their effective reason' },
  { key: 'verbatims', label: 'Verbatims (reason texts and survey answers)' },
  { key: 'offers', label: 'Retention offers' },
] as const;

export const EXPORT_FORMAT_CHOICES = [
  { key: 'csv', label: 'CSV' },
  { key: 'xlsx', label: 'Excel (XLSX)' },
  { key: 'parquet', label: 'Parquet' },
] as const;

export type ExportDataset = (typeof EXPORT_DATASET_CHOICES)[number]['key'];
export type ExportFormat = (typeof EXPORT_FORMAT_CHOICES)[number]['key'];
