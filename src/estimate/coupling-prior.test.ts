// A fitted temperature coupling is weighed against the gas law's (EstimateOptions.couplingPrior).
// Over a window whose temperature drifts with time, a leak that starts inside it bends the
// inventory's line, and a free fit lets the coupling take up the bend: in a ground vessel's 12 h
// hold it read −0.2 mmHg/K (the gas law: 2.6) and a 0.05 kg/day leak as none.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { estimateLeakRate } from './leak-rate.js';

const BIN_S = 60;
const KG_PER_PA = 6e-5; // a 5 m³ vessel
const IDEAL = 343; // Pa/K: 101.3 kPa / 295 K

/** A vessel whose air warms ever faster, by `warmK` over `hours`, leaking `leakPaPerH` from `onsetH`. */
function hold(hours: number, onsetH: number, leakPaPerH: number, warmK: number, seed: number) {
  const rng = new Rng(seed);
  const n = Math.round((hours * 3600) / BIN_S);
  const t = Float64Array.from({ length: n }, (_, k) => 1.7e9 + k * BIN_S);
  const temperature = Float64Array.from({ length: n }, (_, k) => warmK * (k / n) ** 2 + 0.005 * rng.normal());
  const inventory = Float64Array.from({ length: n }, (_, k) => {
    const h = (k * BIN_S) / 3600;
    return (
      101_325 + IDEAL * (temperature[k] as number) - leakPaPerH * Math.max(0, h - onsetH) + 2 * rng.normal()
    );
  });
  return {
    t,
    inventory,
    fraction: new Float64Array(n).fill(1),
    temperature,
    kgPerPa: KG_PER_PA,
    binS: BIN_S,
  };
}

const perDay = (kgPerS: number): number => kgPerS * 86400;

describe('a coupling weighed against the gas law', () => {
  it('keeps a leak that starts mid-window from being read as a coupling', () => {
    // 35 Pa/h from 6 h into a 12 h hold while the air warms 0.6 K: 0.05 kg/day after the onset
    const series = hold(12, 6, 35, 0.6, 3);
    const n = series.t.length;
    const free = estimateLeakRate(series, 0, n);
    const weighed = estimateLeakRate(series, 0, n, {
      couplingPrior: { paPerK: IDEAL, sePaPerK: 0.05 * IDEAL },
    });
    // the straight line through the whole hold: half the hold at 35 Pa/h, so 17.5 Pa/h on average
    const average = perDay((17.5 / 3600) * KG_PER_PA);
    expect(Math.abs((free?.couplingPaPerK ?? 0) - IDEAL)).toBeGreaterThan(0.3 * IDEAL);
    expect(weighed?.couplingPaPerK).toBeCloseTo(IDEAL, 6);
    expect(perDay(weighed?.rateKgPerS ?? 0)).toBeGreaterThan(0.9 * average);
    expect(perDay(weighed?.rateKgPerS ?? 0)).toBeLessThan(1.1 * average);
  });

  it('combines an agreeing fit with the prior by inverse variances', () => {
    const series = hold(12, 0, 20, 0.6, 4);
    const n = series.t.length;
    const free = estimateLeakRate(series, 0, n);
    const prior = { paPerK: 1.05 * IDEAL, sePaPerK: 0.1 * IDEAL };
    const weighed = estimateLeakRate(series, 0, n, { couplingPrior: prior });
    const beta = free?.couplingPaPerK ?? Number.NaN;
    const se = free?.couplingSePaPerK ?? Number.NaN;
    const wFit = 1 / se ** 2;
    const wPrior = 1 / prior.sePaPerK ** 2;
    expect(Math.abs(beta - prior.paPerK)).toBeLessThan(3 * Math.hypot(se, prior.sePaPerK));
    expect(weighed?.couplingPaPerK).toBeCloseTo((beta * wFit + prior.paPerK * wPrior) / (wFit + wPrior), 9);
    expect(weighed?.couplingSePaPerK).toBeCloseTo(1 / Math.sqrt(wFit + wPrior), 9);
    // the leak is constant: both estimates find its 20 Pa/h
    const truth = perDay((20 / 3600) * KG_PER_PA);
    expect(perDay(weighed?.rateKgPerS ?? 0)).toBeCloseTo(truth, 3);
    expect(perDay(free?.rateKgPerS ?? 0)).toBeCloseTo(truth, 3);
  });
});
