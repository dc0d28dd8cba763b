// The leak-rate estimate's noise model is in the inventory's pascals whatever the fit: a deep decay
// is fitted as ln p (orifice) or 1/p (crack), and its residuals' model is carried back by the
// transform's gain. Read raw, it was ~1e10 times too small, and the monitor's scans, which take
// their noise model from the day's estimate, called a decaying capsule's trends hundreds of
// thousands of standard errors (an interval of zero width in the alarm).
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { estimateLeakRate } from './leak-rate.js';

const BIN_S = 60;
const SIGMA_PA = 5;

/** A sealed volume decaying through a hole (orifice: exponential; crack: 1/p linear), read with white noise. */
function decaying(law: 'orifice' | 'crack', n: number) {
  const rng = new Rng(7);
  const t = Float64Array.from({ length: n }, (_, k) => 1.7e9 + k * BIN_S);
  const p0 = 101_325;
  const fallPerBin = 0.1 / n; // 10 % over the window: a deep decay
  const inventory = Float64Array.from({ length: n }, (_, k) => {
    const p = law === 'orifice' ? p0 * Math.exp(-fallPerBin * k) : p0 / (1 + fallPerBin * k);
    return p + SIGMA_PA * rng.normal();
  });
  return {
    t,
    inventory,
    fraction: new Float64Array(n).fill(1),
    temperature: Float64Array.from({ length: n }, () => 0.01 * rng.normal()),
    kgPerPa: 0.012,
    binS: BIN_S,
  };
}

describe('the noise model of a decay fit', () => {
  it.each(['orifice', 'crack'] as const)('is in pascals (%s)', (law) => {
    const n = 600;
    const e = estimateLeakRate(decaying(law, n), 0, n, { decay: law });
    expect(e).not.toBeNull();
    // white noise of 5 Pa: the model's variance is σ² to within sampling error
    expect(e?.noise.sigma2).toBeGreaterThan(0.8 * SIGMA_PA ** 2);
    expect(e?.noise.sigma2).toBeLessThan(1.25 * SIGMA_PA ** 2);
  });
});

// A 60 s sensor written every 30 min fills 3 bins in 30 (each reading held for three periods), the
// rest are missing. Its noise model and weights count bins, not rows: counted in rows, a third of
// each reading's neighbours were the next reading, and a 1 h window's standard errors came out at
// 0.76 of the truth (a closed-off Progress's 1 mmHg gauge, 13 months of 30-minute telemetry: a 1 h
// trend of 1.2 kg/day at 5.5 standard errors, DISTRESS, with no leak).
describe('a reading held 3 bins in every 30', () => {
  /** A day of bins: white readings of `sd` Pa every 30 bins, each held 3 bins, NaN between. */
  function sparse(seed: number, sd: number) {
    const rng = new Rng(seed);
    const n = 1440;
    const inventory = new Float64Array(n).fill(Number.NaN);
    for (let k = 0; k < n; k += 30) {
      const v = 99_000 + sd * rng.normal();
      for (let j = 0; j < 3; j++) inventory[k + j] = v;
    }
    return {
      t: Float64Array.from({ length: n }, (_, k) => 1.7e9 + k * BIN_S),
      inventory,
      fraction: new Float64Array(n).fill(1),
      temperature: new Float64Array(n),
      kgPerPa: 0.012,
      binS: BIN_S,
    };
  }

  it('gives trends over a few readings standard errors the scatter bears out', () => {
    const z: number[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const series = sparse(seed, 60);
      const day = estimateLeakRate(series, 0, 1440, { coupling: 0, couplingSe: 0 });
      // the last hour: two readings
      const e = estimateLeakRate(series, 1380, 1440, { coupling: 0, noise: day!.noise });
      z.push(e!.rateKgPerS / e!.seKgPerS);
    }
    const sd = Math.sqrt(z.reduce((s, v) => s + v * v, 0) / z.length);
    // two readings' slope against its standard error: sd 1 when the errors are right (1.02; counted
    // in rows, 1.32)
    expect(sd).toBeGreaterThan(0.9);
    expect(sd).toBeLessThan(1.12);
  });
});
