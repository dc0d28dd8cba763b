/**
 * The binned history of one group during one hatch configuration: combined pressure, the gas
 * inventory it tracks (ppN2 or pressure, minus gas added from stores), the temperature regressor,
 * and each pressure sensor's latest deviation from its neighbours (for sensor-fault checks).
 *
 * ## Method
 * Pressure and ppN2: each sensor's change from its own reference, combined by the median (a single
 * drifting or stuck sensor among three or more cannot move it); a sensor first seen later is
 * referenced to the combined value at that moment, and when sensors join or leave the level is
 * shifted so the combined value does not jump. Temperature: the volume-weighted mean of the
 * group's temperature sensors' changes from their first readings; a sensor declared to swing more
 * than the bulk air (thermal_gain) is read back to bulk air. Stores: tank readings are smoothed
 * (exponential, τ = 5 min, against their quantization) before their drop is turned into moles
 * added. References belong to channels, so a module closed off and rejoined keeps its own.
 */
import type { GroupModel } from './group-model.js';

const STORE_SMOOTHING_S = 300;

export interface GroupSeries {
  model: GroupModel;
  /** Bin centres [epoch s]. */
  t: number[];
  /** Combined pressure [Pa]. */
  pressure: number[];
  /** Inventory (ppN2 or pressure) minus gas added from stores [Pa]. */
  inventory: number[];
  /** Inventory share of the pressure: x_N2 for an N2 inventory, 1 for total pressure. */
  fraction: number[];
  /** Temperature regressor [K]. */
  temperature: number[];
  /** Latest reading minus the combined value of each pressure channel [Pa]. */
  deviation: Map<number, number>;
  /** Reference reading of each channel (pressure, ppN2, temperature) [SI]. */
  reference: Map<number, number>;
  /** Level of the combined reading when its first sensor appeared [Pa]. */
  pressureBase: CombinedBase;
  n2Base: CombinedBase;
  /** Smoothed first and latest reading of each store channel. */
  storeStart: Map<number, number>;
  storeSmooth: Map<number, number>;
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
    deviation: new Map(),
    reference: new Map(),
    pressureBase: { level: Number.NaN, members: '' },
    n2Base: { level: Number.NaN, members: '' },
    storeStart: new Map(),
    storeSmooth: new Map(),
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

/** The level a combined reading is built on, and the sensors that made it last time. */
export interface CombinedBase {
  level: number;
  members: string;
}

/**
 * Combines sensors of one quantity: the median of their changes from their references, added to
 * the base level. Writes each sensor's reading minus the combined value into `deviation`.
 */
function combine(
  channels: number[],
  reference: Map<number, number>,
  means: Float64Array,
  excluded: Uint8Array,
  deviation: Map<number, number> | null,
  base: CombinedBase,
): number {
  const changes: number[] = [];
  const members: number[] = [];
  for (const k of channels) {
    const v = means[k] as number;
    const ref = reference.get(k);
    if (Number.isFinite(v) && excluded[k] !== 1 && ref !== undefined) {
      changes.push(v - ref);
      members.push(k);
    }
  }
  const change = changes.length > 0 ? median(changes) : 0;
  // when sensors join or leave, shift the base so the combined value does not jump
  const key = members.join(',');
  if (base.members !== key && base.members !== '' && changes.length > 0) {
    const old: number[] = [];
    for (const k of base.members.split(',').map(Number)) {
      const v = means[k] as number;
      const ref = reference.get(k);
      if (Number.isFinite(v) && ref !== undefined) old.push(v - ref);
    }
    if (old.length > 0) base.level += median(old) - change;
  }
  if (changes.length > 0) base.members = key;
  let seen = changes.length > 0;
  for (const k of channels) {
    const v = means[k] as number;
    if (Number.isFinite(v) && excluded[k] !== 1 && !reference.has(k)) {
      // a sensor seen for the first time is referenced to the combined change so far
      reference.set(k, v - change);
      if (Number.isNaN(base.level)) base.level = v;
      seen = true;
    }
    const ref = reference.get(k);
    deviation?.set(k, Number.isFinite(v) && ref !== undefined ? v - ref - change : Number.NaN);
  }
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
  const pressure = combine(
    model.pressure,
    series.reference,
    means,
    excluded,
    series.deviation,
    series.pressureBase,
  );
  let inventory = pressure;
  let fraction = 1;
  if (model.kind === 'N2') {
    inventory = combine(model.ppN2, series.reference, means, excluded, null, series.n2Base);
    fraction = inventory / pressure;
  }
  // gas added from stores since the start of the series, as inventory pressure
  let added = 0;
  for (const store of model.stores) {
    const v = means[store.channel] as number;
    if (!Number.isFinite(v)) continue;
    const previous = series.storeSmooth.get(store.channel);
    const smooth =
      previous === undefined
        ? v
        : previous + (1 - Math.exp(-series.binS / STORE_SMOOTHING_S)) * (v - previous);
    series.storeSmooth.set(store.channel, smooth);
    if (!series.storeStart.has(store.channel)) series.storeStart.set(store.channel, smooth);
    const kg =
      ((series.storeStart.get(store.channel) as number) - smooth) * store.kgPerUnit * store.inventoryFraction;
    added += (kg / store.molarMass) * model.paPerMole;
  }
  // temperature: volume-weighted change of the group's sensors
  let tSum = 0;
  let wSum = 0;
  for (const { channel, weight, gain } of model.temperature) {
    const v = means[channel] as number;
    if (!Number.isFinite(v) || excluded[channel] === 1) continue;
    if (!series.reference.has(channel)) series.reference.set(channel, v);
    tSum += (weight * (v - (series.reference.get(channel) as number))) / gain;
    wSum += weight;
  }
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
}

/**
 * The same history under a slightly different group (a small module closed off or rejoined): the
 * binned series and every channel's reference carry on.
 */
export function continueSeries(old: GroupSeries, model: GroupModel): GroupSeries {
  return { ...old, model };
}
