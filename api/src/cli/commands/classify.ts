/** `churnlens classify`: verbatims in (plain lines or NDJSON), one NDJSON classification per line out. */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
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
const MAX_CACHED_LINES = 50_000;

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

async function write(chunk: string): Promise<void> {
  if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Classify free-text reasons (lines or NDJSON) into NDJSON',
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { taxonomy: { type: 'string' }, model: { type: 'string' } },
      true,
    );
    if (positionals.length > 1) throw new UsageError(`expected at most one input FILE, got ${positionals.length}`);
    const file = positionals[0];
    let classifier: ReasonClassifier<string>;
    try {
      classifier = loadReasonClassifier({ taxonomyFile: values.taxonomy, modelFile: values.model });
    } catch (error) {
      process.stderr.write(`churnlens classify: ${(error as Error).message}\n`);
      return 1;
    }
    const input = file === undefined ? process.stdin : createReadStream(file, { encoding: 'utf8' });
    const source = file ?? 'stdin';
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    const cache = new Map<string, string>();
    let pending = '';
    let lineNumber = 0;
    try {
      for await (const line of lines) {
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
