import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import {
  effectiveSamples,
  fitNoise,
  independentReadings,
  type NoiseModel,
  SHORT_LAGS,
  weightedVariance,
  withWhiteNoise,
} from './noise-model.js';

/** Σ_i Σ_j c_i c_j Cov(e_i, e_j) by brute force from the model's autocorrelation. */
function bruteForce(weights: Float64Array, noise: NoiseModel): number {
  const K = noise.shortAcf.length + 1;
  const rho = (k: number): number =>
    k === 0 ? 1 : k < K ? (noise.shortAcf[k - 1] as number) : noise.slowWeight * noise.phi ** k;
  let total = 0;
  for (let i = 0; i < weights.length; i++)
    for (let j = 0; j < weights.length; j++) {
      const k = Math.abs(i - j);
      let cov = noise.sigma2 * rho(k);
      for (const f of noise.floors) cov += f.sigma2 * f.phi ** k;
      total += (weights[i] as number) * (weights[j] as number) * cov;
    }
  return total;
}

const MODEL: NoiseModel = {
  sigma2: 4,
  shortAcf: Float64Array.from({ length: SHORT_LAGS - 1 }, (_, k) => 0.8 ** (k + 1) + 0.05),
  slowWeight: 0.3,
  phi: 0.97,
  effectiveN: 100,
  floors: [{ sigma2: 0.5, phi: 0.995 }],
};

describe('noise model', () => {
  it('gives the variance of a weighted sum equal to the brute-force double sum', () => {
    const rng = new Rng(5);
    const weights = Float64Array.from({ length: 300 }, () => rng.normal());
    const fast = weightedVariance(weights, MODEL);
    expect(Math.abs(fast / bruteForce(weights, MODEL) - 1)).toBeLessThan(1e-10);
  });

  it('adds white noise without touching the correlated parts: a weighted sum gains extra·Σc²', () => {
    // positive weights (a window's mean, a trend's far half): the correlated part adds, unclamped
    const rng = new Rng(6);
    const weights = Float64Array.from({ length: 300 }, () => Math.abs(rng.normal()));
    let squares = 0;
    for (const c of weights) squares += c * c;
    const noisier = withWhiteNoise(MODEL, 9);
    expect(noisier.sigma2).toBe(13);
    const gained = weightedVariance(weights, noisier) - weightedVariance(weights, MODEL);
    expect(Math.abs(gained / (9 * squares) - 1)).toBeLessThan(1e-10);
    // by brute force too, and nothing added for no extra noise
    expect(Math.abs(weightedVariance(weights, noisier) / bruteForce(weights, noisier) - 1)).toBeLessThan(
      1e-10,
    );
    expect(withWhiteNoise(MODEL, 0)).toBe(MODEL);
    expect(withWhiteNoise(MODEL, -3)).toBe(MODEL);
  });

  it('counts effective samples as n over the variance inflation of their mean (floors excluded)', () => {
    for (const n of [1, 5, 10, 11, 60, 480]) {
      const mean = new Float64Array(n).fill(1 / n);
      const inflation = weightedVariance(mean, { ...MODEL, floors: [] }) / (MODEL.sigma2 / n);
      expect(Math.abs(effectiveSamples(MODEL, n) / (n / Math.max(1, inflation)) - 1)).toBeLessThan(1e-12);
    }
    // white noise: every sample counts
    const white = { ...MODEL, shortAcf: new Float64Array(SHORT_LAGS - 1), slowWeight: 0 };
    expect(effectiveSamples(white, 240)).toBe(240);
  });

  it('recovers an AR(1) disturbance: variance, lag correlations and the slope variance they imply', () => {
    const rng = new Rng(8);
    const phi = 0.9;
    const n = 20_000;
    const e = new Float64Array(n);
    let x = 0;
    for (let i = 0; i < n; i++) {
      x = phi * x + Math.sqrt(1 - phi * phi) * 3 * rng.normal();
      e[i] = x;
    }
    const model = fitNoise(e, 2, 240);
    expect(Math.abs(model.sigma2 / 9 - 1)).toBeLessThan(0.1);
    expect(Math.abs((model.shortAcf[0] as number) - phi)).toBeLessThan(0.02);
    expect(Math.abs((model.shortAcf[4] as number) - phi ** 5)).toBeLessThan(0.05);
    // an hour-long OLS slope's variance under the fitted model is within 15 % of the true AR(1)'s
    const m = 60;
    const weights = Float64Array.from({ length: m }, (_, i) => (i - (m - 1) / 2) / ((m * (m * m - 1)) / 12));
    const truth: NoiseModel = {
      sigma2: 9,
      shortAcf: Float64Array.from({ length: SHORT_LAGS - 1 }, (_, k) => phi ** (k + 1)),
      slowWeight: 1,
      phi,
      effectiveN: n,
      floors: [],
    };
    expect(Math.abs(weightedVariance(weights, model) / weightedVariance(weights, truth) - 1)).toBeLessThan(
      0.15,
    );
  });

  it("counts a window's independent readings: a held reading's updates, a wandering one's bins", () => {
    const rng = new Rng(9);
    const n = 2880;
    // a reading updated every 7 bins and held between (an analyser's 7-minute cycle)
    let held = 0;
    const slowlyUpdated = Float64Array.from({ length: n }, (_, k) => {
      if (k % 7 === 0) held = rng.normal();
      return held;
    });
    // a reading taken every bin, wandering slowly (an AR(1) of 4 h) with white noise on top
    let wander = 0;
    const wandering = Float64Array.from({ length: n }, () => {
      wander = 0.996 * wander + 0.09 * rng.normal();
      return wander + 0.3 * rng.normal();
    });
    const a = fitNoise(slowlyUpdated, 2, 240);
    const b = fitNoise(wandering, 2, 240);
    // 30 bins: ~30/7 updates of the held reading; ~30 of the wandering one, whose mean is still
    // known from very few effective samples (the wander is in the variance, not the count)
    expect(independentReadings(a, 30)).toBeGreaterThan(3);
    expect(independentReadings(a, 30)).toBeLessThan(6);
    expect(independentReadings(b, 30)).toBeGreaterThan(20);
    expect(effectiveSamples(b, 30)).toBeLessThan(5);
  });
});
