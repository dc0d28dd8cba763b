/**
 * What the plot follows: the largest group's pressure, inventory and temperature per bin, its
 * rate per check, and the inventory compensated into kilograms across configurations.
 */
import type { GroupSeries } from './group-series.js';
import type { GroupTrack, MonitorState, Segment, Timeline } from './monitor-state.js';

/** The group with the largest volume: the one the timeline follows. */
export function mainGroup(segment: Segment): GroupTrack | undefined {
  return segment.groups.reduce<GroupTrack | undefined>(
    (a, g) => (a === undefined || g.series.model.volumeM3 > a.series.model.volumeM3 ? g : a),
    undefined,
  );
}

export function recordTimeline(state: MonitorState, segment: Segment): void {
  const main = mainGroup(segment);
  if (main === undefined) return;
  const { series } = main;
  const k = series.t.length - 1;
  if (k < 0) return;
  const tl = state.timeline;
  if (tl.groups.at(-1) !== main) tl.groups.push(main);
  tl.t.push(series.t[k] as number);
  tl.pressurePa.push(series.pressure[k] as number);
  tl.inventoryPa.push(series.inventory[k] as number);
  tl.fraction.push(series.fraction[k] as number);
  tl.temperature.push(series.temperature[k] as number);
  tl.groupIndex.push(tl.groups.length - 1);
}

/**
 * The timeline's bins of this history (kept in the same columns, which a continued group shares) as
 * they read now: once a faulty sensor's readings are taken out of the history, the plot's
 * inventory no longer shows its drift. Older bins stay as they were.
 */
export function retraceTimeline(state: MonitorState, series: GroupSeries): void {
  const tl = state.timeline;
  let k = series.t.length - 1;
  for (let i = tl.t.length - 1; i >= 0 && k >= 0; i--) {
    const t = tl.t[i] as number;
    while (k >= 0 && (series.t[k] as number) > t) k--;
    if (k < 0 || series.t[k] !== t || tl.groups[tl.groupIndex[i] as number]?.series.t !== series.t) continue;
    tl.inventoryPa[i] = series.inventory[k] as number;
    tl.fraction[i] = series.fraction[k] as number;
    tl.temperature[i] = series.temperature[k] as number;
  }
}

/**
 * The timeline's inventory as air-mass equivalent [kg], compensated with each group's final
 * temperature coupling, scaled by its final inventory share, and kept continuous across hatch
 * configurations.
 */
export function compensatedInventoryKg(tl: Timeline): Float64Array {
  const out = new Float64Array(tl.t.length);
  let offset = 0;
  let last = Number.NaN;
  let group = -1;
  for (let i = 0; i < tl.t.length; i++) {
    const g = tl.groups[tl.groupIndex[i] as number] as GroupTrack;
    const coupling = Number.isFinite(g.coupling) ? g.coupling : 0;
    const temperature = tl.temperature[i] as number;
    const compensated =
      (tl.inventoryPa[i] as number) - coupling * (Number.isFinite(temperature) ? temperature : 0);
    const fraction = g.latest?.fraction ?? (tl.fraction[i] as number);
    const kg = (compensated / fraction) * g.series.model.kgPerPa;
    if (tl.groupIndex[i] !== group) {
      group = tl.groupIndex[i] as number;
      offset = Number.isFinite(last) && Number.isFinite(kg) ? last - kg : 0;
    }
    out[i] = kg + offset;
    if (Number.isFinite(out[i] as number)) last = out[i] as number;
  }
  return out;
}
