import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { estimateLeakChange } from './leak-change.js';
import { estimateLeakRate } from './leak-rate.js';
import { type NoiseModel, weightedVariance } from './noise-model.js';
import { fitTrend } from './trend-fit.js';

const BIN_S = 60;
const N = 24 * 60;
const KG_PER_PA = 2; // kg of air per Pa of pressure (illustrative)

/** Inventory with a background trend, a change at bin `onset`, a temperature term and AR(1) noise. */
function series(
  rng: Rng,
  onset: number,
  beforePaPerS: number,
  changePaPerS: number,
  phi: number,
  sd: number,
) {
  const t = Float64Array.from({ length: N }, (_, k) => k * BIN_S);
  const temperature = Float64Array.from(t, (s) => 0.5 * Math.sin((2 * Math.PI * s) / 5556));
  const inventory = new Float64Array(N);
  let e = 0;
  for (let k = 0; k < N; k++) {
    e = phi * e + Math.sqrt(1 - phi * phi) * sd * rng.normal();
    const s = t[k] as number;
    const onsetS = onset * BIN_S;
    inventory[k] =
      70_000 +
      beforePaPerS * s +
      changePaPerS * Math.max(0, s - onsetS) +
      130 * (temperature[k] as number) +
      e;
  }
  return {
    t,
    inventory,
    fraction: new Float64Array(N).fill(1),
    temperature,
    kgPerPa: KG_PER_PA,
    binS: BIN_S,
  };
}

function ar1(sd: number, phi: number): NoiseModel {
  return {
    sigma2: sd * sd,
    shortAcf: new Float64Array(0),
    slowWeight: 1,
    phi,
    effectiveN: N,
    floors: [],
  };
}

describe('leak change (broken-line test at a candidate onset)', () => {
  it('recovers the background rate and the change, with a standard error that Monte Carlo confirms', () => {
    const rng = new Rng(11);
    const phi = 0.8;
    const sd = 8;
    const onset = 18 * 60;
    const before = -1e-4; // Pa/s: a background leak
    const change = -6e-4; // Pa/s: a new leak
    const z: number[] = [];
    const changes: number[] = [];
    let se = 0;
    for (let r = 0; r < 400; r++) {
      const s = series(rng, onset, before, change, phi, sd);
      const c = estimateLeakChange(s, 0, onset, N, 130, ar1(sd, phi));
      expect(c).not.toBeNull();
      changes.push(c!.changeKgPerS);
      z.push((c!.changeKgPerS - -change * KG_PER_PA) / c!.seKgPerS);
      se = c!.seKgPerS;
      if (r === 0) {
        expect(c!.before).toBe(onset);
        expect(c!.after).toBe(N - onset);
        expect(c!.rateBeforeKgPerS).toBeCloseTo(-before * KG_PER_PA, 3);
      }
    }
    const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
    const sdChange = Math.sqrt(changes.reduce((a, b) => a + (b - mean) ** 2, 0) / (changes.length - 1));
    // unbiased: the mean is within 3 standard errors of the mean of the truth
    expect(Math.abs(mean - -change * KG_PER_PA)).toBeLessThan((3 * sdChange) / Math.sqrt(changes.length));
    // the stated standard error is the spread of the estimates (±10 %, 400 draws)
    expect(sdChange / se).toBeGreaterThan(0.9);
    expect(sdChange / se).toBeLessThan(1.1);
    // a 90 % two-sided band from it holds the truth 85–95 % of the time
    const inside = z.filter((v) => Math.abs(v) < 1.645).length / z.length;
    expect(inside).toBeGreaterThan(0.85);
    expect(inside).toBeLessThan(0.95);
  });

  it('sees a change with a smaller standard error than a trend fitted after the onset alone', () => {
    // white noise: the ratio is √((XᵀX)⁻¹ of the broken line / that of the line after the onset),
    // 0.658909 by numpy for 20 h before and 4 h after in 1-minute bins
    const rng = new Rng(12);
    const onset = 20 * 60;
    const s = series(rng, onset, 0, -6e-4, 0, 8);
    const c = estimateLeakChange(s, 0, onset, N, 130, ar1(8, 0));
    const after = estimateLeakRate(s, onset, N, { coupling: 130, noise: ar1(8, 0) });
    expect(c!.seKgPerS / after!.seKgPerS).toBeCloseTo(0.658909, 5);
  });

  it('carries the uncertainty of a known coupling into the change (Monte Carlo)', () => {
    const rng = new Rng(14);
    const onset = 18 * 60;
    const couplingSe = 40; // Pa/K
    const changes: number[] = [];
    let se = 0;
    for (let r = 0; r < 400; r++) {
      const s = series(rng, onset, 0, -3e-4, 0, 4);
      // the temperature ramps up after the onset, so a wrong coupling looks like a change of trend
      const temperature = Float64Array.from(s.t, (t) => Math.max(0, t - onset * BIN_S) / 7200);
      const inventory = Float64Array.from(s.inventory, (v, k) => v + 130 * (temperature[k] as number));
      const coupling = 130 + couplingSe * rng.normal();
      const c = estimateLeakChange(
        { ...s, inventory, temperature: s.temperature.map((v, k) => v + temperature[k]!) },
        0,
        onset,
        N,
        coupling,
        ar1(4, 0),
        couplingSe,
      );
      changes.push(c!.changeKgPerS);
      se = c!.seKgPerS;
    }
    const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
    const sd = Math.sqrt(changes.reduce((a, b) => a + (b - mean) ** 2, 0) / (changes.length - 1));
    expect(Math.abs(mean - 3e-4 * KG_PER_PA)).toBeLessThan((3 * sd) / Math.sqrt(changes.length));
    expect(sd / se).toBeGreaterThan(0.9);
    expect(sd / se).toBeLessThan(1.1);
    // without it the stated error would be far too small
    const bare = estimateLeakChange(series(rng, onset, 0, -3e-4, 0, 4), 0, onset, N, 130, ar1(4, 0));
    expect(bare!.seKgPerS).toBeLessThan(0.5 * se);
  });

  it('is the general least-squares broken line (fitTrend, checked against numpy), gaps included', () => {
    const rng = new Rng(14);
    const s = series(rng, 900, -1e-4, -5e-4, 0.7, 6);
    const inventory = Float64Array.from(s.inventory, (v, k) => (k % 37 === 5 ? Number.NaN : v));
    const from = 200;
    const onset = 900;
    const c = estimateLeakChange({ ...s, inventory }, from, onset, N, 130, ar1(6, 0.7))!;
    const onsetS = s.t[onset]!;
    const y = Float64Array.from(inventory, (v, k) => v - 130 * s.temperature[k]!);
    const hinge = Float64Array.from(s.t, (t) => Math.max(0, t - onsetS));
    const fit = fitTrend(hinge, y, [s.t], from, N)!;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(c.changeKgPerS, -fit.slope * KG_PER_PA)).toBeLessThan(1e-9);
    expect(rel(c.rateBeforeKgPerS, -fit.coefficients[0]! * KG_PER_PA)).toBeLessThan(1e-9);
    // its variance with the weights on the bin grid (zero at the bins missing)
    const onGrid = new Float64Array(N - from);
    let row = 0;
    for (let k = from; k < N; k++)
      if (Number.isFinite(y[k] as number)) onGrid[k - from] = fit.slopeWeights[row++]!;
    expect(rel(c.seKgPerS, Math.sqrt(weightedVariance(onGrid, ar1(6, 0.7))) * KG_PER_PA)).toBeLessThan(1e-9);
  });

  it('refuses an onset with too little data on either side', () => {
    const s = series(new Rng(13), 100, 0, 0, 0, 1);
    expect(estimateLeakChange(s, 0, 3, N, 130, ar1(1, 0))).toBeNull();
    expect(estimateLeakChange(s, 0, N - 2, N, 130, ar1(1, 0))).toBeNull();
    expect(estimateLeakChange(s, 10, 10, N, 130, ar1(1, 0))).toBeNull();
  });
});
