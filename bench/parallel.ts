// Runs a named job over many inputs on every core (worker_threads), for the Monte Carlo benches.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export async function parallelMap<I, O>(job: string, inputs: I[]): Promise<O[]> {
  const workers = Math.max(1, Math.min(availableParallelism(), inputs.length));
  const results: O[] = new Array(inputs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { job } });
      try {
        while (next < inputs.length) {
          const index = next++;
          results[index] = await new Promise<O>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.setMaxListeners(0);
            worker.postMessage(inputs[index]);
          });
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}
