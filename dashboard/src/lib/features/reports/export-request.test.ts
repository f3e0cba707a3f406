import { EXPORT_DATASETS, EXPORT_FORMATS } from '@churnlens/api/schemas/export';
import { describe, expect, it } from 'vitest';
import { describeExportDataset, EXPORT_DATASET_CHOICES, EXPORT_FORMAT_CHOICES } from './export-request.ts';

describe('export choices', () => {
  it('offers every dataset GET /api/export takes, each with its name', () => {
    expect(EXPORT_DATASET_CHOICES).toEqual([
      { key: 'cancellations', label: 'Cancellations' },
      { key: 'verbatims', label: 'Verbatims' },
      { key: 'offers', label: 'Retention offers' },
    ]);
    expect(EXPORT_DATASET_CHOICES.map((choice) => choice.key)).toEqual([...EXPORT_DATASETS]);
  });

  it('says what the rows of each dataset hold, the verbatims being reason texts and survey answers', () => {
    expect(describeExportDataset('cancellations')).toBe(
      'One row per cancellation request, with its effective reason, outcome and MRR.',
    );
    expect(describeExportDataset('verbatims')).toContain('Reason texts and survey answers');
    expect(describeExportDataset('offers')).toContain('One row per offer presented');
  });

  it('offers every format GET /api/export writes, CSV first', () => {
    expect(EXPORT_FORMAT_CHOICES.map((choice) => choice.label)).toEqual(['CSV', 'Excel (XLSX)', 'Parquet']);
    expect(EXPORT_FORMAT_CHOICES.map((choice) => choice.key).sort()).toEqual([...EXPORT_FORMATS].sort());
  });
});
