import { loadReasonClassifier } from './index.ts';
import { corpusFiles, DEFAULT_CORPUS_DIR, readLabeledFile } from './io/corpus-file.ts';
const lines = corpusFiles(DEFAULT_CORPUS_DIR).flatMap((f) => readLabeledFile(f).map((r) => r.text));
const c = loadReasonClassifier();
for (let r = 0; r < 3; r++) for (const l of lines) c.classify(l);
for (let run = 0; run < 5; run++) {
  const before = process.cpuUsage(); let n = 0;
  for (let r = 0; r < 20; r++) for (const l of lines) { c.classify(l); n++; }
  const cpu = process.cpuUsage(before);
  console.log('hit-path per core', Math.round(n / ((cpu.user + cpu.system) / 1e6)));
}
