// The monitor's hot paths (one temperature regressor, sums fused into fewer passes, a change test
// that stops early) must give the general computation's numbers to the last bit: the analysis may
// not change because it got faster. Fits from trailing sums and variances remembered by a window's
// shape add the same terms in another order: they match the definition to 1e-11 of an error.
import { describe, expect, it } from 'vitest';
import { Rng, studentTQuantile } from '../core/index.js';
import { estimateLeakChange } from './leak-change.js';
import { estimateLeakRate, type InventorySeries } from './leak-rate.js';
import { fitNoise, type NoiseModel, SHORT_LAGS, shapeVariance, weightedVariance } from './noise-model.js';
import { sumsServe, trailingSums } from './trailing-sums.js';
import { fitTrend } from './trend-fit.js';

/** A day of 1-min bins at epoch times: a slow leak, temperature swings, noise, a few gaps. */
function daySeries(
  seed: number,
  gaps: boolean,
): InventorySeries & { t: number[]; inventory: number[]; temperature: number[] } {
  const rng = new Rng(seed);
  const n = 1441;
  const t = Array.from({ length: n }, (_, i) => 1_539_302_400 + 60 * i + 30);
  const temperature = t.map((_, i) => 0.5 * Math.sin((2 * Math.PI * i) / 1440) + 0.05 * rng.normal());
  const inventory = t.map(
    (_, i) => 78_000 - 0.002 * i + 90 * (temperature[i] as number) + 0.4 * rng.normal(),
  );
  if (gaps) {
    inventory[100] = Number.NaN;
    temperature[700] = Number.NaN;
  }
  const fraction = t.map(() => 0.78 + 0.001 * rng.normal());
  return { t, inventory, temperature, fraction, kgPerPa: 0.0118, binS: 60 };
}

const FLOORS = [
  { sigmaPa: 2.5, tauS: 6 * 3600 },
  { sigmaPa: 0.3, tauS: 3 * 3600 },
];

/** A fitted noise model with a slow part, as the monitor holds between refits. */
function fittedNoise(series: InventorySeries): NoiseModel {
  const e = estimateLeakRate(series, 0, series.t.length, { floors: FLOORS });
  if (e === null) throw new Error('no fit');
  return e.noise;
}

/** A copy of the model: the same numbers, nothing remembered. */
function fresh(noise: NoiseModel): NoiseModel {
  return { ...noise, shortAcf: noise.shortAcf.slice(), floors: noise.floors.map((f) => ({ ...f })) };
}

/** Values of a fit's rows placed on their bin grid (zeros at the bins missing between them). */
function onGrid(values: Float64Array, times: Float64Array, binS: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(Math.round(((times[n - 1] as number) - (times[0] as number)) / binS) + 1);
  for (let i = 0; i < n; i++)
    out[Math.round(((times[i] as number) - (times[0] as number)) / binS)] = values[i] as number;
  return out;
}

describe('fast paths of the estimators', () => {
  it('fits one regressor exactly as the general least squares does (a constant column is dropped there)', () => {
    for (const gaps of [false, true]) {
      const s = daySeries(3, gaps);
      const ones = s.t.map(() => 1);
      for (const [from, to] of [
        [0, 1441],
        [300, 1200],
        [1400, 1441],
      ] as const) {
        const fast = fitTrend(s.t, s.inventory, [s.temperature], from, to);
        const general = fitTrend(s.t, s.inventory, [s.temperature, ones], from, to);
        expect(fast, `${from}–${to}`).not.toBeNull();
        if (fast === null || general === null) continue;
        expect(fast.slope).toBe(general.slope);
        expect(fast.intercept).toBe(general.intercept);
        expect(fast.coefficients[0]).toBe(general.coefficients[0]);
        expect(Number.isNaN(general.coefficients[1])).toBe(true);
        expect(Array.from(fast.residuals)).toEqual(Array.from(general.residuals));
        expect(Array.from(fast.slopeWeights)).toEqual(Array.from(general.slopeWeights));
        expect(Array.from(fast.coefficientWeights[0] ?? [])).toEqual(
          Array.from(general.coefficientWeights[0] ?? []),
        );
        expect(Array.from(fast.times)).toEqual(Array.from(general.times));
      }
    }
  });

  it('estimates with a known coupling and noise model as its definition reads (to 1e-11 of its error)', () => {
    for (const gaps of [false, true]) {
      const s = daySeries(4, gaps);
      const noise = fittedNoise(s);
      const coupling = 85;
      const couplingSe = 6;
      for (const [from, to] of [
        [0, 1441],
        [1411, 1441],
        [500, 980],
      ] as const) {
        const e = estimateLeakRate(s, from, to, { coupling, couplingSe, noise });
        // the definition: the trend of the compensated inventory, the sandwich variance of its
        // slope (its weights on the bin grid, zero where a bin is missing) plus the known
        // coupling's error, Student's t on the model's degrees of freedom
        const y = s.inventory.map((v, k) => {
          const tk = s.temperature[k] as number;
          return k >= from && k < to ? v - coupling * (Number.isFinite(tk) ? tk : 0) : Number.NaN;
        });
        const fit = fitTrend(s.t, y, [], from, to);
        expect(e).not.toBeNull();
        if (e === null || fit === null) continue;
        let slopePerCoupling = 0;
        let i = 0;
        for (let k = from; k < to; k++) {
          if (!Number.isFinite(y[k] as number)) continue;
          const tk = s.temperature[k] as number;
          slopePerCoupling += (fit.slopeWeights[i++] as number) * (Number.isFinite(tk) ? tk : 0);
        }
        const variance =
          weightedVariance(onGrid(fit.slopeWeights, fit.times, s.binS), fresh(noise)) +
          (slopePerCoupling * couplingSe) ** 2;
        let fraction = 0;
        for (let k = from; k < to; k++) fraction += s.fraction[k] as number;
        const scale = s.kgPerPa / (fraction / (to - from));
        const dof = Math.max(1, Math.min(fit.n, noise.effectiveN) - 2);
        const q = studentTQuantile(0.95, dof);
        const rate = -fit.slope * scale;
        const se = Math.sqrt(variance) * scale;
        // the definition rounds each compensated bin (an ulp of 78 kPa) and the sums do not: on
        // 30 bins that moves the slope by ~1e-12 of its standard error (exact arithmetic sides
        // with the sums)
        const close = (a: number, b: number, scale: number): void =>
          expect(Math.abs(a - b), `${from}–${to}: ${a} vs ${b}`).toBeLessThan(1e-11 * scale);
        close(e.rateKgPerS, rate, se);
        close(e.seKgPerS, se, se);
        close(e.low90, rate - q * se, se);
        expect(e.degreesOfFreedom).toBe(dof);
        expect(e.n).toBe(fit.n);
        expect(e.fromS).toBe(fit.times[0]);
        expect(e.toS).toBe(fit.times[fit.n - 1]);
      }
    }
  });

  it('sums the weighted variance in fused passes exactly as one loop per term', () => {
    const rng = new Rng(5);
    const base = fittedNoise(daySeries(5, false));
    const models: NoiseModel[] = [
      base,
      { ...base, slowWeight: 0 },
      { ...base, floors: [] },
      { ...base, floors: [{ sigma2: 0.2, phi: 0.99 }] },
      { ...base, floors: [{ sigma2: 0, phi: 0.9 }, ...base.floors, { sigma2: 0.1, phi: 0.95 }] },
    ];
    for (const length of [1, 3, 11, 1441]) {
      const weights = Float64Array.from({ length }, () => rng.normal());
      for (const model of models) expect(weightedVariance(weights, model)).toBe(loopPerTerm(weights, model));
    }
  });

  it('fits the noise model (lag sums four at a time, grid points four at a time) exactly as one loop each', () => {
    const s = daySeries(7, false);
    const fit = fitTrend(s.t, s.inventory, [s.temperature], 0, 1441);
    if (fit === null) throw new Error('no fit');
    const noise = fitNoise(fit.residuals, 3, 240);
    let ss = 0;
    for (const r of fit.residuals) ss += r ** 2;
    for (let k = 1; k <= noise.shortAcf.length; k++) {
      let sum = 0;
      for (let i = k; i < fit.n; i++) sum += (fit.residuals[i] as number) * (fit.residuals[i - k] as number);
      expect(noise.shortAcf[k - 1]).toBe(Math.max(-1, Math.min(1, sum / ss)));
    }
    // the slow part: the grid of correlation times searched one point at a time
    const acf = (k: number): number => {
      let sum = 0;
      for (let i = k; i < fit.n; i++) sum += (fit.residuals[i] as number) * (fit.residuals[i - k] as number);
      return Math.max(-1, Math.min(1, sum / ss));
    };
    const lags = Array.from({ length: 240 - SHORT_LAGS + 1 }, (_, j) => acf(SHORT_LAGS + j));
    let best = { a: 0, phi: 0, error: Number.POSITIVE_INFINITY };
    for (let g = 0; g <= 120; g++) {
      const phi = Math.exp(-1 / (SHORT_LAGS * 0.5 * 10 ** (g / 40)));
      let num = 0;
      let den = 0;
      let m = phi ** SHORT_LAGS;
      for (const r of lags) {
        num += r * m;
        den += m * m;
        m *= phi;
      }
      const a = den > 0 ? Math.max(0, Math.min(1, num / den)) : 0;
      let error = 0;
      m = phi ** SHORT_LAGS;
      for (const r of lags) {
        error += (r - a * m) ** 2;
        m *= phi;
      }
      if (error < best.error) best = { a, phi, error };
    }
    expect(noise.slowWeight).toBe(best.a);
    expect(noise.phi).toBe(best.phi);
  });

  it('remembers a variance by the shape of its weights, for each model', () => {
    const s = daySeries(5, false);
    const noise = fittedNoise(s);
    const weights = Float64Array.from({ length: 600 }, (_, i) => (i - 299.5) / 1e6);
    const expected = weightedVariance(weights, noise);
    const shape = 987_654;
    expect(shapeVariance(noise, shape, () => weights)).toBe(expected);
    // remembered: the weights are not asked for again
    expect(
      shapeVariance(noise, shape, () => {
        throw new Error('asked again');
      }),
    ).toBe(expected);
    // another model: the shape's weights are reused, the variance is its own
    const other = { ...fresh(noise), sigma2: 2 * noise.sigma2 };
    expect(shapeVariance(other, shape, () => new Float64Array(0))).toBe(weightedVariance(weights, other));
  });

  it('tests a change in a gap-free window (variance by shape) as the explicit weights give it', () => {
    const s = daySeries(8, false);
    const noise = fittedNoise(s);
    const withGap = { ...s, inventory: s.inventory.slice() };
    for (const onset of [900, 1200, 1411]) {
      const c = estimateLeakChange(s, 200, onset, 1441, 85, noise, 6);
      // the same data with one bin missing far before the onset: a tiny change of the fit
      withGap.inventory[200] = Number.NaN;
      const explicit = estimateLeakChange(withGap, 200, onset, 1441, 85, noise, 6);
      expect(c).not.toBeNull();
      if (c === null || explicit === null) continue;
      expect(Math.abs(c.seKgPerS / explicit.seKgPerS - 1)).toBeLessThan(2e-3);
      withGap.inventory[200] = s.inventory[200] as number;
      const same = estimateLeakChange(
        { ...withGap, inventory: [...withGap.inventory] },
        200,
        onset,
        1441,
        85,
        noise,
        6,
      );
      expect(same?.seKgPerS).toBe(c.seKgPerS);
    }
  });

  it('keeps trailing sums at the rows asked for, and the estimators take them only there', () => {
    const s = daySeries(9, true);
    const noise = fittedNoise(s);
    const full = trailingSums(s, 100, 1441);
    const some = trailingSums(s, 100, 1441, undefined, [100, 700, 1411]);
    for (const k of [100, 700, 1411]) {
      expect(some.count[k - 100]).toBe(full.count[k - 100]);
      expect(some.timeInventory[k - 100]).toBe(full.timeInventory[k - 100]);
      expect(some.usedFraction[k - 100]).toBe(full.usedFraction[k - 100]);
    }
    expect(sumsServe(some, 700, 1441)).toBe(true);
    expect(sumsServe(some, 701, 1441)).toBe(false);
    expect(sumsServe(some, 700, 1440)).toBe(false);
    const options = { coupling: 85, couplingSe: 6, noise };
    for (const from of [700, 701])
      expect(estimateLeakRate(s, from, 1441, { ...options, sums: some })).toEqual(
        estimateLeakRate(s, from, 1441, { ...options, sums: full }),
      );
    // an onset whose sums were not kept: the test sums the window itself
    for (const onset of [1411, 1300])
      expect(estimateLeakChange(s, 700, onset, 1441, 85, noise, 6, { sums: some })).toEqual(
        estimateLeakChange(s, 700, onset, 1441, 85, noise, 6, { sums: full }),
      );
  });

  it('stops a change test early only where the rate after the onset is not above the bound', () => {
    const s = daySeries(6, true);
    const noise = fittedNoise(s);
    let stopped = 0;
    let kept = 0;
    for (let onset = 700; onset < 1400; onset += 37) {
      const full = estimateLeakChange(s, 0, onset, 1441, 85, noise, 6);
      const bounded = estimateLeakChange(s, 0, onset, 1441, 85, noise, 6, { rateAfterAbove: 0 });
      expect(full).not.toBeNull();
      if (full === null) continue;
      if (full.rateAfterKgPerS > 0) {
        kept++;
        expect(bounded).toEqual(full);
      } else {
        stopped++;
        expect(bounded).toBeNull();
      }
    }
    expect(stopped).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });
});

/** weightedVariance as one loop per term of its definition (noise-model.ts ## Method). */
function loopPerTerm(weights: Float64Array, noise: NoiseModel): number {
  const n = weights.length;
  let diagonal = 0;
  for (let i = 0; i < n; i++) diagonal += (weights[i] as number) ** 2;
  let short = 0;
  for (let k = 1; k <= noise.shortAcf.length; k++) {
    const rho = noise.shortAcf[k - 1] as number;
    if (rho === 0) continue;
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (weights[i] as number) * (weights[i + k] as number);
    short += rho * s;
  }
  let slow = 0;
  if (noise.slowWeight > 0) {
    const K = noise.shortAcf.length + 1;
    const lead = noise.phi ** K;
    let running = 0;
    for (let i = 0; i < n; i++) {
      running = noise.phi * running + (i >= K ? lead * (weights[i - K] as number) : 0);
      slow += (weights[i] as number) * running;
    }
    slow *= noise.slowWeight;
  }
  let floor = 0;
  for (const { sigma2, phi } of noise.floors) {
    if (!(sigma2 > 0)) continue;
    let running = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      running = phi * running + (i > 0 ? phi * (weights[i - 1] as number) : 0);
      sum += (weights[i] as number) * ((weights[i] as number) + 2 * running);
    }
    floor += sum * sigma2;
  }
  return noise.sigma2 * Math.max(diagonal, diagonal + 2 * short + 2 * slow) + floor;
}
