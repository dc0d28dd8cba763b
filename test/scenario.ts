// Builds stations and scenarios from inline YAML for tests.
import {
  loadStation,
  parseDocumentText,
  scenarioFromDocument,
  stationFromDocument,
} from '../src/config/index.js';
import type { Scenario, Station } from '../src/core/index.js';

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
