// Builds stations and scenarios from inline YAML for tests.
import {
  loadStation,
  parseDocumentText,
  scenarioFromDocument,
  stationFromDocument,
} from '../src/config/index.js';
import type { Scenario, Station } from '../src/core/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  isFinished,
  SampleBuffer,
} from '../src/sim/index.js';

export function stationFromYaml(yaml: string, id = 'test-station'): Station {
  return stationFromDocument(parseDocumentText(yaml, `${id}.yaml`), id);
}

/** A scenario from YAML; `station:` may name a built-in or `inline`, which uses `station`. */
export function scenarioFromYaml(yaml: string, station?: Station): Scenario {
  return scenarioFromDocument(
    parseDocumentText(yaml, 'test-scenario.yaml'),
    'test-scenario',
    (name, baseDir) => (name === 'inline' && station !== undefined ? station : loadStation(name, baseDir)),
  );
}

/** The samples of one channel, as epoch seconds and values. */
export function channelSeries(
  samples: { time: Float64Array; channel: Int32Array; value: Float64Array; length: number },
  station: Station,
  channelId: string,
): { t: number[]; v: number[] } {
  const k = station.sensors.findIndex((s) => s.id === channelId);
  if (k < 0) throw new Error(`no channel ${channelId}`);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    if (samples.channel[i] !== k) continue;
    t.push(samples.time[i] as number);
    v.push(samples.value[i] as number);
  }
  return { t, v };
}

/** A habitat with an airlock behind one hatch, each with a pressure sensor: the server tests' station. */
export const HAB_AND_LOCK_YAML = `
name: Test station
pressure_mmHg: 750
modules:
  - { id: hab, name: Habitat, volume_m3: 80, habitable: true }
  - { id: lock, volume_m3: 6, habitable: false }
hatches:
  - { id: hab-lock, between: [hab, lock], closable: true }
sensors:
  - { id: P_HAB, module: hab, quantity: pressure, unit: mmHg }
  - { id: T_HAB, module: hab, quantity: temperature, unit: degC }
  - { id: P_LOCK, module: lock, quantity: pressure, unit: mmHg }
  - { id: HATCH_1, hatch: hab-lock, quantity: hatch }
`;

/**
 * The same habitat and airlock read as real gauges read: pressures with noise and a resolution,
 * and `thermometer` (a sensor line of the YAML, or '' for none) after the hatch.
 */
export function noisyHabAndLockYaml(thermometer: string): string {
  return `${HAB_AND_LOCK_YAML.replace(/^name: .*$/m, 'name: Habitat and airlock')
    .replace(/^ {2}- \{ id: T_HAB.*\n/m, '')
    .replace(
      /(id: P_\w+, module: \w+, quantity: pressure, unit: mmHg)/g,
      '$1, noise_sd: 0.05, resolution: 0.01',
    )}${thermometer}`;
}

/** A scenario's telemetry, in SI, as batches of `steps` simulation steps each. */
export function simulatedBatches(
  scenario: Scenario,
  steps: number,
): { time: Float64Array; channel: Int32Array; value: Float64Array; length: number }[] {
  const sim = createSimulation(scenario);
  const buffer = new SampleBuffer();
  const units = scenario.station.sensors.map((s) => s.unit);
  const batches = [];
  while (!isFinished(sim)) {
    advanceSimulation(sim, buffer, { steps });
    convertToSI(buffer, units);
    batches.push({
      time: buffer.time.slice(0, buffer.length),
      channel: buffer.channel.slice(0, buffer.length),
      value: buffer.value.slice(0, buffer.length),
      length: buffer.length,
    });
    buffer.clear();
  }
  return batches;
}

/** A batch's columns copied (the pipeline takes the arrays it is handed). */
export function copyColumns<
  T extends { time: Float64Array; channel: Int32Array; value: Float64Array; length: number },
>(b: T): T {
  return { ...b, time: b.time.slice(), channel: b.channel.slice(), value: b.value.slice() };
}

/**
 * haven with its crew of four and the built-in scenarios' thermal cycle from 2024-03-01, for `hours`
 * at `stepS`, with these events (YAML flow mappings, one per line).
 */
export function havenScenario(seed: number, hours: number, stepS: number, events: string[]): Scenario {
  return scenarioFromYaml(`
station: haven
start: 2024-03-01T00:00:00Z
duration_h: ${hours}
step_s: ${stepS}
seed: ${seed}
crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.55, drift_K: 0.15, drift_timescale_h: 6, module_spread: 0.3 }
events:
${events.map((e) => `  - ${e}`).join('\n')}
`);
}
