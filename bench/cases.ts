// Simulated cases for the estimation benchmarks: an ISS day with realistic disturbances and a
// known leak, run through the monitor exactly as `airtight analyze` would.
import { loadStation, parseDocumentText, scenarioFromDocument } from '../src/config/index.js';
import { type Scenario, toSI } from '../src/core/index.js';
import { createMonitor, finishMonitor, type MonitorState, monitorBatch } from '../src/monitor/index.js';
import {
  advanceSimulation,
  createSimulation,
  isFinished,
  SampleBuffer,
  simulationTruth,
  type TruthReport,
} from '../src/sim/index.js';

export interface CaseSpec {
  seed: number;
  hours: number;
  /** Leak events (YAML flow mappings of the scenario format), e.g. `{ at_h: 0, leak: {...} }`. */
  events: string[];
  /** Extra scenario lines (thermal, control, …). */
  extra?: string;
  station?: string;
}

export const ISS_DAY_EXTRA = `crew: { count: 3 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.55, drift_K: 0.15, drift_timescale_h: 6, module_spread: 0.3 }`;

export function caseScenario(spec: CaseSpec): Scenario {
  const yaml = `station: ${spec.station ?? 'iss'}
start: 2026-01-10T00:00:00Z
duration_h: ${spec.hours}
step_s: 1
seed: ${spec.seed}
spin_up_h: 24
${spec.extra ?? ISS_DAY_EXTRA}
events:
${['  - { at_h: 0, generator: elektron, rate_kg_day: 1.61 }', ...spec.events.map((e) => `  - ${e}`)].join('\n')}
`;
  return scenarioFromDocument(
    parseDocumentText(yaml, `case-${spec.seed}.yaml`),
    `case-${spec.seed}`,
    (name, dir) => loadStation(name, dir),
  );
}

/** Simulates a scenario and feeds its telemetry (converted to SI) to a fresh monitor. */
export function runCase(scenario: Scenario): { monitor: MonitorState; truth: TruthReport } {
  const sim = createSimulation(scenario);
  const monitor = createMonitor(scenario.station);
  const units = scenario.station.sensors.map((s) => s.unit);
  const buffer = new SampleBuffer();
  while (!isFinished(sim)) {
    advanceSimulation(sim, buffer, { steps: 3600 });
    for (let i = 0; i < buffer.length; i++)
      buffer.value[i] = toSI(buffer.value[i] as number, units[buffer.channel[i] as number] as string);
    monitorBatch(monitor, buffer);
    buffer.clear();
  }
  finishMonitor(monitor);
  return { monitor, truth: simulationTruth(sim) };
}
