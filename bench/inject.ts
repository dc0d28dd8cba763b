// Leaks injected into recorded telemetry (the pipeline industry's way of building performance
// maps): every pressure and partial pressure of the leaking group is scaled by the share of its
// gas left, m(t)/m₀, from the onset on. Exact for a leak at constant temperature; the recording's
// own disturbances stay as they were. A channel that reports on change is re-sampled as its sensor
// would have reported the leaking value: held between the recorded reports, scaled, quantized, and
// reported each second it changes by a step.
import { connectedGroups, meanMolarMass, type Station, unitScale } from '../src/core/index.js';
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
  const rows: { t: number; k: number; v: number }[] = [];
  const held = new Map<number, { t: number; v: number }[]>();
  for (let i = 0; i < samples.length; i++) {
    const k = samples.channel[i] as number;
    const t = samples.time[i] as number;
    const v = samples.value[i] as number;
    const sensor = station.sensors[k];
    if (!channels.has(k)) rows.push({ t, k, v });
    else if (sensor?.reportOnChange && sensor.resolution > 0) {
      const list = held.get(k) ?? [];
      list.push({ t, v });
      held.set(k, list);
    } else rows.push({ t, k, v: v * share(t) });
  }
  for (const [k, reports] of held) {
    const sensor = station.sensors[k];
    const step = (sensor?.resolution ?? 0) * unitScale(sensor?.unit ?? 'Pa');
    const quantize = (x: number): number => Math.round(x / step) * step;
    const end = samples.time[samples.length - 1] as number;
    let last = Number.NaN;
    reports.forEach((r, j) => {
      const until = reports[j + 1]?.t ?? end;
      // the recorded report, then each second its leaking value moves to another step
      last = r.t <= onsetS ? r.v : quantize(r.v * share(r.t));
      rows.push({ t: r.t, k, v: last });
      for (let t = Math.max(r.t, onsetS) + 1; t < until; t += 1) {
        const v = quantize(r.v * share(t));
        if (v !== last) {
          rows.push({ t, k, v });
          last = v;
        }
      }
    });
  }
  rows.sort((a, b) => a.t - b.t);
  return {
    time: Float64Array.from(rows, (r) => r.t),
    channel: Int32Array.from(rows, (r) => r.k),
    value: Float64Array.from(rows, (r) => r.v),
    length: rows.length,
  };
}
