import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../core/index.js';
import type { InventoryModel } from './model.js';
import { runForecast } from './monte-carlo.js';

const DAY = 86400;
const perDay = (kgPerDay: number): number => kgPerDay / DAY;

/** A constant case: 3 crew at 0.84 kg/day, one generator making 2.0 kg/day, no flights. */
function constantModel(overrides: Partial<InventoryModel> = {}): InventoryModel {
  return {
    startS: 1.6e9,
    stores: [],
    initialKg: { o2: 100, n2: 150 },
    floorKg: { o2: 30, n2: 60 },
    o2PerPersonKgPerS: { mean: perDay(0.84), sd: 0 },
    crew: [{ fromS: 0, count: 3 }],
    leakKgPerS: { mean: perDay(0.5), sd: 0 },
    backgroundLeakKgPerS: 0,
    excessLeakFactor: 1,
    leakFraction: { o2: 0.23, n2: 0.75 },
    generators: [{ id: 'gen', rateKgPerS: perDay(2.0) }],
    flights: [],
    ...overrides,
  };
}

const deterministic = { paths: 1, horizonS: 365 * DAY, seed: 1, deterministic: true };

describe('runForecast, deterministic', () => {
  it('equals the hand computation on a constant case', () => {
    const r = runForecast(constantModel(), deterministic);
    // O2 drawn: 3 × 0.84 + 0.5 × 0.23 − 2.0 = 0.635 kg/day; (100 − 30) / 0.635 = 110.2362… days
    expect(r.o2.netUseKgPerS * DAY).toBeCloseTo(0.635, 12);
    for (const q of [r.o2.timeToFloorS.p10, r.o2.timeToFloorS.p50, r.o2.timeToFloorS.p90])
      expect(q / DAY).toBeCloseTo(70 / 0.635, 9);
    // N2 drawn: 0.5 × 0.75 = 0.375 kg/day; (150 − 60) / 0.375 = 240 days
    expect(r.n2.timeToFloorS.p50 / DAY).toBeCloseTo(240, 9);
    expect(r.n2.breachProbability).toBe(1);
    // empty: 100 / 0.635 and 150 / 0.375 = 400 days (beyond the 365-day horizon)
    expect(r.o2.timeToEmptyS.p50 / DAY).toBeCloseTo(100 / 0.635, 9);
    expect(r.n2.timeToEmptyS.p50).toBe(Number.POSITIVE_INFINITY);
    // the fan is the straight line S(t) = 100 − 0.635·t at whole days
    expect(r.o2.fan.p50[10]).toBeCloseTo(100 - 6.35, 4);
    expect(r.o2.fan.p50[0]).toBe(100);
  });

  it('takes generator availability, flight failure and slip at their means', () => {
    const model = constantModel({
      generators: [{ id: 'gen', rateKgPerS: perDay(2.0), mtbfS: 430 * 3600, mttrS: 48 * 3600 }],
      flights: [
        {
          id: 'cargo',
          arrivalS: 1.6e9 + 50 * DAY,
          slipS: { mean: 10 * DAY, sd: 5 * DAY },
          failureProbability: 0.1,
          o2Kg: 20,
          n2Kg: 40,
        },
      ],
    });
    const r = runForecast(model, deterministic);
    // generator makes 430/478 × 2.0 = 1.799163… kg/day; O2 drawn 2.52 + 0.115 − 1.799163 = 0.835837 kg/day
    const use = 2.52 + 0.115 - (430 / 478) * 2.0;
    expect(r.o2.netUseKgPerS * DAY).toBeCloseTo(use, 10);
    // the flight arrives on day 60 with 0.9 × 20 = 18 kg O2: 70 kg margin falls to 70 − 60·use at day 60
    const marginAt60 = 70 - 60 * use;
    const expected = marginAt60 > 0 ? 60 + (marginAt60 + 18) / use : 70 / use;
    expect(r.o2.timeToFloorS.p50 / DAY).toBeCloseTo(expected, 8);
    // N2: 90 kg margin at 0.375 kg/day, plus 36 kg on day 60: (90 + 36) / 0.375 = 336 days
    expect(r.n2.timeToFloorS.p50 / DAY).toBeCloseTo(336, 8);
    expect(r.n2.nextResupplyS).toBe(1.6e9 + 50 * DAY);
  });

  it('follows crew changes and reports a breach before the first resupply', () => {
    const model = constantModel({
      crew: [
        { fromS: 0, count: 3 },
        { fromS: 1.6e9 + 20 * DAY, count: 6 },
      ],
      flights: [
        {
          id: 'late',
          arrivalS: 1.6e9 + 100 * DAY,
          slipS: { mean: 0, sd: 0 },
          failureProbability: 0,
          o2Kg: 50,
          n2Kg: 0,
        },
      ],
    });
    const r = runForecast(model, deterministic);
    // days 0–20 at 0.635 kg/day (12.7 kg), then 6 × 0.84 + 0.115 − 2.0 = 3.155 kg/day: 57.3 / 3.155 more days
    expect(r.o2.timeToFloorS.p50 / DAY).toBeCloseTo(20 + 57.3 / 3.155, 8);
    expect(r.o2.breachBeforeResupplyProbability).toBe(1);
  });

  it('never breaches when the stores are refilled faster than they are drawn', () => {
    const r = runForecast(
      constantModel({ leakKgPerS: { mean: 0, sd: 0 }, generators: [{ id: 'g', rateKgPerS: perDay(9) }] }),
      deterministic,
    );
    expect(r.o2.timeToFloorS.p50).toBe(Number.POSITIVE_INFINITY);
    expect(r.o2.breachProbability).toBe(0);
    expect(r.n2.timeToFloorS.p90).toBe(Number.POSITIVE_INFINITY);
  });

  it('breaches at once when a store starts below its floor', () => {
    const r = runForecast(constantModel({ initialKg: { o2: 20, n2: 150 } }), deterministic);
    expect(r.o2.timeToFloorS.p10).toBe(0);
  });
});

describe('runForecast, Monte Carlo against closed forms', () => {
  // With a constant leak L ~ N(μ, σ) and everything else fixed, days to the floor are
  // D = K / (c + w·L), decreasing in L, so the q-quantile of D is K / (c + w·(μ + σ·z_{1−q})).
  const mu = 1.0;
  const sigma = 0.3;
  const paths = 20000;
  const model = constantModel({ leakKgPerS: { mean: perDay(mu), sd: perDay(sigma) } });
  const r = runForecast(model, { paths, horizonS: 2000 * DAY, seed: 7, deterministic: false });
  const cases = [
    { gas: 'o2' as const, K: 70, c: 0.52, w: 0.23 },
    { gas: 'n2' as const, K: 90, c: 0, w: 0.75 },
  ];
  for (const { gas, K, c, w } of cases)
    it(`${gas}: p10/p50/p90 of days to the floor match the closed form within 4 MC standard errors`, () => {
      for (const [name, q] of [
        ['p10', 0.1],
        ['p50', 0.5],
        ['p90', 0.9],
      ] as const) {
        const z = normalQuantile(1 - q);
        const leak = mu + sigma * z;
        const exact = K / (c + w * leak);
        // MC error of a sample quantile: sqrt(q(1−q)/n) / f_D(x_q), with f_D(x) = φ(z)/σ · K/(w·x²)
        const density = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) / sigma) * (K / (w * exact * exact));
        const se = Math.sqrt((q * (1 - q)) / paths) / density;
        const got = r[gas].timeToFloorS[name] / DAY;
        expect(Math.abs(got - exact), `${gas} ${name}: got ${got}, exact ${exact}, se ${se}`).toBeLessThan(
          4 * se,
        );
      }
    });

  it('breach probability before a fixed flight matches P(L > (K/T − c)/w) within 4 binomial standard errors', () => {
    const T = 80;
    const withFlight = constantModel({
      leakKgPerS: { mean: perDay(mu), sd: perDay(sigma) },
      flights: [
        {
          id: 'f',
          arrivalS: 1.6e9 + T * DAY,
          slipS: { mean: 0, sd: 0 },
          failureProbability: 0,
          o2Kg: 30,
          n2Kg: 30,
        },
      ],
    });
    const run = runForecast(withFlight, { paths, horizonS: 400 * DAY, seed: 11, deterministic: false });
    const threshold = (70 / T - 0.52) / 0.23;
    const exact = 0.5 * erfcApprox((threshold - mu) / sigma / Math.SQRT2);
    const se = Math.sqrt((exact * (1 - exact)) / paths);
    expect(Math.abs(run.o2.breachBeforeResupplyProbability - exact)).toBeLessThan(4 * se);
  });

  it('a randomly failing generator draws the stores by (1 − availability)·rate on average', () => {
    // Up-time share over a year of an alternating renewal process (MTBF 430 h, MTTR 48 h) has sd
    // ≈ sqrt(2·A(1−A)·τ/H) ≈ 0.03 (τ = 43 h correlation time); over 4000 paths the mean's sd is
    // 0.0005, i.e. 0.0023 kg/day of a 4.97 kg/day generator: 0.01 kg/day is > 4 sd.
    const gen = { id: 'elektron', rateKgPerS: perDay(4.97), mtbfS: 430 * 3600, mttrS: 48 * 3600 };
    const m = constantModel({
      crew: [{ fromS: 0, count: 7 }],
      generators: [{ id: 'oga', rateKgPerS: perDay(0.91) }, gen],
      leakKgPerS: { mean: 0, sd: 0 },
      initialKg: { o2: 1e6, n2: 150 },
    });
    const mc = runForecast(m, { paths: 4000, horizonS: 365 * DAY, seed: 3, deterministic: false });
    const expected = 7 * 0.84 - 0.91 - (430 / 478) * 4.97;
    expect(Math.abs(mc.o2.netUseKgPerS * DAY - expected)).toBeLessThan(0.01);
  });

  it('replays from its seed', () => {
    const a = runForecast(model, { paths: 500, horizonS: 300 * DAY, seed: 5, deterministic: false });
    const b = runForecast(model, { paths: 500, horizonS: 300 * DAY, seed: 5, deterministic: false });
    expect(a.o2.timeToFloorS).toEqual(b.o2.timeToFloorS);
    expect(Array.from(a.n2.fan.p10)).toEqual(Array.from(b.n2.fan.p10));
  });
});

/** erfc by its continued-fraction-free series for moderate x (reference independent of the code under test). */
function erfcApprox(x: number): number {
  // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? 1 - y : 1 + y;
}
