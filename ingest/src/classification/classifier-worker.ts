/** Worker-thread body for classifier-pool.ts: classifies batches of texts with its own copy of the model. */
import { parentPort } from 'node:worker_threads';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';

export interface WorkerBatch {
  id: number;
  texts: string[];
}

const port = parentPort;
if (!port) throw new Error('classifier-worker.ts runs inside a worker thread only');
const classifier = loadReasonClassifier();
port.postMessage({ type: 'ready', version: classifier.version });
port.on('message', (batch: WorkerBatch) => {
  port.postMessage({ type: 'result', id: batch.id, results: batch.texts.map((text) => classifier.classify(text)) });
});
