/**
 * The daily cycle of a compensated inventory, learnt from the days before a window and taken out
 * of the window's tests.
 *
 * ## Why
 * A crew's day (sleep, exercise, the O2 generator's load) and the station's thermal day repeat
 * every UTC day, and what the temperature regressor does not take out of them is left in the
 * inventory as a pattern of a few pascals. One day's straight line cannot tell that pattern from a
 * leak: the slope of one period of a sine is 1.9/day of its amplitude, its sign set by the clock.
 * Over 90 days of continuous watch on the bench, the day-long trend's statistic averaged −0.72
 * standard errors in windows ending 23:00 UTC and +0.87 in those ending 15:00, and twice crossed
 * its threshold with no leak.
 *
 * ## Method
 * 10-min means ȳ_j of the compensated inventory y = inventory − β·T over the whole days that end
 * where the windows tested begin are fitted as a + b·t + Σ_{k≤K} (c_k·cos kωt + d_k·sin kωt),
 * ω = 2π/day (the line takes the background leak; K = 3 takes the crew's sleep and the 8-hour
 * rhythms). The cycle p̂(t) = Σ c_k·cos kωt + d_k·sin kωt is taken out of the window's tests: each
 * is linear in y, so on y − p̂ it reads L(y) − Σ α̂_k·L(h_k), h_k the harmonics, L(h_k) from their
 * trailing sums over the rows the test uses (harmonics tabled by the minute of the UTC day); the
 * error of the learnt cycle adds sᵀ·Cov(α̂)·s with s_k = L(h_k). The cycle's data
 * precede the window, so the two errors are taken as independent. Cov(α̂) is that of the fit's
 * weights, each slot's spread over its bins, under the group's noise model on the bin grid.
 */
import { brokenLine, brokenLineFraction } from './leak-change.js';
import { type InventorySeries, lineFraction, lineSlope } from './leak-rate.js';
import { type NoiseModel, weightedVariance } from './noise-model.js';
import type { TrailingSums } from './trailing-sums.js';
import { fitTrend } from './trend-fit.js';

const DAY_S = 86400;

/** Means of a group's inventory and temperature regressor per slot of time, a ring by slot number. */
export interface CycleSlots {
  slotS: number;
  /** Slot number (⌊t / slotS⌋) each place holds; −1 when empty. */
  slot: Float64Array;
  /** Sums of the bins' inventory [Pa] and temperature regressor [K] in the slot, and their count. */
  inventory: Float64Array;
  temperature: Float64Array;
  count: Float64Array;
}

/** Slots for the last `spanS` of bins. */
export function createCycleSlots(spanS: number, slotS = 600): CycleSlots {
  const n = Math.ceil(spanS / slotS) + 1;
  return {
    slotS,
    slot: new Float64Array(n).fill(-1),
    inventory: new Float64Array(n),
    temperature: new Float64Array(n),
    count: new Float64Array(n),
  };
}

/** Adds a bin centred at `tS` (one without a finite inventory and temperature is left out). */
export function addToSlots(slots: CycleSlots, tS: number, inventory: number, temperature: number): void {
  if (!Number.isFinite(inventory) || !Number.isFinite(temperature)) return;
  const number = Math.floor(tS / slots.slotS);
  const place = number % slots.slot.length;
  if (slots.slot[place] !== number) {
    slots.slot[place] = number;
    slots.inventory[place] = 0;
    slots.temperature[place] = 0;
    slots.count[place] = 0;
  }
  slots.inventory[place] = (slots.inventory[place] as number) + inventory;
  slots.temperature[place] = (slots.temperature[place] as number) + temperature;
  slots.count[place] = (slots.count[place] as number) + 1;
}

/** Forgets every slot (the history they were taken from was revised). */
export function clearSlots(slots: CycleSlots): void {
  slots.slot.fill(-1);
}

export interface DailyCycle {
  /** Span the cycle was learnt over [epoch s]. */
  fromS: number;
  toS: number;
  harmonics: number;
  /** c_1, d_1, c_2, d_2, … [Pa]: the cycle is Σ c_k·cos kωt + d_k·sin kωt, t in epoch s. */
  coefficients: Float64Array;
  /** Their covariance [Pa²], row by row. */
  covariance: Float64Array;
}

/** Harmonics of the day fitted. */
const CYCLE_HARMONICS = 3;

/** Share of the span's slots that must hold a mean. */
const MIN_COVERAGE = 0.8;

/**
 * Learns the cycle over the slots of [fromS, toS) (whole slots, ending with the one `toS` is in) of the compensated inventory
 * inventory − coupling·T; null when under 80 % of the slots hold a mean, the slot is not a whole
 * number of bins, or the fit fails.
 */
export function fitDailyCycle(
  slots: CycleSlots,
  fromS: number,
  toS: number,
  coupling: number,
  noise: NoiseModel,
  binS: number,
  harmonics = CYCLE_HARMONICS,
): DailyCycle | null {
  const { slotS } = slots;
  const binsPerSlot = slotS / binS;
  const m = Math.round((toS - fromS) / slotS);
  const first = Math.floor(toS / slotS) - m;
  if (!Number.isInteger(binsPerSlot) || !(m > 0) || m > slots.slot.length) return null;
  const t = new Float64Array(m);
  const y = new Float64Array(m).fill(Number.NaN);
  let present = 0;
  for (let j = 0; j < m; j++) {
    const number = first + j;
    const place = number % slots.slot.length;
    t[j] = (number + 0.5) * slotS;
    const count = slots.count[place] as number;
    if (slots.slot[place] !== number || !(count > 0)) continue;
    y[j] = ((slots.inventory[place] as number) - coupling * (slots.temperature[place] as number)) / count;
    present++;
  }
  if (present < MIN_COVERAGE * m) return null;
  const columns: Float64Array[] = [];
  for (let k = 1; k <= harmonics; k++) {
    const cos = new Float64Array(m);
    const sin = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const angle = (2 * Math.PI * k * ((t[j] as number) % DAY_S)) / DAY_S;
      cos[j] = Math.cos(angle);
      sin[j] = Math.sin(angle);
    }
    columns.push(cos, sin);
  }
  const fit = fitTrend(t, y, columns, 0, m);
  if (fit === null || fit.coefficients.some((c) => !Number.isFinite(c))) return null;
  // each coefficient's weights on the bin grid: a slot's weight shared by its bins
  const p = columns.length;
  const grid = fit.coefficientWeights.map((w) => {
    const fine = new Float64Array(m * binsPerSlot);
    let r = 0;
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(y[j] as number)) continue;
      const v = (w[r++] as number) / binsPerSlot;
      fine.fill(v, j * binsPerSlot, (j + 1) * binsPerSlot);
    }
    return fine;
  });
  const covariance = new Float64Array(p * p);
  for (let a = 0; a < p; a++) covariance[a * p + a] = weightedVariance(grid[a] as Float64Array, noise);
  const sum = new Float64Array(m * binsPerSlot);
  for (let a = 0; a < p; a++)
    for (let b = a + 1; b < p; b++) {
      const wa = grid[a] as Float64Array;
      const wb = grid[b] as Float64Array;
      for (let i = 0; i < sum.length; i++) sum[i] = (wa[i] as number) + (wb[i] as number);
      const c =
        (weightedVariance(sum, noise) -
          (covariance[a * p + a] as number) -
          (covariance[b * p + b] as number)) /
        2;
      covariance[a * p + b] = c;
      covariance[b * p + a] = c;
    }
  return {
    fromS: first * slotS,
    toS: (first + m) * slotS,
    harmonics,
    coefficients: Float64Array.from(fit.coefficients),
    covariance,
  };
}

const MINUTES = 1440;

/** The minute of the UTC day a time falls in. */
function minuteOf(tS: number): number {
  return Math.floor((((tS % DAY_S) + DAY_S) % DAY_S) / 60);
}

/**
 * Trailing sums of each harmonic over the rows the inventory's sums used, kept where they were:
 * Σh and Στ·h (τ in hours before the last row, as the sums take it), at index (row − from)·p + a
 * for harmonic a of p (cos 1, sin 1, cos 2, …).
 */
export interface HarmonicSums {
  p: number;
  sum: Float64Array;
  timeSum: Float64Array;
}

export function harmonicSums(
  series: InventorySeries,
  sums: TrailingSums,
  harmonics: number,
  reuse?: HarmonicSums,
): HarmonicSums {
  const p = 2 * harmonics;
  const size = (sums.to - sums.from + 1) * p;
  const out =
    reuse !== undefined && reuse.p === p && reuse.sum.length >= size
      ? reuse
      : { p, sum: new Float64Array(2 * size), timeSum: new Float64Array(2 * size) };
  const basis = interleavedBasis(harmonics);
  const running = new Float64Array(p);
  const runningTime = new Float64Array(p);
  const { t, inventory } = series;
  const { kept, count, endS, from, to } = sums;
  // from the last row back, kept row by kept row: a stretch of consecutive minutes with every row
  // read is summed from the day's prefix sums, another row by row
  const prefix = series.binS === 60 ? prefixSums(harmonics) : null;
  let end = to;
  let countAtEnd = 0;
  for (let i = to - from; i >= 0; i--) {
    if (kept[i] === 0) continue;
    const row = from + i;
    const rows = end - row;
    if (rows > 0) {
      const whole =
        prefix !== null &&
        (count[i] as number) - countAtEnd === rows &&
        (t[end - 1] as number) - (t[row] as number) === (rows - 1) * 60;
      if (whole) addMinutes(prefix, p, t[row] as number, rows, endS, running, runningTime);
      else
        for (let k = end - 1; k >= row; k--) {
          if (!Number.isFinite(inventory[k] as number)) continue;
          const tS = t[k] as number;
          const tau = (tS - endS) / 3600;
          const o = minuteOf(tS) * p;
          for (let a = 0; a < p; a++) {
            const h = basis[o + a] as number;
            running[a] = (running[a] as number) + h;
            runningTime[a] = (runningTime[a] as number) + tau * h;
          }
        }
      end = row;
      countAtEnd = count[i] as number;
    }
    out.sum.set(running, i * p);
    out.timeSum.set(runningTime, i * p);
  }
  return out;
}

/**
 * Adds `rows` bins a minute apart from the one centred at `startS`: Σh and Στ·h, τ = (t − endS) in
 * hours, from the day's prefix sums of h and q·h (q the minute of the day), a day at a time.
 */
function addMinutes(
  prefix: { h: Float64Array; qh: Float64Array },
  p: number,
  startS: number,
  rows: number,
  endS: number,
  running: Float64Array,
  runningTime: Float64Array,
): void {
  const tau0 = (startS - endS) / 3600;
  let j = 0;
  let q = minuteOf(startS);
  while (j < rows) {
    const length = Math.min(rows - j, MINUTES - q);
    // over minutes q … q + length − 1 of this day: Σh, and Σ j'·h with j' = j + (minute − q)
    for (let a = 0; a < p; a++) {
      const sh = (prefix.h[(q + length) * p + a] as number) - (prefix.h[q * p + a] as number);
      const sqh = (prefix.qh[(q + length) * p + a] as number) - (prefix.qh[q * p + a] as number);
      const sjh = (j - q) * sh + sqh;
      running[a] = (running[a] as number) + sh;
      runningTime[a] = (runningTime[a] as number) + tau0 * sh + sjh / 60;
    }
    j += length;
    q = 0;
  }
}

/** Prefix sums over the minutes of the day of each harmonic h and of q·h: index q·p + a holds Σ over minutes < q. */
function prefixSums(harmonics: number): { h: Float64Array; qh: Float64Array } {
  let prefix = prefixes.get(harmonics);
  if (prefix === undefined) {
    const p = 2 * harmonics;
    const basis = interleavedBasis(harmonics);
    const h = new Float64Array((MINUTES + 1) * p);
    const qh = new Float64Array((MINUTES + 1) * p);
    for (let q = 0; q < MINUTES; q++)
      for (let a = 0; a < p; a++) {
        h[(q + 1) * p + a] = (h[q * p + a] as number) + (basis[q * p + a] as number);
        qh[(q + 1) * p + a] = (qh[q * p + a] as number) + q * (basis[q * p + a] as number);
      }
    prefix = { h, qh };
    prefixes.set(harmonics, prefix);
  }
  return prefix;
}

const prefixes = new Map<number, { h: Float64Array; qh: Float64Array }>();

/** The harmonics at the middle of each minute of the day, minute by minute (cos 1, sin 1, cos 2, … at each). */
function interleavedBasis(harmonics: number): Float64Array {
  let basis = interleaved.get(harmonics);
  if (basis === undefined) {
    const p = 2 * harmonics;
    basis = new Float64Array(p * MINUTES);
    for (let q = 0; q < MINUTES; q++)
      for (let k = 1; k <= harmonics; k++) {
        const angle = (2 * Math.PI * k * (q + 0.5)) / MINUTES;
        basis[q * p + 2 * k - 2] = Math.cos(angle);
        basis[q * p + 2 * k - 1] = Math.sin(angle);
      }
    interleaved.set(harmonics, basis);
  }
  return basis;
}

const interleaved = new Map<number, Float64Array>();

/** Variance [Pa²·(unit of s)²] that the learnt cycle's error adds to a test whose effect per harmonic is s. */
export function cycleVariance(cycle: DailyCycle, s: ArrayLike<number>): number {
  const p = 2 * cycle.harmonics;
  let v = 0;
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++)
      v += (s[a] as number) * (cycle.covariance[a * p + b] as number) * (s[b] as number);
  return Math.max(0, v);
}

/** The cycle's share of a test whose effect per harmonic is s: Σ α̂_k·s_k. */
export function cycleShare(cycle: DailyCycle, s: ArrayLike<number>): number {
  let v = 0;
  for (let a = 0; a < 2 * cycle.harmonics; a++) v += (cycle.coefficients[a] as number) * (s[a] as number);
  return v;
}

/**
 * What each harmonic at unit amplitude reads as a leak [kg/s] in a trend test over the rows the sums
 * hold from window row i.
 */
export function lineEffects(
  series: InventorySeries,
  sums: TrailingSums,
  hs: HarmonicSums,
  i: number,
): Float64Array {
  const scale = series.kgPerPa / lineFraction(sums, i);
  const effects = new Float64Array(hs.p);
  for (let a = 0; a < hs.p; a++)
    effects[a] =
      -lineSlope(sums, i, hs.sum[i * hs.p + a] as number, hs.timeSum[i * hs.p + a] as number) * scale;
  return effects;
}

/**
 * What each harmonic at unit amplitude reads [kg/s] in a change test from window row i bending at
 * row o (τ_o hours before the last row): as the rate before and after the onset, and as the change.
 */
export function changeEffects(
  series: InventorySeries,
  sums: TrailingSums,
  hs: HarmonicSums,
  i: number,
  o: number,
  tauO: number,
): { before: Float64Array; after: Float64Array; change: Float64Array } {
  const scale = series.kgPerPa / brokenLineFraction(sums, i);
  const { p } = hs;
  const before = new Float64Array(p);
  const after = new Float64Array(p);
  const change = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    const line = brokenLine(
      sums,
      i,
      o,
      tauO,
      hs.sum[i * p + a] as number,
      hs.timeSum[i * p + a] as number,
      hs.sum[o * p + a] as number,
      hs.timeSum[o * p + a] as number,
    );
    if (line === null) continue;
    before[a] = -line.backgroundPerS * scale;
    after[a] = -(line.backgroundPerS + line.changePerS) * scale;
    change[a] = -line.changePerS * scale;
  }
  return { before, after, change };
}
