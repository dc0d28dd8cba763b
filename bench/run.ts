// `npm run bench`: every benchmark, each printing a table with its targets and baselines.
// AIRTIGHT_BENCH_QUICK=1 runs fewer seeds (for development); the figures quoted in issues come
// from the full run.
import { cpus } from 'node:os';
import { benchAcoustic } from './acoustic.js';
import { benchDetection, benchFalseAlarms } from './detection.js';
import { benchCramerRao, benchEstimation } from './estimation.js';
import { benchForecast } from './forecast.js';
import { benchLocalization } from './localization.js';
import { benchSearch } from './search.js';
import { benchServer } from './server.js';
import { benchSimulator } from './simulator.js';
import { benchThroughput } from './throughput.js';

const quick = process.env.AIRTIGHT_BENCH_QUICK === '1';
const only = process.argv[2];
process.stdout.write(
  `# Airtight benchmarks${quick ? ' (quick)' : ''}\n${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}\n`,
);
const suites: Record<string, () => Promise<void>> = {
  simulator: () => benchSimulator(),
  estimation: () => benchEstimation(quick),
  'cramer-rao': () => benchCramerRao(quick),
  detection: () => benchDetection(quick),
  'false-alarms': () => benchFalseAlarms(quick),
  throughput: () => benchThroughput(quick),
  localization: () => benchLocalization(quick),
  server: () => benchServer(),
  forecast: () => benchForecast(quick),
  search: () => benchSearch(quick),
  acoustic: () => benchAcoustic(quick),
  dashboard: async () => (await import('./dashboard.js')).benchDashboard(quick),
};
if (only !== undefined && !(only in suites)) {
  process.stderr.write(`bench: no suite '${only}'; the suites are ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
for (const [name, run] of Object.entries(suites)) if (only === undefined || only === name) await run();
