import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orificeMassFlow } from '../sim/index.js';
import { equivalentDiameterM, fitFlowLaw } from './flow-law.js';
import { type NoiseModel, weightedVariance } from './noise-model.js';
import { fitTrend } from './trend-fit.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/trend-fit.json', import.meta.url), 'utf8'),
) as {
  t: number[];
  x: number[];
  y: number[];
  intercept: number;
  slope: number;
  coefficient: number;
  phi: number;
  sigma2: number;
  slopeVarianceAr1: number;
};

describe('trend fit against numpy (scripts/fixtures/trend_fit.py)', () => {
  const fit = fitTrend(fixture.t, fixture.y, [fixture.x], 0, fixture.t.length);

  it('gives the least-squares coefficients to 1e-9 relative', () => {
    expect(fit).not.toBeNull();
    expect(Math.abs(fit!.slope / fixture.slope - 1)).toBeLessThan(1e-9);
    expect(Math.abs(fit!.coefficients[0]! / fixture.coefficient - 1)).toBeLessThan(1e-9);
    expect(Math.abs(fit!.intercept / fixture.intercept - 1)).toBeLessThan(1e-9);
    // the coefficient's weights give the coefficient
    const w = fit!.coefficientWeights[0]!;
    const fromWeights = fixture.y.reduce((s, y, i) => s + w[i]! * y, 0);
    expect(Math.abs(fromWeights / fixture.coefficient - 1)).toBeLessThan(1e-9);
  });

  it('gives the exact AR(1) slope variance (dense double sum) to 1e-9 relative', () => {
    const noise: NoiseModel = {
      sigma2: fixture.sigma2,
      shortAcf: new Float64Array(0),
      slowWeight: 1,
      phi: fixture.phi,
      effectiveN: 0,
      floors: [],
    };
    expect(Math.abs(weightedVariance(fit!.slopeWeights, noise) / fixture.slopeVarianceAr1 - 1)).toBeLessThan(
      1e-9,
    );
    // the same process as a floor gives the same variance
    const asFloor = {
      ...noise,
      slowWeight: 0,
      sigma2: 1e-30,
      floors: [{ sigma2: fixture.sigma2, phi: fixture.phi }],
    };
    expect(
      Math.abs(weightedVariance(fit!.slopeWeights, asFloor) / fixture.slopeVarianceAr1 - 1),
    ).toBeLessThan(1e-9);
  });

  it('skips NaN rows, drops a regressor without spread, and refuses too few rows', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const y = [1, 3, Number.NaN, 7, 9, 11];
    const flat = [2, 2, 2, 2, 2, 2];
    const f = fitTrend(t, y, [flat], 0, 6);
    expect(f?.n).toBe(5);
    expect(f?.slope).toBeCloseTo(2, 12);
    expect(f?.coefficients[0]).toBeNaN();
    expect(fitTrend(t, y, [], 0, 2)).toBeNull();
  });
});

describe('flow law', () => {
  const t = Array.from({ length: 200 }, (_, i) => i * 600);
  it('tells an orifice from a crack once the decay is deep, and not before', () => {
    const tau = 40 * 3600;
    const orifice = t.map((s) => 100_000 * Math.exp(-s / tau));
    const k = 1 / (100_000 * 30 * 3600); // 1/p rises linearly: p halves in 30 h
    const crack = t.map((s) => 1 / (1 / 100_000 + k * s));
    expect(fitFlowLaw(t, orifice).law).toBe('orifice');
    expect(fitFlowLaw(t, crack).law).toBe('crack');
    const shallow = t.slice(0, 10).map((s, i) => 100_000 * Math.exp(-s / tau) + (i % 2 === 0 ? 60 : -60));
    const verdict = fitFlowLaw(t.slice(0, 10), shallow);
    expect(verdict.law).toBeNull();
    expect(verdict.reason).toMatch(/too little/);
  });

  it('equivalent diameter inverts the choked-orifice flow', () => {
    const m = 0.02896;
    const flow = orificeMassFlow(0.6, 2e-3, 101_325, 295, m);
    expect(equivalentDiameterM(flow, 101_325, 295, m, 0.6)).toBeCloseTo(2e-3, 12);
    expect(equivalentDiameterM(flow, 101_325, 295, m, 1)).toBeCloseTo(2e-3 * Math.sqrt(0.6), 12);
    expect(equivalentDiameterM(-1, 101_325, 295, m, 1)).toBe(0);
  });
});
