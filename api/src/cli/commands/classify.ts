/** `churnlens classify`: verbatims in (plain lines or NDJSON), one NDJSON classification per line out. */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { loadReasonClassifier, type ReasonClassifier } from '@churnlens/models/classifier/index';
import { type Command, parseCommandArgs, UsageError } from '../command.ts';

const help = `Usage: churnlens classify [FILE] [--taxonomy FILE] [--model FILE]

Classifies free-text cancellation reasons. Reads FILE (or stdin): each line is either plain text or an
NDJSON object with a "text" field (an "id" field is passed through). Writes one JSON object per input line,
in order, to stdout: text, reason, confidence, alternatives, secondaryReason, sentiment, evidence, language,
needsReview and modelVersion. Streams: memory stays flat however long the input.

Options:
  --taxonomy FILE   Custom taxonomy JSON (codes, labels, descriptions, seed phrases, optional examples)
  --model FILE      Model artifact (default: the committed model; with --taxonomy, one from
                    \`churnlens train --taxonomy\`)

Examples:
  echo "to expensive, switching to a cheaper tool" | churnlens classify
  churnlens classify reasons.ndjson > classified.ndjson`;

/** Output is flushed in chunks of about this many characters (fewer, larger writes). */
const CHUNK_CHARACTERS = 64 * 1024;
/** Identical lines are classified once; the cache is dropped when it reaches this size. */
const MAX_CACHED_LINES = 10_000;

interface InputLine {
  text: string;
  id?: unknown;
}

/** A line that parses as a JSON object is NDJSON and must carry "text"; anything else is the text itself. */
export function parseInputLine(line: string, source: string, lineNumber: number): InputLine {
  if (!line.trimStart().startsWith('{')) return { text: line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { text: line };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { text: line };
  const record = parsed as Record<string, unknown>;
  if (typeof record.text !== 'string') {
    throw new Error(`${source}:${lineNumber}: field "text" is missing or not a string`);
  }
  return record.id === undefined ? { text: record.text } : { text: record.text, id: record.id };
}

function classificationJson(classifier: ReasonClassifier<string>, input: InputLine): string {
  const result = classifier.classify(input.text);
  const record = input.id === undefined ? { text: input.text } : { id: input.id, text: input.text };
  return JSON.stringify({ ...record, ...result, modelVersion: classifier.version });
}

/**
 * Lines of a stream, pulled chunk by chunk: unlike readline's async iterator, which keeps emitting lines
 * into an unbounded queue while the consumer waits for stdout to drain, this reads no further than the
 * consumer has asked for, so memory stays flat on any input size.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  for await (const chunk of input) {
    const text = partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      yield text.slice(start, newline > start && text[newline - 1] === '\r' ? newline - 1 : newline);
      start = newline + 1;
    }
    partial = text.slice(start);
  }
  partial += decoder.end();
  if (partial !== '') yield partial.endsWith('\r') ? partial.slice(0, -1) : partial;
}

async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

export const classifyCommand: Command = {
  name: 'classify',
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { taxonomy: { type: 'string' }, model: { type: 'string' } },
      true,
    );
    if (positionals.length > 1)
      throw new UsageError(`expected at most one input FILE, got ${positionals.length}`);
    const file = positionals[0];
    let classifier: ReasonClassifier<string>;
    try {
      classifier = loadReasonClassifier({ taxonomyFile: values.taxonomy, modelFile: values.model });
    } catch (error) {
      process.stderr.write(`churnlens classify: ${(error as Error).message}\n`);
      return 1;
    }
    const input = file === undefined ? process.stdin : createReadStream(file);
    const source = file ?? 'stdin';
    const cache = new Map<string, string>();
    let pending = '';
    let lineNumber = 0;
    try {
      for await (const line of readLines(input)) {
        lineNumber += 1;
        let json = cache.get(line);
        if (json === undefined) {
          json = classificationJson(classifier, parseInputLine(line, source, lineNumber));
          if (cache.size >= MAX_CACHED_LINES) cache.clear();
          cache.set(line, json);
        }
        pending += `${json}\n`;
        if (pending.length >= CHUNK_CHARACTERS) {
          await write(pending);
          pending = '';
        }
      }
    } catch (error) {
      await write(pending);
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? `${source}: no such file` : (error as Error).message;
      process.stderr.write(`churnlens classify: ${message}\n`);
      return 1;
    }
    await write(pending);
    return 0;
  },
};
