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
