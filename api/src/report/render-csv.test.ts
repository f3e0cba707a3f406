import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderCsvZip } from './render-csv.ts';
import { SAMPLE_REPORT } from './testing/sample-report.ts';

/** A CSV of the zip as rows of fields; the sample's theme labels and numbers hold no commas or quotes. */
function csvRows(name: string): string[][] {
  const bytes = unzipSync(renderCsvZip(SAMPLE_REPORT))[name];
  if (!bytes) throw new Error(`no ${name} in the zip`);
  return strFromU8(bytes)
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('the CSV report', () => {
  it('leaves the change in share of a new theme empty and says it is new in its own column', () => {
    const [header = [], ...rows] = csvRows('07-themes.csv');
    expect(header).toEqual([
      'Theme',
      'Answers',
      'Share',
      'Previous answers',
      'Previous share',
      'Change in share',
      'New this period',
      'Note',
    ]);
    const column = (title: string) => rows.map((row) => row[header.indexOf(title)]);
    expect(column('Theme')).toEqual(['invoice errors', 'new interface', 'single sign-on']);
    expect(column('Change in share').map((cell) => cell?.slice(0, 6))).toEqual(['6', '0.0185', '']);
    expect(column('New this period')).toEqual(['false', 'false', 'true']);
  });

  it('opens with the title block, so the unzipped tables still say their period, comparison and filters', () => {
    expect(csvRows('00-report.csv')).toEqual([
      ['Field', 'Value'],
      ['Title', 'Churn insight report'],
      ['Period', '2026-03-01 to 2026-03-30 (30 days)'],
      ['Compared with', '2026-01-30 to 2026-02-28'],
      ['Filters', 'Country: DE'],
      ['Generated', '2026-04-01 09:30 UTC'],
      ['Currency', 'USD'],
    ]);
  });
});
