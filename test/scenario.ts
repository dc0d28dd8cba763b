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
