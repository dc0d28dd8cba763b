// Worker side of parallelMap: receives inputs, runs the named job, posts each result back.
import { parentPort, workerData } from 'node:worker_threads';
import { jobs } from './jobs.js';

const job = jobs[(workerData as { job: string }).job];
if (job === undefined) throw new Error(`unknown bench job ${(workerData as { job: string }).job}`);
parentPort?.on('message', async (input: unknown) => {
  parentPort?.postMessage(await job(input));
});
