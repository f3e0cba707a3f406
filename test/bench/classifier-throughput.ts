/**
 * Reason-classifier throughput, in verbatims per second on one core (Node runs the classifier on a single
 * thread). Input: 200,000 short verbatims generated deterministically from the training corpus lines —
 * half verbatim copies (real exports repeat "too expensive" a lot), half perturbed (case changes, typos,
 * a prefix or trailing emoji, two reasons joined). Prints the rate per run and the median, classifying
 * every text, and with dedup (each distinct text classified once, results reused through a Map).
 *
 *   node --import tsx test/bench/classifier-throughput.ts [--texts 200000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import {
  corpusFiles,
  DEFAULT_CORPUS_DIR,
  readLabeledFile,
} from '@churnlens/models/classifier/io/corpus-file';
import { seededRandom } from '@churnlens/models/classifier/training/seeded-random';

const { values } = parseArgs({ options: { texts: { type: 'string' }, runs: { type: 'string' } } });
const TEXT_COUNT = Number(values.texts ?? 200_000);
const RUNS = Number(values.runs ?? 5);

const PREFIXES = ['honestly ', 'tbh ', 'well, ', 'Basically ', ''];
const SUFFIXES = [' 😡', ' 💸', '!!', '...', ' lol', ''];

function typo(text: string, random: () => number): string {
  if (text.length < 4) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  return random() < 0.5
    ? text.slice(0, at) + text.slice(at + 1)
    : text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
}

function generateTexts(lines: string[], count: number): string[] {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    let text = pick(lines);
    if (random() < 0.5) {
      texts.push(text);
      continue;
    }
    const roll = random();
    if (roll < 0.25) text = text.toLowerCase();
    else if (roll < 0.35) text = text.toUpperCase();
    if (random() < 0.5) text = typo(text, random);
    if (random() < 0.15) text = `${text.replace(/[.!]+$/, '')} and ${pick(lines).toLowerCase()}`;
    texts.push(`${pick(PREFIXES)}${text}${pick(SUFFIXES)}`);
  }
  return texts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const lines = corpusFiles(DEFAULT_CORPUS_DIR).flatMap((file) => readLabeledFile(file).map((row) => row.text));
const texts = generateTexts(lines, TEXT_COUNT);
const distinct = new Set(texts).size;
const averageLength = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
const classifier = loadReasonClassifier();

// Warm-up: JIT compilation and the per-token memo, as in a long-running ingest.
for (const text of texts.slice(0, 20_000)) classifier.classify(text);

const format = (rate: number) => Math.round(rate).toLocaleString('en-US');

/**
 * Rates against CPU time (user + system of this single-threaded process: "per core", unaffected by other
 * processes competing for the machine) and against wall-clock time.
 */
function measure(label: string, run: () => void): void {
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    run();
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    cpuRates.push(texts.length / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(texts.length / wallSeconds);
  }
  console.log(
    `${label.padEnd(22)} per core (CPU time) median ${format(median(cpuRates)).padStart(9)}  best ${format(Math.max(...cpuRates)).padStart(9)} verbatims/s  runs ${cpuRates.map(format).join(', ')}`,
  );
  console.log(
    `${''.padEnd(22)} wall clock          median ${format(median(wallRates)).padStart(9)}  best ${format(Math.max(...wallRates)).padStart(9)} verbatims/s  runs ${wallRates.map(format).join(', ')}`,
  );
}

// Results feed a typed-array cell (a captured `let` number would allocate a heap number per update).
const sink = new Float64Array(1);
console.log(`model ${classifier.version}, node ${process.version}`);
console.log(
  `${texts.length.toLocaleString('en-US')} texts from ${lines.length} corpus lines, ${distinct.toLocaleString('en-US')} distinct, mean ${averageLength.toFixed(0)} characters; ${RUNS} runs each`,
);
measure('every text classified', () => {
  for (const text of texts) sink[0] = (sink[0] as number) + classifier.classify(text).confidence;
});
measure('dedup (Map by text)', () => {
  const results = new Map<string, ReturnType<typeof classifier.classify>>();
  for (const text of texts) {
    let result = results.get(text);
    if (result === undefined) {
      result = classifier.classify(text);
      results.set(text, result);
    }
    sink[0] = (sink[0] as number) + result.confidence;
  }
});
if (Number.isNaN(sink[0])) console.log('unreachable: keeps the results alive');
