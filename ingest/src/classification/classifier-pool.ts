/**
 * Classifies a large batch of verbatims on worker threads, one copy of the committed model per thread.
 * Classification is pure CPU work in JS while DuckDB's threads sit idle, so on an N-core machine N workers
 * finish about N times sooner. Used only for the committed model (workers load it themselves) and only for
 * batches big enough to pay for starting the workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReasonClassification } from '@churnlens/models/classifier/index';
import type { WorkerBatch } from './classifier-worker.ts';

/** Below this many texts one thread is faster than starting workers (each loads the model). */
export const PARALLEL_THRESHOLD = 20_000;
const BATCH_SIZE = 2_000;

type WorkerMessage =
  | { type: 'ready'; version: string }
  | { type: 'result'; id: number; results: ReasonClassification<string>[] };

function startWorker(expectedVersion: string): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./classifier-worker-entry.mjs', import.meta.url));
    worker.once('error', reject);
    worker.once('message', (message: WorkerMessage) => {
      if (message.type === 'ready' && message.version === expectedVersion) return resolve(worker);
      void worker.terminate();
      reject(new Error(`worker loaded model ${message.type === 'ready' ? message.version : '?'}, not ${expectedVersion}`));
    });
  });
}

export async function classifyInParallel(
  texts: readonly string[],
  expectedVersion: string,
  onProgress?: (done: number, total: number) => void,
  threads = availableParallelism(),
): Promise<ReasonClassification<string>[]> {
  const workers = await Promise.all(Array.from({ length: threads }, () => startWorker(expectedVersion)));
  const results: ReasonClassification<string>[] = new Array(texts.length);
  const batchCount = Math.ceil(texts.length / BATCH_SIZE);
  let nextBatch = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const sendNext = () => {
              if (nextBatch >= batchCount) return resolve();
              const id = nextBatch++;
              const batch: WorkerBatch = { id, texts: texts.slice(id * BATCH_SIZE, (id + 1) * BATCH_SIZE) };
              worker.postMessage(batch);
            };
            worker.on('error', reject);
            worker.on('message', (message: WorkerMessage) => {
              if (message.type !== 'result') return;
              message.results.forEach((result, index) => {
                results[message.id * BATCH_SIZE + index] = result;
              });
              done += message.results.length;
              onProgress?.(done, texts.length);
              sendNext();
            });
            sendNext();
          }),
      ),
    );
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
