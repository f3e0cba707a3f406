import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { trainCommand } from './train.ts';

const directory = mkdtempSync(join(tmpdir(), 'churnlens-train-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const rows = {
  too_expensive: ['too expensive', 'price went up', 'cannot afford it', 'over budget', 'costs too much'],
  low_quality: ['keeps crashing', 'full of bugs', 'constant outages', 'very slow', 'sync breaks'],
  other: ['personal reasons', 'no comment', 'rather not say', 'family matters', 'just because really'],
};

describe('churnlens train', () => {
  it('writes a model from a corpus folder that classify can load, and reports cross-validation', async () => {
    const corpus = join(directory, 'corpus');
    mkdirSync(corpus);
    const lines = Object.entries(rows).flatMap(([label, texts]) => texts.map((text) => `${label}\t${text}`));
    writeFileSync(join(corpus, 'small.tsv'), `label\ttext\n${lines.join('\n')}\n`);
    const out = join(directory, 'model.json');
    const stdout: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
    expect(await trainCommand.run(['--corpus', corpus, '--out', out])).toBe(0);
    const summary = stdout.join('');
    expect(summary).toContain(`wrote ${out}`);
    expect(summary).toMatch(/version reasons-\d{4}\.\d{2}\.\d{2}-[0-9a-f]{10}/);
    expect(summary).toMatch(/15 corpus rows from 1 files, 0 manual relabels/);
    expect(summary).toContain('5-fold cross-validation');
    const classifier = loadReasonClassifier({ modelFile: out });
    expect(classifier.version).toBe(JSON.parse(readFileSync(out, 'utf8')).version);
    expect(classifier.classify('the app keeps crashing').reason).toBe('low_quality');
  });

  it('requires --out with --taxonomy, so the committed default model is never overwritten', async () => {
    await expect(trainCommand.run(['--taxonomy', 'mine.json'])).rejects.toThrow(
      '--out FILE is required with --taxonomy',
    );
  });
});
