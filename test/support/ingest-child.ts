/**
 * Runs `ingestFiles` in its own process for the tests that kill an ingest mid-file (integration's
 * ingest-atomicity, reliability's ingest-kill) or need another process holding the database (ingest-cli). With
 * STALL_IN_CLASSIFIER=1 the classifier announces itself on stdout and then blocks, so the kill lands after
 * the file's rows were written inside its transaction but before the commit.
 */
import { ingestFiles } from '@churnlens/ingest';
import { openDatabase } from '@churnlens/models/database/open-database';
import { keywordClassifier } from './ingest-fixtures.ts';

const [databasePath, ...files] = process.argv.slice(2);
if (!databasePath) throw new Error('usage: ingest-child.ts DATABASE FILE...');
const inner = keywordClassifier();
const stall = process.env.STALL_IN_CLASSIFIER === '1';
const classifier = {
  ...inner,
  classify(text: string) {
    if (stall) {
      process.stdout.write('classifying\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return inner.classify(text);
  },
};
const db = await openDatabase(databasePath);
await ingestFiles(db, files, { classifier }, (event) => {
  if (event.type === 'file-done') process.stdout.write(`done ${event.report.path}\n`);
});
db.close();
