// A simulated day on the haven station (three modules: hab, lab, capsule), for tests of what the
// monitor makes of a leak there.
import { caseScenario, runCase } from '../bench/cases.js';
import type { MonitorState } from '../src/monitor/index.js';
import type { TruthReport } from '../src/sim/index.js';

const HAVEN_DAY = `crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.4, drift_K: 0.1, drift_timescale_h: 6, module_spread: 0.2 }`;

/** A simulated haven day with these events (scenario event mappings), watched by a fresh monitor. */
export function havenDay(
  seed: number,
  hours: number,
  events: string[],
): { monitor: MonitorState; truth: TruthReport } {
  return runCase(caseScenario({ seed, hours, station: 'haven', extra: HAVEN_DAY, events }));
}
