// `npm run bench`: every benchmark, each printing a table with its targets and baselines.
import { cpus } from 'node:os';
import { benchSimulator } from './simulator.js';

process.stdout.write(
  `# Airtight benchmarks\n${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}\n`,
);
await benchSimulator();
