import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import {
  addToSlots,
  changeEffects,
  clearSlots,
  createCycleSlots,
  cycleShare,
  cycleVariance,
  type DailyCycle,
  fitDailyCycle,
  harmonicSums,
  lineEffects,
} from './daily-cycle.js';
import { estimateLeakChange } from './leak-change.js';
import { estimateLeakRate, type InventorySeries } from './leak-rate.js';
import type { NoiseModel } from './noise-model.js';
import { trailingSums } from './trailing-sums.js';

const DAY = 86400;
const OMEGA = (2 * Math.PI) / DAY;
/** Midnight UTC, 2026-01-10 [epoch s]. */
const T0 = Date.UTC(2026, 0, 10) / 1000;
/** c1, d1, c2, d2, c3, d3 [Pa]. */
const TRUTH = [3, -2, 1.5, 0, 0, 0.5];

function truthAt(t: number): number {
  let v = 0;
  for (let k = 1; k <= 3; k++)
    v +=
      (TRUTH[2 * k - 2] as number) * Math.cos(k * OMEGA * t) +
      (TRUTH[2 * k - 1] as number) * Math.sin(k * OMEGA * t);
  return v;
}

/** Equal to 1e-9 of the expected value. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

/** A learnt cycle's value at time t [Pa]. */
function valueAt(cycle: DailyCycle, t: number): number {
  let v = 0;
  for (let k = 1; k <= cycle.harmonics; k++)
    v +=
      (cycle.coefficients[2 * k - 2] as number) * Math.cos(k * OMEGA * t) +
      (cycle.coefficients[2 * k - 1] as number) * Math.sin(k * OMEGA * t);
  return v;
}

const white = (sigma2: number): NoiseModel => ({
  sigma2,
  shortAcf: new Float64Array(0),
  slowWeight: 0,
  phi: 0,
  effectiveN: 1e6,
  floors: [],
});

/** AR(1) noise e_i = φ·e_{i−1} + w_i of stationary variance σ², as the noise model states it. */
const ar1 = (sigma2: number, phi: number): NoiseModel => ({
  sigma2,
  shortAcf: new Float64Array(0),
  slowWeight: 1,
  phi,
  effectiveN: 1e6,
  floors: [],
});

/** Two days of 1-min bins from T0 into slots: a background fall, the cycle and noise. */
function slotsOf(noise: (i: number) => number): ReturnType<typeof createCycleSlots> {
  const slots = createCycleSlots(3 * DAY);
  for (let i = 0; i < 2 * 1440; i++) {
    const t = T0 + 60 * i + 30;
    addToSlots(slots, t, 1000 - 2e-5 * (t - T0) + truthAt(t) + noise(i), 0);
  }
  return slots;
}

describe('daily cycle', () => {
  it('learns a known cycle from two days of 10-min means, within its standard errors', () => {
    const rng = new Rng(11);
    const cycle = fitDailyCycle(
      slotsOf(() => 0.5 * rng.normal()),
      T0,
      T0 + 2 * DAY,
      0,
      white(0.25),
      60,
    );
    expect(cycle).not.toBeNull();
    for (let a = 0; a < 6; a++) {
      const se = Math.sqrt(cycle!.covariance[a * 6 + a] as number);
      // white noise of 0.5 Pa per minute: ~0.02 Pa per coefficient over 2880 minutes
      expect(se).toBeGreaterThan(0.01);
      expect(se).toBeLessThan(0.03);
      expect(Math.abs((cycle!.coefficients[a] as number) - (TRUTH[a] as number))).toBeLessThan(4 * se);
    }
    for (const t of [T0 + 100, T0 + 5 * 3600 + 1234, T0 + 23 * 3600 + 3599])
      expect(Math.abs(valueAt(cycle!, t) - truthAt(t))).toBeLessThan(0.15);
  });

  it('states the covariance of what it learns: Monte Carlo over 300 AR(1) realizations', () => {
    const rng = new Rng(5);
    const phi = 0.95;
    const model = ar1(1, phi);
    const runs = 300;
    const estimates: Float64Array[] = [];
    let first: DailyCycle | null = null;
    for (let r = 0; r < runs; r++) {
      let e = rng.normal();
      const noise = new Float64Array(2 * 1440).map(() => {
        const v = e;
        e = phi * e + Math.sqrt(1 - phi * phi) * rng.normal();
        return v;
      });
      const cycle = fitDailyCycle(
        slotsOf((i) => noise[i] as number),
        T0,
        T0 + 2 * DAY,
        0,
        model,
        60,
      );
      expect(cycle).not.toBeNull();
      estimates.push(cycle!.coefficients);
      first ??= cycle;
    }
    let inside = 0;
    for (let a = 0; a < 6; a++) {
      const values = estimates.map((c) => c[a] as number);
      const mean = values.reduce((s, v) => s + v, 0) / runs;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (runs - 1);
      const statedVariance = first!.covariance[a * 6 + a] as number;
      // 300 runs: the empirical variance is within ±25 % (about three of its standard errors)
      expect(variance / statedVariance).toBeGreaterThan(0.75);
      expect(variance / statedVariance).toBeLessThan(1.25);
      inside += values.filter(
        (v) => Math.abs(v - (TRUTH[a] as number)) <= 1.645 * Math.sqrt(statedVariance),
      ).length;
    }
    // the 90 % intervals hold the truth 86–94 % of the time
    expect(inside / (6 * runs)).toBeGreaterThan(0.86);
    expect(inside / (6 * runs)).toBeLessThan(0.94);
    // a combination's variance: the covariance is used, not only its diagonal
    const s = [0.3, -1, 0.2, 0.5, -0.4, 0.1];
    const shares = estimates.map((c) => cycleShare({ ...first!, coefficients: c }, s));
    const mean = shares.reduce((a, v) => a + v, 0) / runs;
    const variance = shares.reduce((a, v) => a + (v - mean) ** 2, 0) / (runs - 1);
    const statedShare = cycleVariance(first!, s);
    expect(variance / statedShare).toBeGreaterThan(0.75);
    expect(variance / statedShare).toBeLessThan(1.25);
  });

  it('needs four fifths of the slots, and forgets them when told', () => {
    const slots = slotsOf(() => 0);
    expect(fitDailyCycle(slots, T0, T0 + 2 * DAY, 0, white(1), 60)).not.toBeNull();
    // a day and a half of data cannot stand for two days
    expect(fitDailyCycle(slots, T0 + DAY / 2, T0 + 2.5 * DAY, 0, white(1), 60)).toBeNull();
    // slots that are not whole bins
    expect(fitDailyCycle(slots, T0, T0 + 2 * DAY, 0, white(1), 7)).toBeNull();
    clearSlots(slots);
    expect(fitDailyCycle(slots, T0, T0 + 2 * DAY, 0, white(1), 60)).toBeNull();
  });

  it('compensates the slots with the coupling it is given', () => {
    const slots = createCycleSlots(3 * DAY);
    // inventory = 200 Pa/K × T + cycle: at coupling 200 the cycle is all that is left
    for (let i = 0; i < 2 * 1440; i++) {
      const t = T0 + 60 * i + 30;
      const temperature = 0.5 * Math.sin(OMEGA * t * 7.3);
      addToSlots(slots, t, 200 * temperature + truthAt(t), temperature);
    }
    const cycle = fitDailyCycle(slots, T0, T0 + 2 * DAY, 200, white(0.01), 60);
    for (let a = 0; a < 6; a++) expect(cycle!.coefficients[a]).toBeCloseTo(TRUTH[a] as number, 2);
  });

  describe('effects on the tests', () => {
    // 30 h of 1-min bins with a gap, the inventory anything finite
    const n = 1800;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + 7 * 3600 + 60 * i + 30);
    const inventory = Float64Array.from({ length: n }, (_, i) =>
      i >= 400 && i < 460 ? Number.NaN : 1000 + Math.sin(i),
    );
    const series: InventorySeries = {
      t,
      inventory,
      fraction: new Float64Array(n).fill(0.78),
      temperature: new Float64Array(n),
      kgPerPa: 0.009,
      binS: 60,
    };
    const from = 200;
    const onset = 900;
    const sums = trailingSums(series, 0, n, undefined, [from, onset]);
    const hs = harmonicSums(series, sums, 3);
    const harmonic = (a: number, time: number): number => {
      const k = Math.floor(a / 2) + 1;
      const angle = (k * OMEGA * (time % DAY)) % (2 * Math.PI);
      return a % 2 === 0 ? Math.cos(angle) : Math.sin(angle);
    };

    it('reads each harmonic in a trend test as its least-squares slope does', () => {
      const effects = lineEffects(series, sums, hs, from);
      for (let a = 0; a < 6; a++) {
        // the slope through the rows with an inventory, summed directly
        const rows = [...Array(n - from).keys()]
          .map((j) => j + from)
          .filter((k) => Number.isFinite(inventory[k]!));
        const tm = rows.reduce((s, k) => s + t[k]!, 0) / rows.length;
        // the harmonic at the middle of the bin's minute, as the cycle is tabled
        const h = rows.map((k) => harmonic(a, Math.floor(t[k]! / 60) * 60 + 30));
        const hm = h.reduce((s, v) => s + v, 0) / rows.length;
        let sth = 0;
        let stt = 0;
        rows.forEach((k, j) => {
          sth += (t[k]! - tm) * (h[j]! - hm);
          stt += (t[k]! - tm) ** 2;
        });
        const rate = (-(sth / stt) * series.kgPerPa) / 0.78;
        expect(Math.abs((effects[a] as number) - rate)).toBeLessThan(
          1e-9 * Math.max(1e-12, Math.abs(rate)) + 1e-15,
        );
      }
    });

    it('reads each harmonic in a change test as the change test itself does', () => {
      const tauO = (t[onset]! - sums.endS) / 3600;
      const effects = changeEffects(series, sums, hs, from, onset, tauO);
      for (let a = 0; a < 6; a++) {
        const alone: InventorySeries = {
          ...series,
          inventory: Float64Array.from(inventory, (v, k) =>
            Number.isFinite(v) ? harmonic(a, Math.floor(t[k]! / 60) * 60 + 30) : Number.NaN,
          ),
        };
        const c = estimateLeakChange(alone, from, onset, n, 0, white(1));
        expect(c).not.toBeNull();
        expect(effects.change[a]).toBeCloseTo(c!.changeKgPerS, 15);
        expect(effects.after[a]).toBeCloseTo(c!.rateAfterKgPerS, 15);
      }
    });

    it('takes the learnt cycle out of a test as the test on the inventory less the cycle', () => {
      const cycle = fitDailyCycle(
        slotsOf(() => 0),
        T0,
        T0 + 2 * DAY,
        0,
        white(1),
        60,
      )!;
      // the cycle at the middle of each bin's minute, as the harmonics are tabled
      const at = (k: number): number => valueAt(cycle, Math.floor(t[k]! / 60) * 60 + 30);
      const without: InventorySeries = {
        ...series,
        inventory: Float64Array.from(inventory, (v, k) => v - at(k)),
      };
      const noise = white(1);
      const trend = estimateLeakRate(series, from, n, { coupling: 0, noise, sums });
      const alone = estimateLeakRate(without, from, n, { coupling: 0, noise });
      const share = cycleShare(cycle, lineEffects(series, sums, hs, from));
      // the cycle reads ~0.03 kg/day in the window
      expect(Math.abs(share)).toBeGreaterThan(1e-8);
      expectClose(trend!.rateKgPerS - share, alone!.rateKgPerS);
      const tauO = (t[onset]! - sums.endS) / 3600;
      const effects = changeEffects(series, sums, hs, from, onset, tauO);
      const change = estimateLeakChange(series, from, onset, n, 0, noise, 0, { sums });
      const changeAlone = estimateLeakChange(without, from, onset, n, 0, noise);
      expectClose(
        change!.rateBeforeKgPerS - cycleShare(cycle, effects.before),
        changeAlone!.rateBeforeKgPerS,
      );
      expectClose(change!.rateAfterKgPerS - cycleShare(cycle, effects.after), changeAlone!.rateAfterKgPerS);
      expectClose(change!.changeKgPerS - cycleShare(cycle, effects.change), changeAlone!.changeKgPerS);
    });
  });
});
