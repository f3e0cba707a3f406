/**
 * The names the Reports page shows for the datasets and file formats GET /api/export offers. Keyed by the
 * API's own types, so a dataset or format the API adds fails the type check until it has a name here.
 */
import type { ExportDataset, ExportFormat } from '@churnlens/api/schemas/export';

const EXPORT_DATASET_LABELS: Record<ExportDataset, string> = {
  cancellations: 'Cancellations, with their effective reason',
  verbatims: 'Verbatims (reason texts and survey answers)',
  offers: 'Retention offers',
};

/** In the order the page lists them: the usual choices first. */
const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV',
  xlsx: 'Excel (XLSX)',
  parquet: 'Parquet',
};

export const EXPORT_DATASET_CHOICES = choicesOf(EXPORT_DATASET_LABELS);
export const EXPORT_FORMAT_CHOICES = choicesOf(EXPORT_FORMAT_LABELS);

function choicesOf<K extends string>(labels: Record<K, string>): { key: K; label: string }[] {
  return (Object.entries(labels) as [K, string][]).map(([key, label]) => ({ key, label }));
}
