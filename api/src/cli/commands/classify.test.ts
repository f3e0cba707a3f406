import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { classifyCommand, parseInputLine, readLines } from './classify.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'churnlens-classify-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function classifyInProcess(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  const code = await classifyCommand.run(args);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function churnlens(
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('churnlens classify', () => {
  it('writes one JSON object per input line, in order, and nothing else on stdout', async () => {
    const file = join(directory, 'mixed.txt');
    writeFileSync(
      file,
      [
        'to expensiv',
        '{"id": 7, "text": "Not the price, it is missing SSO"}',
        '',
        'Zu teuer',
        '{not json',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await classifyInProcess([file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => record.text)).toEqual([
      'to expensiv',
      'Not the price, it is missing SSO',
      '',
      'Zu teuer',
      '{not json',
    ]);
    expect(records.map((record) => record.reason)).toEqual([
      'too_expensive',
      'missing_features',
      'other',
      'too_expensive',
      expect.any(String),
    ]);
    expect(records[1]).toMatchObject({ id: 7, language: 'en', needsReview: false });
    expect(records[3].language).toBe('de');
    expect(Object.keys(records[0]).sort()).toEqual(
      [
        'alternatives',
        'confidence',
        'evidence',
        'language',
        'modelVersion',
        'needsReview',
        'reason',
        'secondaryReason',
        'sentiment',
        'text',
      ].sort(),
    );
    expect(records[0].modelVersion).toMatch(/^reasons-/);
  });

  it('reads stdin when no file is given (as a separate process)', { timeout: 180_000 }, async () => {
    const { code, stdout } = await churnlens(['classify'], 'keeps crashing\nsupport never answers\n');
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).reason),
    ).toEqual(['low_quality', 'customer_service']);
  });

  it('names the file and line of an NDJSON object without text, and of a missing file', async () => {
    const file = join(directory, 'bad.ndjson');
    writeFileSync(file, '{"text": "ok"}\n{"body": "no text field"}\n');
    const bad = await classifyInProcess([file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:2: field "text" is missing or not a string`);
    const missing = await classifyInProcess([join(directory, 'nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.txt: no such file');
  });
});

describe('input lines', () => {
  it('treats JSON objects as NDJSON records and everything else as text', () => {
    expect(parseInputLine('{"text":"hi","id":"a1"}', 'f', 1)).toEqual({ text: 'hi', id: 'a1' });
    expect(parseInputLine('["not", "an object"]', 'f', 1)).toEqual({ text: '["not", "an object"]' });
    expect(parseInputLine('{broken', 'f', 1)).toEqual({ text: '{broken' });
    expect(() => parseInputLine('{"text": 3}', 'in.ndjson', 4)).toThrow('in.ndjson:4: field "text"');
  });
});

describe('line reading', () => {
  it('splits chunks into lines across chunk boundaries, dropping CR before LF', async () => {
    async function* chunks() {
      yield Buffer.from('first li');
      yield Buffer.from('ne\r\nsecond\n\nthi');
      yield Buffer.from([0xc3]); // "é" split across chunks
      yield Buffer.from([0xa9, 0x72, 0x64]);
    }
    const lines: string[] = [];
    for await (const line of readLines(chunks())) lines.push(line);
    expect(lines).toEqual(['first line', 'second', '', 'thiérd']);
  });
});
