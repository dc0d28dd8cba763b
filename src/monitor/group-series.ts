/**
 * The binned history of one group during one hatch configuration: combined pressure, the gas
 * inventory it tracks (ppN2 or pressure, minus gas added from stores), the temperature regressor,
 * and each pressure sensor's deviation from its neighbours (for sensor-fault checks).
 *
 * ## Method
 * Pressure and ppN2: each sensor's change from its own reference, combined by the median (a single
 * drifting or stuck sensor among three or more cannot move it); a sensor first seen later is
 * referenced to the combined value at that moment. Temperature: the volume-weighted mean of the
 * group's temperature sensors' changes from their first readings. Stores: tank readings are
 * smoothed (exponential, τ = 30 min) before their drop is turned into moles added.
 */
import type { GroupModel } from './group-model.js';

const STORE_SMOOTHING_S = 1800;

export interface GroupSeries {
  model: GroupModel;
  /** Bin centres [epoch s]. */
  t: number[];
  /** Combined pressure [Pa]. */
  pressure: number[];
  /** Inventory (pressure or non-O2 partial pressures) minus gas added from stores [Pa]. */
  inventory: number[];
  /** Inventory share of the pressure: x_N2 for an N2 inventory, 1 for total pressure. */
  fraction: number[];
  /** Temperature regressor [K]. */
  temperature: number[];
  /** Per pressure sensor: reading minus the combined value [Pa] (NaN when missing). */
  deviation: number[][];
  pressureRef: number[];
  n2Ref: number[];
  /** Level of the combined reading when its first sensor appeared [Pa]. */
  pressureBase: { level: number };
  n2Base: { level: number };
  temperatureRef: number[];
  storeStart: number[];
  storeSmooth: number[];
  binS: number;
}

export function createGroupSeries(model: GroupModel, binS: number): GroupSeries {
  return {
    model,
    t: [],
    pressure: [],
    inventory: [],
    fraction: [],
    temperature: [],
    deviation: model.pressure.map(() => []),
    pressureRef: model.pressure.map(() => Number.NaN),
    n2Ref: model.ppN2.map(() => Number.NaN),
    pressureBase: { level: Number.NaN },
    n2Base: { level: Number.NaN },
    temperatureRef: model.temperature.map(() => Number.NaN),
    storeStart: model.stores.map(() => Number.NaN),
    storeSmooth: model.stores.map(() => Number.NaN),
    binS,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : 0.5 * ((sorted[mid - 1] as number) + (sorted[mid] as number));
}

/**
 * Combines sensors of one quantity: the median of their changes from their references, added to
 * the mean reference. Fills `deviation` with each sensor's reading minus the combined value.
 */
function combine(
  channels: number[],
  refs: number[],
  means: Float64Array,
  excluded: Uint8Array,
  deviation: number[],
  base: { level: number },
): number {
  const changes: number[] = [];
  channels.forEach((k, j) => {
    const v = means[k] as number;
    const ref = refs[j] as number;
    if (Number.isFinite(v) && excluded[k] !== 1 && Number.isFinite(ref)) changes.push(v - ref);
  });
  const change = changes.length > 0 ? median(changes) : 0;
  let seen = changes.length > 0;
  channels.forEach((k, j) => {
    const v = means[k] as number;
    if (Number.isFinite(v) && excluded[k] !== 1 && !Number.isFinite(refs[j] as number)) {
      // a sensor seen for the first time is referenced to the combined change so far
      refs[j] = v - change;
      if (Number.isNaN(base.level)) base.level = v;
      seen = true;
    }
    const ref = refs[j] as number;
    deviation[j] = Number.isFinite(v) && Number.isFinite(ref) ? v - ref - change : Number.NaN;
  });
  return seen ? base.level + change : Number.NaN;
}

/** Appends one completed bin (channel means in SI) to the series. */
export function appendBin(
  series: GroupSeries,
  startS: number,
  means: Float64Array,
  excluded: Uint8Array,
): void {
  const { model } = series;
  const pressureDeviation: number[] = [];
  const pressure = combine(
    model.pressure,
    series.pressureRef,
    means,
    excluded,
    pressureDeviation,
    series.pressureBase,
  );
  model.pressure.forEach((_, j) => {
    series.deviation[j]?.push(pressureDeviation[j] as number);
  });
  let inventory = pressure;
  let fraction = 1;
  if (model.kind === 'N2') {
    inventory = combine(model.ppN2, series.n2Ref, means, excluded, [], series.n2Base);
    fraction = inventory / pressure;
  }
  // gas added from stores since the start of the series, as inventory pressure
  let added = 0;
  model.stores.forEach((store, j) => {
    const v = means[store.channel] as number;
    if (!Number.isFinite(v)) return;
    const previous = series.storeSmooth[j] as number;
    const smooth = Number.isFinite(previous)
      ? previous + (1 - Math.exp(-series.binS / STORE_SMOOTHING_S)) * (v - previous)
      : v;
    series.storeSmooth[j] = smooth;
    if (!Number.isFinite(series.storeStart[j] as number)) series.storeStart[j] = smooth;
    const kg = ((series.storeStart[j] as number) - smooth) * store.kgPerUnit * store.inventoryFraction;
    added += (kg / store.molarMass) * model.paPerMole;
  });
  // temperature: volume-weighted change of the group's sensors
  let tSum = 0;
  let wSum = 0;
  model.temperature.forEach(({ channel, weight }, j) => {
    const v = means[channel] as number;
    if (!Number.isFinite(v) || excluded[channel] === 1) return;
    if (!Number.isFinite(series.temperatureRef[j] as number)) series.temperatureRef[j] = v;
    tSum += weight * (v - (series.temperatureRef[j] as number));
    wSum += weight;
  });
  series.t.push(startS + series.binS / 2);
  series.pressure.push(pressure);
  series.inventory.push(inventory - added);
  series.fraction.push(fraction);
  series.temperature.push(wSum > 0 ? tSum / wSum : model.temperature.length === 0 ? 0 : Number.NaN);
}

/** Drops the oldest bins beyond `keep` (the longest window the estimators need). */
export function trimSeries(series: GroupSeries, keep: number): void {
  const extra = series.t.length - keep;
  if (extra <= 0) return;
  series.t.splice(0, extra);
  series.pressure.splice(0, extra);
  series.inventory.splice(0, extra);
  series.fraction.splice(0, extra);
  series.temperature.splice(0, extra);
  for (const d of series.deviation) d.splice(0, extra);
}
