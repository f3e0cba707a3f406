import { describe, expect, it } from 'vitest';
import {
  formatBar,
  formatDuration,
  formatProgressLine,
  overallFraction,
  ProgressReporter,
} from './progress-reporter.ts';

describe('progress formatting', () => {
  it('draws a bar proportional to the fraction done', () => {
    expect(formatBar(0.5, 10)).toBe('[#####-----]');
    expect(formatBar(1.4, 4)).toBe('[####]');
  });

  it('writes durations as seconds, then minutes', () => {
    expect(formatDuration(4.2)).toBe('5s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
  });

  it('places each phase within the whole file', () => {
    expect(overallFraction('reading', 0.5)).toBeCloseTo(0.15);
    expect(overallFraction('committing', 1)).toBe(1);
  });

  it('shows rows, throughput and time left for a half-read file', () => {
    const line = formatProgressLine({
      file: 'cancellations.csv',
      phase: 'reading',
      fraction: 0.5,
      bytes: 100_000_000,
      rows: 412_000,
      elapsedSeconds: 2,
    });
    expect(line).toBe(
      '[############------------]  50% cancellations.csv reading 412,000 rows 25.0 MB/s ETA 2s',
    );
  });
});

describe('ProgressReporter', () => {
  it('logs one plain line per file and phase when the output is not a terminal', () => {
    const written: string[] = [];
    const reporter = new ProgressReporter({ write: (text: string) => written.push(text) }, false);
    reporter.listener({ type: 'file-start', file: 'a.csv', index: 0, count: 1, bytes: 2_500_000 });
    reporter.listener({ type: 'progress', file: 'a.csv', phase: 'reading', fraction: 0.1 });
    reporter.listener({ type: 'progress', file: 'a.csv', phase: 'reading', fraction: 0.9 });
    reporter.listener({ type: 'note', file: 'a.csv', note: 'header on line 2: the line above it skipped' });
    reporter.listener({ type: 'kind', file: 'a.csv', kind: 'offers', reason: 'given with --kind' });
    reporter.listener({ type: 'progress', file: 'a.csv', phase: 'validating' });
    expect(written.join('')).toBe(
      'a.csv: 2.5 MB\na.csv: reading\na.csv: header on line 2: the line above it skipped\n' +
        'a.csv: kind offers (given with --kind)\na.csv: validating\n',
    );
  });

  it('waits for 1% before estimating the time left', () => {
    const line = formatProgressLine({
      file: 'a.csv',
      phase: 'reading',
      fraction: 0.001,
      bytes: 1000,
      elapsedSeconds: 1,
    });
    expect(line).toMatch(/ETA --$/);
  });

  it('redraws a single line on a terminal', () => {
    const written: string[] = [];
    const reporter = new ProgressReporter({ write: (text: string) => written.push(text) }, true, 80);
    reporter.listener({ type: 'file-start', file: 'a.csv', index: 0, count: 1, bytes: 1000 });
    reporter.listener({ type: 'progress', file: 'a.csv', phase: 'reading', fraction: 0.5 });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\r\[#+-+\] +15% a\.csv reading/);
    expect(written[0]).toHaveLength(80);
  });
});
