/**
 * Sums over the trailing rows [k, to) of an inventory series, for every k from `from`: the
 * least-squares sums of any window that ends at `to` in O(1) (the monitor's scans test eight such
 * windows, in up to three ways, at every check).
 *
 * ## Method
 * One backward pass accumulates, over the rows with a finite inventory, their count and the sums
 * of τ, τ², y, τ·y, T and τ·T, with τ the time before the last bin [h], y the inventory and T the
 * temperature regressor (0 where missing, as the fits take it), each less its value at the last
 * row with an inventory. The origins keep the centred sums of a window
 * (Σ(τ−τ̄)(y−ȳ) = Στy − Στ·Σy/n) clear of the epoch and the levels; a compensated inventory
 * y − β·T follows by linearity (shifted by a constant, which no slope sees). Each trailing sum is
 * a plain running sum from the end: no window's sum is the difference of two.
 */
import type { InventorySeries } from './leak-rate.js';

export interface TrailingSums {
  /** Rows covered: [from, to). Arrays are indexed by row − from, with one extra zero at the end. */
  from: number;
  to: number;
  /** Time of the last row [s], the origin of τ. */
  endS: number;
  /** Inventory [Pa] and temperature regressor [K] the sums of y and T are taken from. */
  level: number;
  temperatureLevel: number;
  /** Over rows with a finite inventory: their count and the sums of τ, τ², y, τ·y, T, τ·T. */
  count: Float64Array;
  time: Float64Array;
  time2: Float64Array;
  inventory: Float64Array;
  timeInventory: Float64Array;
  temperature: Float64Array;
  timeTemperature: Float64Array;
  /** 1 where the sums were kept (every row unless `at` named some). */
  kept: Uint8Array;
  /** Over rows with a finite inventory and a finite fraction: their count and the fractions' sum. */
  usedFractionCount: Float64Array;
  usedFraction: Float64Array;
  /** Over all rows with a finite fraction (the mean share of a window): their count and sum. */
  fractionCount: Float64Array;
  fraction: Float64Array;
  /** Last row with a finite inventory (−1 when none). */
  lastRow: number;
}

/** True when every row of [from, to) has a finite inventory and the rows are one bin apart. */
export function gapFree(series: InventorySeries, sums: TrailingSums, from: number, to: number): boolean {
  return (
    sums.count[from - sums.from] === to - from &&
    (series.t[to - 1] as number) - (series.t[from] as number) === (to - 1 - from) * series.binS
  );
}

let weightsScratch = new Float64Array(0);

/** A reused array of n weights (the windows with gaps). */
export function scratchWeights(n: number): Float64Array {
  if (weightsScratch.length < n) weightsScratch = new Float64Array(n);
  return weightsScratch.subarray(0, n);
}

/**
 * The weights of a window's rows with a finite inventory, placed on its bin grid: zero where a bin
 * has no value, so a noise model's lags count bins, not rows. A reading held for three bins in
 * every thirty (a 60 s sensor written every 30 min) is then one reading, its bins correlated with
 * each other and not with the next reading 27 bins off; counted in rows, a third of each
 * reading's neighbours were another reading, and a 1 h trend through two of them was given 0.76
 * of its standard error (a closed-off Progress's 1 mmHg gauge read 1.2 kg/day at 5.5 of them).
 */
export function latticeWeights(
  series: InventorySeries,
  from: number,
  to: number,
  weightOf: (k: number) => number,
): Float64Array {
  const first = firstRow(series, from);
  const t0 = series.t[first] as number;
  let last = to - 1;
  while (last > first && !Number.isFinite(series.inventory[last] as number)) last--;
  const bin = (k: number): number => binsBetween(t0, series.t[k] as number, series.binS);
  const weights = scratchWeights(bin(last) + 1).fill(0);
  for (let k = first; k <= last; k++)
    if (Number.isFinite(series.inventory[k] as number)) weights[bin(k)] = weightOf(k);
  return weights;
}

/** Bins of `binS` from time t0 to t, on the grid the series' bins are centred on. */
export function binsBetween(t0: number, t: number, binS: number): number {
  return Math.round((t - t0) / binS);
}

/** First row at or after `from` with a finite inventory (the window's first used row). */
export function firstRow(series: InventorySeries, from: number): number {
  let k = from;
  while (!Number.isFinite(series.inventory[k] as number)) k++;
  return k;
}

/** True when the sums serve a window [from, to) (and, if only some rows were kept, row `from`). */
export function sumsServe(sums: TrailingSums, from: number, to: number): boolean {
  return sums.to === to && sums.from <= from && sums.kept[from - sums.from] === 1;
}

/**
 * The sums an estimator works from: `given` when they serve [from, to) (and keep row `also`, when
 * one is named), else the window's own, summed here.
 */
export function sumsFor(
  series: InventorySeries,
  given: TrailingSums | undefined,
  from: number,
  to: number,
  also = from,
): TrailingSums {
  return given !== undefined && sumsServe(given, from, to) && given.kept[also - given.from] === 1
    ? given
    : trailingSums(series, from, to);
}

/**
 * The trailing sums of rows [from, to) of a series; `reuse` (sums no longer needed) lends its
 * arrays when they are long enough. With `at`, only those rows' sums are kept (a check's few
 * window starts), which saves most of the stores.
 */
export function trailingSums(
  series: InventorySeries,
  from: number,
  to: number,
  reuse?: TrailingSums,
  at?: readonly number[],
): TrailingSums {
  const m = Math.max(0, to - from);
  // a series that grows bin by bin gets room for twice its length at once
  const s =
    reuse === undefined
      ? allocate(m)
      : reuse.count.length >= m + 1
        ? reuse
        : allocate(Math.max(m, 2 * reuse.count.length));
  const { t, inventory, temperature, fraction } = series;
  const endS = m > 0 ? (t[to - 1] as number) : 0;
  let lastRow = to - 1;
  while (lastRow >= from && !Number.isFinite(inventory[lastRow] as number)) lastRow--;
  const level = lastRow >= from ? (inventory[lastRow] as number) : 0;
  const lastTemperature = lastRow >= from ? (temperature[lastRow] as number) : 0;
  const temperatureLevel = Number.isFinite(lastTemperature) ? lastTemperature : 0;
  const { count, time, time2, timeInventory, timeTemperature, usedFractionCount, usedFraction } = s;
  const sumY = s.inventory;
  const sumT = s.temperature;
  const allFractionCount = s.fractionCount;
  const allFraction = s.fraction;
  const { kept } = s;
  kept.fill(at === undefined ? 1 : 0, 0, m + 1);
  if (at !== undefined) for (const k of at) if (k >= from && k <= to) kept[k - from] = 1;
  let c = 0;
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  let sT = 0;
  let stT = 0;
  let ufc = 0;
  let uf = 0;
  let fc = 0;
  let fs = 0;
  for (let k = to; k >= from; k--) {
    const i = k - from;
    if (k < to) {
      const f = fraction[k] as number;
      const fractionFinite = Number.isFinite(f);
      if (fractionFinite) {
        fc++;
        fs += f;
      }
      const v = inventory[k] as number;
      if (Number.isFinite(v)) {
        const tau = ((t[k] as number) - endS) / 3600;
        const temp = temperature[k] as number;
        const tv = (Number.isFinite(temp) ? temp : 0) - temperatureLevel;
        const y = v - level;
        c++;
        st += tau;
        stt += tau * tau;
        sy += y;
        sty += tau * y;
        sT += tv;
        stT += tau * tv;
        if (fractionFinite) {
          ufc++;
          uf += f;
        }
      }
    }
    if (kept[i] === 0) continue;
    count[i] = c;
    time[i] = st;
    time2[i] = stt;
    sumY[i] = sy;
    timeInventory[i] = sty;
    sumT[i] = sT;
    timeTemperature[i] = stT;
    usedFractionCount[i] = ufc;
    usedFraction[i] = uf;
    allFractionCount[i] = fc;
    allFraction[i] = fs;
  }
  s.from = from;
  s.to = to;
  s.endS = endS;
  s.level = level;
  s.temperatureLevel = temperatureLevel;
  s.lastRow = lastRow >= from ? lastRow : -1;
  return s;
}

function allocate(m: number): TrailingSums {
  const field = (): Float64Array => new Float64Array(m + 1);
  return {
    from: 0,
    to: 0,
    endS: 0,
    level: 0,
    temperatureLevel: 0,
    count: field(),
    time: field(),
    time2: field(),
    inventory: field(),
    timeInventory: field(),
    temperature: field(),
    timeTemperature: field(),
    usedFractionCount: field(),
    usedFraction: field(),
    fractionCount: field(),
    fraction: field(),
    kept: new Uint8Array(m + 1),
    lastRow: -1,
  };
}
