/**
 * The names the Reports page shows for the datasets and file formats GET /api/export offers. Keyed by the
 * API's own types, so a dataset or format the API adds fails the type check until it has a name here.
 */
import type { ExportDataset, ExportFormat } from '@churnlens/api/schemas/export';

/**
 * A short name fits a closed select at 320 px (400 % zoom); what the rows hold is said under it, for the one
 * chosen (a longer name was cut off inside the select on phones).
 */
const EXPORT_DATASETS: Record<ExportDataset, { label: string; description: string }> = {
  cancellations: {
    label: 'Cancellations',
    description: 'One row per cancellation request, with its effective reason, outcome and MRR.',
  },
  verbatims: {
    label: 'Verbatims',
    description: 'Reason texts and survey answers, each with its reason, confidence and sentiment.',
  },
  offers: {
    label: 'Retention offers',
    description:
      "One row per offer presented, whether it was accepted, and its cancellation's reason and outcome.",
  },
};

/** In the order the page lists them: the usual choices first. */
const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV',
  xlsx: 'Excel (XLSX)',
  parquet: 'Parquet',
};

export const EXPORT_DATASET_CHOICES = (
  Object.entries(EXPORT_DATASETS) as [ExportDataset, { label: string }][]
).map(([key, { label }]) => ({ key, label }));
export const EXPORT_FORMAT_CHOICES = (Object.entries(EXPORT_FORMAT_LABELS) as [ExportFormat, string][]).map(
  ([key, label]) => ({ key, label }),
);

/** What an export of `dataset` holds, said under the choice. */
export function describeExportDataset(dataset: ExportDataset): string {
  return EXPORT_DATASETS[dataset].description;
}
