// Leaks injected into recorded telemetry (the pipeline industry's way of building performance
// maps): every pressure and partial pressure of the leaking group is scaled by the share of its
// gas left, m(t)/m₀, from the onset on. Exact for a leak at constant temperature; the recording's
// own disturbances stay as they were.
import { connectedGroups, meanMolarMass, type Station } from '../src/core/index.js';
import { describeGroup } from '../src/monitor/index.js';
import { orificeMassFlow } from '../src/sim/index.js';

export type InjectedLeak =
  | { kind: 'rate'; kgPerDay: number }
  | { kind: 'hole'; diameterMm: number; cd: number };

export interface Samples {
  time: Float64Array;
  channel: Int32Array;
  value: Float64Array;
  length: number;
}

/** The group of modules joined by the station's initially open hatches that holds `module`. */
export function groupOf(station: Station, module: string): { channels: Set<number>; kgPerPa: number } {
  const index = new Map(station.modules.map((m, i) => [m.id, i]));
  const present = Uint8Array.from(station.modules.map((m) => (m.present ? 1 : 0)));
  const ends = Int32Array.from(
    station.hatches.flatMap((h) => [index.get(h.between[0]) ?? -1, index.get(h.between[1]) ?? -1]),
  );
  const open = Uint8Array.from(station.hatches.map((h) => (h.initiallyOpen ? 1 : 0)));
  const topology = connectedGroups(present, ends, open);
  const g = topology.groups[topology.groupOf[index.get(module) ?? 0] as number];
  const model = describeGroup(station, g?.modules ?? []);
  const ids = new Set(model.moduleIds);
  const quantities = new Set(['pressure', 'ppN2', 'ppO2', 'ppCO2', 'ppH2O']);
  const channels = new Set(
    station.sensors.flatMap((s, k) =>
      quantities.has(s.quantity) && s.module !== undefined && ids.has(s.module) ? [k] : [],
    ),
  );
  return { channels, kgPerPa: model.kgPerPa };
}

/** Mass-loss rate [kg/s] at the start of the leak, at pressure p [Pa]. */
export function initialRate(leak: InjectedLeak, station: Station, pressurePa: number): number {
  if (leak.kind === 'rate') return leak.kgPerDay / 86400;
  return orificeMassFlow(
    leak.cd,
    leak.diameterMm / 1000,
    pressurePa,
    station.airTemperatureK,
    meanMolarMass(station.composition),
  );
}

/** A copy of the samples with the leak injected from `onsetS` [epoch s] into the group of `module`. */
export function injectLeak(
  samples: Samples,
  station: Station,
  module: string,
  leak: InjectedLeak,
  onsetS: number,
  pressurePa: number,
): Samples {
  const { channels, kgPerPa } = groupOf(station, module);
  const m0 = pressurePa * kgPerPa;
  const rate0 = initialRate(leak, station, pressurePa);
  const share = (t: number): number => {
    if (t <= onsetS) return 1;
    const dt = t - onsetS;
    return leak.kind === 'rate' ? Math.max(0, 1 - (rate0 * dt) / m0) : Math.exp((-rate0 * dt) / m0);
  };
  const value = Float64Array.from(samples.value.subarray(0, samples.length));
  for (let i = 0; i < samples.length; i++)
    if (channels.has(samples.channel[i] as number))
      value[i] = (value[i] as number) * share(samples.time[i] as number);
  return { time: samples.time, channel: samples.channel, value, length: samples.length };
}
