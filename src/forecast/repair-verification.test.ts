import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { fitNoise } from '../estimate/index.js';
import { fieller, slopeSe, verifyRepair } from './repair-verification.js';

const DAY = 86400;
const BIN = 60;

/**
 * A synthetic inventory [kg] on 1-minute bins: falling at `before` kg/day until `repairH`, at
 * `after` kg/day from then on, plus AR(1) noise (sd `sd` kg, lag-one correlation `phi`).
 */
function series(o: {
  hours: number;
  repairH: number;
  before: number;
  after: number;
  sd: number;
  phi: number;
  seed: number;
}) {
  const n = Math.round((o.hours * 3600) / BIN);
  const t = new Float64Array(n);
  const y = new Float64Array(n);
  const rng = new Rng(o.seed);
  const innovation = o.sd * Math.sqrt(1 - o.phi * o.phi);
  let e = o.sd * rng.normal();
  const t0 = 1.6e9;
  const repairS = t0 + o.repairH * 3600;
  for (let i = 0; i < n; i++) {
    const ti = t0 + i * BIN;
    t[i] = ti;
    const lost =
      ti < repairS
        ? ((ti - t0) * o.before) / DAY
        : (o.repairH * 3600 * o.before + (ti - repairS) * o.after) / DAY;
    y[i] = 1000 - lost + e;
    e = o.phi * e + innovation * rng.normal();
  }
  return { t, y, repairS };
}

const OPTIONS = {
  settleS: 0,
  confidence: 0.9,
  alpha: 0.05,
  power: 0.8,
  backgroundKgPerS: 0,
  targetKgPerS: 0.05 / DAY,
};

describe('verifyRepair', () => {
  it('finds a threefold reduction that leaves a significant residual (the March 2021 pattern)', () => {
    const s = series({ hours: 96, repairH: 48, before: 1.2, after: 0.4, sd: 0.05, phi: 0.95, seed: 1 });
    const r = verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS });
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(r.before.interval[0] * DAY).toBeLessThan(1.2);
    expect(r.before.interval[1] * DAY).toBeGreaterThan(1.2);
    expect(r.after.interval[0] * DAY).toBeLessThan(0.4);
    expect(r.after.interval[1] * DAY).toBeGreaterThan(0.4);
    expect(r.reduction.interval[0]).toBeLessThan(3);
    expect(r.reduction.interval[1]).toBeGreaterThan(3);
    expect(r.reduction.interval[1]).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(r.residual.significant).toBe(true);
    expect(r.verdict).toBe('partial');
    expect(r.monitoring.hoursMore).toBe(0);
  });

  it('says inconclusive and asks for more hours when a small residual is not yet significant', () => {
    const s = series({ hours: 54, repairH: 48, before: 1.2, after: 0.1, sd: 0.05, phi: 0.95, seed: 2 });
    const r = verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS, targetKgPerS: 0.1 / DAY });
    expect(r?.reduction.significant).toBe(true);
    expect(r?.residual.significant).toBe(false);
    expect(r?.verdict).toBe('inconclusive');
    expect(r?.monitoring.hoursMore).toBeGreaterThan(0);
    expect(r?.reduction.interval[1]).toBe(Number.POSITIVE_INFINITY);
  });

  it('calls an ineffective repair not effective', () => {
    const s = series({ hours: 96, repairH: 48, before: 0.5, after: 0.5, sd: 0.05, phi: 0.95, seed: 3 });
    const r = verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS });
    expect(r?.verdict).toBe('not-effective');
  });

  it('returns null when one side has too little data', () => {
    const s = series({ hours: 10, repairH: 9.9, before: 1, after: 0.3, sd: 0.05, phi: 0.5, seed: 4 });
    expect(verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS })).toBeNull();
  });

  it('covers the true reduction factor at about the nominal 90 % over many simulated repairs', () => {
    // 5 days a side as in scenarios/repair-2021.yaml, AR(1) noise with a 33-min correlation time.
    // 200 cases: the coverage estimate's binomial sd is sqrt(0.9·0.1/200) = 0.021, so [0.83, 0.97]
    // is the nominal 0.90 ± 3.3 sd.
    let covered = 0;
    let rateCovered = 0;
    const cases = 200;
    for (let k = 0; k < cases; k++) {
      const s = series({
        hours: 240,
        repairH: 120,
        before: 1.2,
        after: 0.4,
        sd: 0.08,
        phi: 0.97,
        seed: 100 + k,
      });
      const r = verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS });
      if (r === null) continue;
      if (r.reduction.interval[0] <= 3 && 3 <= r.reduction.interval[1]) covered++;
      if (r.after.interval[0] * DAY <= 0.4 && 0.4 <= r.after.interval[1] * DAY) rateCovered++;
    }
    expect(covered / cases).toBeGreaterThan(0.83);
    expect(covered / cases).toBeLessThan(0.97);
    expect(rateCovered / cases).toBeGreaterThan(0.83);
    expect(rateCovered / cases).toBeLessThan(0.97);
  });

  it('the power analysis delivers about the promised power', () => {
    // Residual 0.15 kg/day: ask how long to watch, then watch that long in fresh simulations and
    // count detections. 200 cases: binomial sd 0.028 around 0.8, so [0.68, 0.92] is ±4 sd.
    const plan = series({ hours: 30, repairH: 24, before: 1.2, after: 0.15, sd: 0.08, phi: 0.97, seed: 7 });
    const first = verifyRepair(plan.t, plan.y, {
      ...OPTIONS,
      repairS: plan.repairS,
      targetKgPerS: 0.15 / DAY,
    });
    const needed = first?.monitoring.hoursNeeded;
    expect(needed).toBeGreaterThan(6);
    if (needed === undefined || needed === null) return;
    let detected = 0;
    const cases = 200;
    for (let k = 0; k < cases; k++) {
      const s = series({
        hours: 24 + needed,
        repairH: 24,
        before: 1.2,
        after: 0.15,
        sd: 0.08,
        phi: 0.97,
        seed: 1000 + k,
      });
      const r = verifyRepair(s.t, s.y, { ...OPTIONS, repairS: s.repairS, targetKgPerS: 0.15 / DAY });
      if (r?.residual.significant) detected++;
    }
    expect(detected / cases).toBeGreaterThan(0.68);
    expect(detected / cases).toBeLessThan(0.92);
  });
});

describe('fieller', () => {
  it('puts the interval ends where (a − ρb)² = z²(sa² + ρ²sb²)', () => {
    const [a, sa, b, sb, z] = [1.2, 0.05, 0.4, 0.04, 1.645];
    const [lo, hi] = fieller(a, sa, b, sb, z);
    for (const r of [lo, hi]) expect((a - r * b) ** 2).toBeCloseTo(z * z * (sa * sa + r * r * sb * sb), 10);
    expect(lo).toBeLessThan(a / b);
    expect(hi).toBeGreaterThan(a / b);
  });

  it('shrinks to the ratio when both are exact, and opens upward when the denominator is not significant', () => {
    const [lo, hi] = fieller(1.2, 1e-9, 0.4, 1e-9, 1.645);
    expect(lo).toBeCloseTo(3, 6);
    expect(hi).toBeCloseTo(3, 6);
    const open = fieller(1.2, 0.05, 0.02, 0.04, 1.645);
    expect(open[1]).toBe(Number.POSITIVE_INFINITY);
    expect(open[0]).toBeGreaterThan(0);
  });
});

describe('slopeSe', () => {
  it('equals the white-noise OLS formula σ·sqrt(12/(n(n²−1)))/Δt for uncorrelated noise', () => {
    const rng = new Rng(9);
    const residuals = Float64Array.from({ length: 20000 }, () => rng.normal());
    const noise = fitNoise(residuals, 2, 50);
    const n = 500;
    const exact = Math.sqrt(noise.sigma2 * (12 / (n * (n * n - 1)))) / BIN;
    // the fitted acf of white noise is ~±0.007 per lag, which moves the variance by a few %
    expect(Math.abs(slopeSe(noise, BIN, n) / exact - 1)).toBeLessThan(0.1);
  });
});
