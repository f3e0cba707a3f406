/**
 * The names the Reports page shows for the datasets and file formats GET /api/export offers. Keyed by the
 * API's own types, so a dataset or format the API adds fails the type check until it has a name here.
 */
import type { ExportDataset, ExportFormat } from '@churnlens/api/schemas/export';

/** Short, so that the chosen one fits a closed select at 320 px (400 % zoom); longer names were cut off. */
const EXPORT_DATASET_LABELS: Record<ExportDataset, string> = {
  cancellations: 'Cancellations',
  verbatims: 'Verbatims',
  offers: 'Retention offers',
};

/** What the rows of each dataset hold, said above the choices for the one chosen. */
const EXPORT_DATASET_DESCRIPTIONS: Record<ExportDataset, string> = {
  cancellations: 'One row per cancellation request, with its effective reason, outcome and MRR.',
  verbatims: 'Reason texts and survey answers, each with its reason, confidence and sentiment.',
  offers: "One row per offer presented, whether it was accepted, and its cancellation's reason and outcome.",
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

/** What an export of `dataset` holds. */
export function describeExportDataset(dataset: ExportDataset): string {
  return EXPORT_DATASET_DESCRIPTIONS[dataset];
}
