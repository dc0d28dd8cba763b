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
 * (store-reading.ts: exponential, τ = 5 min, against their quantization; a refill from outside
 * is not gas taken from the cabin) before their drop is turned into moles added; each nitrogen reading is first credited with what its module's air lacks of that gas
 * while it mixes in (added-gas-mixing.ts). References belong to channels, so a module closed off
 * and rejoined keeps its own.
 */
import { median } from '../core/index.js';
import { type AddedGasMixing, mixedLevelPa } from './added-gas-mixing.js';
import type { GroupModel, NitrogenSource } from './group-model.js';
import { createStoreTrack, type StoreTrack, storeGiven } from './store-reading.js';

/** A group's values per 1-minute bin, one column each. */
export interface BinColumns {
  /** Bin centres [epoch s]. */
  t: number[];
  /** Combined pressure [Pa]. */
  pressure: number[];
  /** Pressure minus all gas added from stores [Pa] (the total inventory, whatever `inventory` is). */
  total: number[];
  /** Inventory (ppN2 or pressure) minus gas added from stores [Pa]. */
  inventory: number[];
  /** Inventory share of the pressure: x_N2 for an N2 inventory, 1 for total pressure. */
  fraction: number[];
  /** Temperature regressor [K]. */
  temperature: number[];
}

/** The group's bins over the trailing window, and what it needs to extend them. */
export interface GroupSeries extends BinColumns {
  model: GroupModel;
  /** Latest reading minus the combined value of each pressure channel [Pa]. */
  deviation: Map<number, number>;
  /**
   * Per bin, each nitrogen source's change from its reference [Pa] (NaN while it does not read):
   * a source drifting away from the others shows against them, a leak lowers them all.
   */
  n2Change: Map<string, number[]>;
  /** Per bin, each thermometer's change from its reference read back to bulk air [K] (NaN while it does not read). */
  tChange: Map<number, number[]>;
  /** Reference reading of each channel (pressure, ppN2, temperature) [SI]. */
  reference: Map<number, number>;
  /** Reference reading of each nitrogen source [Pa]. */
  n2Reference: Map<string, number>;
  /** Level of the combined reading when its first sensor appeared [Pa]. */
  pressureBase: CombinedBase;
  n2Base: CombinedBase;
  /** Each store channel's reading as it is tracked, and what it has given since the series began [its units]. */
  storeTracks: Map<number, StoreTrack>;
  storeGiven: Map<number, number>;
  binS: number;
}

export function createGroupSeries(model: GroupModel, binS: number): GroupSeries {
  return {
    model,
    t: [],
    pressure: [],
    total: [],
    inventory: [],
    fraction: [],
    temperature: [],
    deviation: new Map(),
    n2Change: new Map(),
    tChange: new Map(),
    reference: new Map(),
    n2Reference: new Map(),
    pressureBase: { level: Number.NaN, members: '', last: new Map() },
    n2Base: { level: Number.NaN, members: '', last: new Map() },
    storeTracks: new Map(),
    storeGiven: new Map(),
    binS,
  };
}

/**
 * The level a combined reading is built on, the sensors that made it last time, and each sensor's
 * last change from its reference (a sensor that drops out is held at it for the level's shift).
 */
export interface CombinedBase {
  level: number;
  members: string;
  last: Map<number | string, number>;
  /** The last value combined (nitrogen: the inventory before gas added) [Pa]. */
  value?: number;
  /**
   * Nitrogen only: while every N2 source is stale or found faulty, the inventory carried on by the
   * change of the pressure less ppO2 and ppCO2: where it stood then, and what p − ppO2 − ppCO2 read.
   */
  carried?: { inventoryPa: number; othersPa: number };
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
  // when sensors join or leave, shift the base so the combined value does not jump: the last
  // members combined as they read now, one that dropped out held at its last change
  const key = members.join(',');
  if (base.members !== key && base.members !== '' && changes.length > 0) {
    const old: number[] = [];
    for (const k of base.members.split(',').map(Number)) {
      const held = base.last.get(k);
      const i = members.indexOf(k);
      if (i >= 0) old.push(changes[i] as number);
      else if (held !== undefined) old.push(held);
    }
    if (old.length > 0) base.level += median(old) - change;
  }
  members.forEach((k, i) => {
    base.last.set(k, changes[i] as number);
  });
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

/** A source's reading [Pa], NaN when a channel is missing or excluded. */
function nitrogenReading(
  source: NitrogenSource,
  pressure: number,
  means: Float64Array,
  excluded: Uint8Array,
): number {
  const read = (k: number): number => (excluded[k] === 1 ? Number.NaN : (means[k] as number));
  if (source.ppN2 >= 0) return read(source.ppN2);
  return pressure - read(source.ppO2) - read(source.ppCO2) - read(source.ppH2O);
}

/** Residuals beyond this many standard deviations are down-weighted (Huber). */
const HUBER_K = 2;

/**
 * Combines nitrogen readings: a weighted mean of their changes from their references, weights
 * 1/σ² down-weighted by Huber's rule for readings far from the rest, started from the weighted
 * median. The level is kept continuous when sources join or leave, as in `combine`.
 */
function combineNitrogen(
  model: GroupModel,
  pressure: number,
  reference: Map<string, number>,
  means: Float64Array,
  excluded: Uint8Array,
  base: CombinedBase,
  mixing: { model: AddedGasMixing; level: number } | null,
  changes: Map<string, number[]>,
): number {
  const sources = model.nitrogen;
  // each reading with the added gas it does not see yet, its module's air not yet mixed
  const readings = sources.map(
    (s) =>
      nitrogenReading(s, pressure, means, excluded) +
      (mixing === null || s.module < 0 ? 0 : mixing.level - (mixing.model.field[s.module] as number)),
  );
  const live: { key: string; change: number; weight: number; sd: number }[] = [];
  sources.forEach((s, i) => {
    const v = readings[i] as number;
    const ref = reference.get(s.key);
    if (Number.isFinite(v) && ref !== undefined)
      live.push({ key: s.key, change: v - ref, weight: 1 / (s.sdPa * s.sdPa), sd: s.sdPa });
  });
  const carried = live.length > 0 ? null : carriedNitrogen(model, pressure, means, excluded, base);
  if (carried !== null) {
    for (const column of changes.values()) column.push(Number.NaN);
    return carried;
  }
  const change = live.length > 0 ? robustMean(live) : 0;
  for (const s of sources) if (!changes.has(s.key)) changes.set(s.key, []);
  // every column gets this bin (NaN for a source not reading, or gone), so all end with the series
  for (const [k, column] of changes) column.push(live.find((l) => l.key === k)?.change ?? Number.NaN);
  const key = live.map((l) => l.key).join(',');
  if (base.members !== key && base.members !== '' && live.length > 0) {
    // as in `combine`: a source that dropped out is held at its last change
    const old: { change: number; weight: number; sd: number }[] = [];
    for (const k of base.members.split(',')) {
      const now = live.find((l) => l.key === k);
      const source = sources.find((s) => s.key === k);
      const held = base.last.get(k);
      if (now !== undefined) old.push(now);
      else if (source !== undefined && held !== undefined)
        old.push({ change: held, weight: 1 / (source.sdPa * source.sdPa), sd: source.sdPa });
    }
    if (old.length > 0) base.level += robustMean(old) - change;
  }
  for (const l of live) base.last.set(l.key, l.change);
  if (live.length > 0) base.members = key;
  let seen = live.length > 0;
  sources.forEach((s, i) => {
    const v = readings[i] as number;
    if (Number.isFinite(v) && !reference.has(s.key)) {
      reference.set(s.key, v - change);
      if (Number.isNaN(base.level)) base.level = v;
      seen = true;
    }
  });
  if (!seen) return Number.NaN;
  // an analyser back after all were out: the level goes on from where the pressure carried it
  if (base.carried !== undefined && base.value !== undefined)
    base.level += base.value - (base.level + change);
  base.carried = undefined;
  base.value = base.level + change;
  return base.value;
}

/**
 * The nitrogen inventory while every N2 source of the group is stale or found faulty (a frozen
 * ppN2 on a station with one analyser), else null: carried on by the change of the pressure less
 * the group's ppO2 and ppCO2 since they went (humidity taken as steady), rather than lost. Without
 * it a 2 kg/day leak in haven went unseen for 22 h behind a frozen ppN2. The total pressure alone
 * will not do: it follows the crew's breathing and the O2 generator (carried at the nitrogen's
 * share, it raised leak alarms on leak-free days). With no ppO2 reading, or a reading merely
 * missing (a gap between an analyser's cycles), the bin stays empty as before.
 */
function carriedNitrogen(
  model: GroupModel,
  pressure: number,
  means: Float64Array,
  excluded: Uint8Array,
  base: CombinedBase,
): number | null {
  if (!Number.isFinite(pressure) || base.value === undefined || model.ppO2.length === 0) return null;
  const o2 = liveMean(model.ppO2, means, excluded);
  if (Number.isNaN(o2)) return null;
  const co2 = model.ppCO2.length > 0 ? liveMean(model.ppCO2, means, excluded) : 0;
  if (Number.isNaN(co2)) return null;
  const others = pressure - o2 - co2;
  if (base.carried === undefined) {
    const out = (k: number): boolean => k >= 0 && excluded[k] === 1;
    const allOut = model.nitrogen.every((s) =>
      s.ppN2 >= 0 ? out(s.ppN2) : out(s.ppO2) || out(s.ppCO2) || out(s.ppH2O),
    );
    if (!allOut || model.nitrogen.length === 0) return null;
    base.carried = { inventoryPa: base.value, othersPa: others };
  }
  base.value = base.carried.inventoryPa + (others - base.carried.othersPa);
  return base.value;
}

/** The mean of the channels reading (not excluded) in a bin, NaN when none does. */
function liveMean(channels: number[], means: Float64Array, excluded: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (const k of channels) {
    const v = means[k] as number;
    if (excluded[k] === 1 || !Number.isFinite(v)) continue;
    sum += v;
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

function robustMean(values: { change: number; weight: number; sd: number }[]): number {
  const sorted = [...values].sort((a, b) => a.change - b.change);
  const total = sorted.reduce((s, v) => s + v.weight, 0);
  let running = 0;
  let m = sorted[0]?.change ?? 0;
  for (const v of sorted) {
    running += v.weight;
    m = v.change;
    if (running >= total / 2) break;
  }
  for (let iteration = 0; iteration < 5; iteration++) {
    let num = 0;
    let den = 0;
    for (const v of values) {
      const r = Math.abs(v.change - m) / v.sd;
      const w = v.weight * (r > HUBER_K ? HUBER_K / r : 1);
      num += w * v.change;
      den += w;
    }
    m = num / den;
  }
  return m;
}

/**
 * Appends one completed bin (channel means in SI) to the series; `mixing`, when given, is where
 * the gas added from stores has got to (added-gas-mixing.ts), already advanced to this bin.
 */
export function appendBin(
  series: GroupSeries,
  startS: number,
  means: Float64Array,
  excluded: Uint8Array,
  mixing: AddedGasMixing | null = null,
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
    const unmixed = mixing === null ? null : { model: mixing, level: mixedLevelPa(mixing, model.modules) };
    inventory = combineNitrogen(
      model,
      pressure,
      series.n2Reference,
      means,
      excluded,
      series.n2Base,
      unmixed,
      series.n2Change,
    );
    fraction = inventory / pressure;
  }
  // gas added from stores since the start of the series, as inventory pressure
  let added = 0;
  let addedTotal = 0;
  for (const store of model.stores) {
    let track = series.storeTracks.get(store.channel);
    if (track === undefined) {
      track = createStoreTrack(store.refillBand);
      series.storeTracks.set(store.channel, track);
    }
    // a tank whose reading went stale or missing has still given what it gave
    const given =
      (series.storeGiven.get(store.channel) ?? 0) +
      storeGiven(track, means[store.channel] as number, series.binS);
    series.storeGiven.set(store.channel, given);
    const kg = given * store.kgPerUnit;
    added += ((kg * store.inventoryFraction) / store.molarMass) * model.paPerMole;
    addedTotal += (kg / store.molarMass) * model.paPerMole;
  }
  // temperature: volume-weighted change of the group's sensors
  let tSum = 0;
  let wSum = 0;
  for (const { channel, weight, gain } of model.temperature) {
    const v = means[channel] as number;
    let column = series.tChange.get(channel);
    if (column === undefined) {
      column = [];
      series.tChange.set(channel, column);
    }
    if (!Number.isFinite(v) || excluded[channel] === 1) {
      column.push(Number.NaN);
      continue;
    }
    if (!series.reference.has(channel)) series.reference.set(channel, v);
    const change = (v - (series.reference.get(channel) as number)) / gain;
    column.push(change);
    tSum += weight * change;
    wSum += weight;
  }
  // every column gets this bin, so all end with the series (a thermometer the group no longer has: NaN)
  if (series.tChange.size > model.temperature.length)
    for (const [k, column] of series.tChange)
      if (!model.temperature.some((t) => t.channel === k)) column.push(Number.NaN);
  series.t.push(startS + series.binS / 2);
  series.pressure.push(pressure);
  series.total.push(pressure - addedTotal);
  series.inventory.push(inventory - added);
  series.fraction.push(fraction);
  series.temperature.push(wSum > 0 ? tSum / wSum : model.temperature.length === 0 ? 0 : Number.NaN);
}

/** Drops the oldest bins beyond `keep` (the longest window the estimators need). */
export function trimSeries(
  series: BinColumns & { n2Change?: Map<string, number[]>; tChange?: Map<number, number[]> },
  keep: number,
): void {
  const extra = series.t.length - keep;
  if (extra <= 0) return;
  // the sensors' columns end with the series and are read from the end: trimmed a quarter at a time
  const most = keep + (keep >> 2);
  for (const column of series.n2Change?.values() ?? [])
    if (column.length > most) dropFirst(column, column.length - keep);
  for (const column of series.tChange?.values() ?? [])
    if (column.length > most) dropFirst(column, column.length - keep);
  dropFirst(series.t, extra);
  dropFirst(series.pressure, extra);
  dropFirst(series.total, extra);
  dropFirst(series.inventory, extra);
  dropFirst(series.fraction, extra);
  dropFirst(series.temperature, extra);
}

/**
 * Removes the first `count` values: one by `shift` (which moves the array's start, not its
 * values, and allocates no array of the removed ones), more by `splice`.
 */
export function dropFirst(values: number[], count: number): void {
  if (count === 1) values.shift();
  else values.splice(0, count);
}

/**
 * The same history under a slightly different group (a small module closed off or rejoined): the
 * binned series and every channel's reference carry on.
 */
export function continueSeries(old: GroupSeries, model: GroupModel): GroupSeries {
  return { ...old, model };
}

/**
 * The nitrogen inventory as if source `key` had never been read: each bin's combined change is
 * taken again without it (from the sources' changes the series keeps) and the difference added to
 * the inventory, here and in the period's bins of the same times; the combination goes on without
 * it from the same level. Bins older than the kept changes stay as they were.
 */
export function withoutSource(series: GroupSeries, period: PeriodBins, key: string): void {
  const sources = series.model.nitrogen;
  const n = series.t.length;
  const shift = period.t.length - n;
  for (let i = 0; i < n; i++) {
    const all: { change: number; weight: number; sd: number }[] = [];
    const rest: { change: number; weight: number; sd: number }[] = [];
    for (const s of sources) {
      const column = series.n2Change.get(s.key);
      const change = column?.[column.length - n + i] ?? Number.NaN;
      if (!Number.isFinite(change)) continue;
      const value = { change, weight: 1 / (s.sdPa * s.sdPa), sd: s.sdPa };
      all.push(value);
      if (s.key !== key) rest.push(value);
    }
    if (rest.length === all.length || rest.length === 0) continue;
    const delta = robustMean(rest) - robustMean(all);
    series.inventory[i] = (series.inventory[i] as number) + delta;
    series.fraction[i] = (series.inventory[i] as number) / (series.pressure[i] as number);
    const j = i + shift;
    if (j >= 0 && period.t[j] === series.t[i]) {
      period.inventory[j] = (period.inventory[j] as number) + delta;
      period.fraction[j] = (period.inventory[j] as number) / (period.pressure[j] as number);
    }
  }
  const members = series.n2Base.members.split(',').filter((k) => k !== key && k !== '');
  series.n2Base.members = members.join(',');
}

/**
 * The temperature regressor as if thermometer `channel` had never been read: each bin's weighted
 * mean taken again without it, here and in the period's bins of the same times. Bins older than
 * the kept changes stay as they were.
 */
export function withoutThermometer(series: GroupSeries, period: PeriodBins, channel: number): void {
  const n = series.t.length;
  const shift = period.t.length - n;
  const gone = series.tChange.get(channel);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(gone?.[(gone?.length ?? 0) - n + i] ?? Number.NaN)) continue;
    let sum = 0;
    let weights = 0;
    for (const { channel: k, weight } of series.model.temperature) {
      const column = series.tChange.get(k);
      const change = column?.[column.length - n + i] ?? Number.NaN;
      if (k === channel || !Number.isFinite(change)) continue;
      sum += weight * change;
      weights += weight;
    }
    const value = weights > 0 ? sum / weights : Number.NaN;
    series.temperature[i] = value;
    const j = i + shift;
    if (j >= 0 && period.t[j] === series.t[i]) period.temperature[j] = value;
  }
}

/** The bins of one configuration period (its last `keep` of them), for the rate over the whole period. */
export type PeriodBins = BinColumns;

export function emptyPeriod(): PeriodBins {
  return { t: [], pressure: [], total: [], inventory: [], fraction: [], temperature: [] };
}

/**
 * Copies the series' last bin into the period. Past `keep` bins the oldest are dropped a quarter of
 * `keep` at a time (a long array's shift moves all of it: ~12 µs at 43,200 bins, against one
 * splice per 10,800 bins), so the period holds `keep` to 1.25·`keep` bins.
 */
export function recordPeriod(period: PeriodBins, series: GroupSeries, keep: number): void {
  period.t.push(series.t.at(-1) as number);
  period.pressure.push(series.pressure.at(-1) as number);
  period.total.push(series.total.at(-1) as number);
  period.inventory.push(series.inventory.at(-1) as number);
  period.fraction.push(series.fraction.at(-1) as number);
  period.temperature.push(series.temperature.at(-1) as number);
  if (period.t.length > keep + (keep >> 2)) trimSeries(period, keep);
}

/** The series with the period's bins in place of its trailing window's (what the estimators read). */
export function periodView(series: GroupSeries, period: PeriodBins): GroupSeries {
  return { ...series, ...period, n2Change: new Map(), tChange: new Map() };
}
