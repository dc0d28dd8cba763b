// The monitor's hot paths (a known coupling and noise model, one temperature regressor, remembered
// variances, a change test that stops early) must give the general computation's numbers to the
// last bit: the analysis may not change because it got faster.
import { describe, expect, it } from 'vitest';
import { Rng, studentTQuantile } from '../core/index.js';
import { estimateLeakChange } from './leak-change.js';
import { estimateLeakRate, type InventorySeries } from './leak-rate.js';
import { type NoiseModel, weightedVariance } from './noise-model.js';
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

  it('estimates with a known coupling and noise model exactly as its definition reads', () => {
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
        // slope plus the known coupling's error, Student's t on the model's degrees of freedom
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
          weightedVariance(fit.slopeWeights, fresh(noise)) + (slopePerCoupling * couplingSe) ** 2;
        let fraction = 0;
        for (let k = from; k < to; k++) fraction += s.fraction[k] as number;
        const scale = s.kgPerPa / (fraction / (to - from));
        const dof = Math.max(1, Math.min(fit.n, noise.effectiveN) - 2);
        const q = studentTQuantile(0.95, dof);
        const rate = -fit.slope * scale;
        const se = Math.sqrt(variance) * scale;
        expect(e.rateKgPerS, `${from}–${to}`).toBe(rate);
        expect(e.seKgPerS).toBe(se);
        expect(e.low90).toBe(rate - q * se);
        expect(e.degreesOfFreedom).toBe(dof);
        expect(e.n).toBe(fit.n);
        expect(e.fromS).toBe(fit.times[0]);
        expect(e.toS).toBe(fit.times[fit.n - 1]);
      }
    }
  });

  it('remembers a variance only for the very same weights', () => {
    const s = daySeries(5, false);
    const noise = fittedNoise(s);
    const weights = fitTrend(s.t, s.inventory, [s.temperature], 0, 1441)?.slopeWeights ?? new Float64Array(0);
    const first = weightedVariance(weights, noise);
    expect(weightedVariance(weights, noise)).toBe(first);
    expect(first).toBe(weightedVariance(weights, fresh(noise)));
    // same length and first weight, one weight changed: a new answer, equal to a fresh sum
    const changed = weights.slice();
    changed[700] = (changed[700] as number) * 3;
    const again = weightedVariance(changed, noise);
    expect(again).not.toBe(first);
    expect(again).toBe(weightedVariance(changed, fresh(noise)));
    expect(weightedVariance(weights, noise)).toBe(first);
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
