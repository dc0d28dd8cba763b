import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { durationToReach, separation, slopeVariance } from './power.js';

/** Least-squares slope of y against t. */
function slope(t: Float64Array, y: Float64Array): number {
  let mt = 0;
  let my = 0;
  for (let i = 0; i < t.length; i++) {
    mt += t[i] as number;
    my += y[i] as number;
  }
  mt /= t.length;
  my /= t.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < t.length; i++) {
    num += ((t[i] as number) - mt) * ((y[i] as number) - my);
    den += ((t[i] as number) - mt) ** 2;
  }
  return num / den;
}

describe('power analysis of an isolation test', () => {
  it('the slope variance under white and Ornstein–Uhlenbeck noise matches a Monte Carlo of least-squares fits', () => {
    const binS = 60;
    const noise = { binVariancePa2: 0.5, binS, floors: [{ sigmaPa: 3, tauS: 2 * 3600 }], wanderPa: 0 };
    const rng = new Rng(11);
    for (const hours of [2, 8]) {
      const n = (hours * 3600) / binS;
      const t = Float64Array.from({ length: n }, (_, i) => i * binS);
      const phi = Math.exp(-binS / (noise.floors[0] as { tauS: number }).tauS);
      const reps = 3000;
      const slopes: number[] = [];
      const y = new Float64Array(n);
      for (let r = 0; r < reps; r++) {
        // exact AR(1) sampling of the OU process, stationary from the start, plus white noise
        let ou = 3 * rng.normal();
        for (let i = 0; i < n; i++) {
          if (i > 0) ou = phi * ou + 3 * Math.sqrt(1 - phi * phi) * rng.normal();
          y[i] = ou + Math.sqrt(noise.binVariancePa2) * rng.normal();
        }
        slopes.push(slope(t, y));
      }
      const mean = slopes.reduce((s, x) => s + x, 0) / reps;
      const empirical = slopes.reduce((s, x) => s + (x - mean) ** 2, 0) / (reps - 1);
      const model = slopeVariance(noise, hours * 3600);
      // the sample variance's relative standard error is √(2/(N−1)) ≈ 2.6 %; the continuous-time
      // OU integral differs from the 1-minute sampled sum by well under that
      expect(Math.abs(empirical / model - 1)).toBeLessThan(4 * Math.sqrt(2 / (reps - 1)));
    }
  });

  it('the white part is the least-squares closed form 12σ²/(n(n²−1)Δ²), and a wander adds (w/T)²', () => {
    const n = 240;
    const binS = 60;
    const white = slopeVariance({ binVariancePa2: 2, binS, floors: [], wanderPa: 0 }, n * binS);
    expect(white).toBeCloseTo((12 * 2) / (n * (n * n - 1) * binS * binS), 20);
    const withWander = slopeVariance({ binVariancePa2: 2, binS, floors: [], wanderPa: 10 }, n * binS);
    expect(withWander - white).toBeCloseTo((10 / (n * binS)) ** 2, 18);
  });

  it('separation combines the groups that are measured, and the shortest duration reaches the target', () => {
    expect(separation(1, 0.5, null)).toBeCloseTo(2, 12);
    expect(separation(1, 0.3, 0.4)).toBeCloseTo(Math.sqrt(1 / 0.09 + 1 / 0.16), 12);
    expect(separation(1, null, null)).toBe(0);
    const d = (t: number) => t / 3600; // one standard error per hour
    expect(durationToReach(d, 3.29, 3600, 72 * 3600)).toBeGreaterThanOrEqual(3.29 * 3600);
    expect(durationToReach(d, 3.29, 3600, 72 * 3600)).toBeLessThanOrEqual(3.29 * 3600 + 60);
    expect(durationToReach(d, 100, 3600, 72 * 3600)).toBeNull();
  });
});
