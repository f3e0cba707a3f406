import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { evalCommand } from './eval.ts';

const directory = mkdtempSync(join(tmpdir(), 'churnlens-eval-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function captureOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  return { stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}

const LABELED_TSV = `label\ttext
too_expensive\tway too expensive
too_expensive\tcosts too much for a small team
low_quality\tthe app keeps crashing
customer_service\tsupport never replied
switched_service\twe moved to a competitor
other\tn/a
`;

describe('churnlens eval', () => {
  it('prints only the JSON report with --json', async () => {
    const file = join(directory, 'labeled.tsv');
    writeFileSync(file, LABELED_TSV);
    const output = captureOutput();
    expect(await evalCommand.run(['--data', file, '--json'])).toBe(0);
    const report = JSON.parse(output.stdout());
    expect(report).toMatchObject({ n: 6, accuracy: 1, macroF1: 1 });
    expect(report.perReason.too_expensive).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
    expect(report.confusion.low_quality.low_quality).toBe(1);
    expect(report.calibration.bins).toHaveLength(10);
  });

  it('reads CSV with label and text columns and prints tables for people', async () => {
    const file = join(directory, 'labeled.csv');
    writeFileSync(
      file,
      'id,text,label\n1,"too expensive, honestly",too_expensive\n2,"keeps ""crashing""",low_quality\n',
    );
    const output = captureOutput();
    expect(await evalCommand.run(['--data', file])).toBe(0);
    const text = output.stdout();
    expect(text).toContain('accuracy 100.0%   macro-F1 1.000');
    expect(text).toMatch(/too_expensive\s+1\.000\s+1\.000\s+1\.000\s+1/);
    expect(text).toContain('confusion (rows actual, columns predicted):');
    expect(text).toContain('calibration (predictions grouped by confidence):');
  });

  it('names the file and line of a label outside the taxonomy', async () => {
    const file = join(directory, 'bad.tsv');
    writeFileSync(file, 'label\ttext\ntoo_expensive\tpricey\npricing\ttoo dear\n');
    const output = captureOutput();
    expect(await evalCommand.run(['--data', file])).toBe(1);
    expect(output.stderr()).toContain(`${file}:3: label "pricing" is not one of`);
  });

  it('requires --data', async () => {
    await expect(evalCommand.run([])).rejects.toThrow('--data FILE is required');
  });
});
