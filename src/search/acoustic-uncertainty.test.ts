import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import {
  type AcousticSensor,
  pathDifference,
  pathDifferenceGradient,
  sensorPairs,
} from './acoustic-geometry.js';
import {
  acousticMapFromFix,
  FIX_CHI2_90,
  fixCovariance,
  fixEllipse90,
  insideFixEllipse90,
} from './acoustic-uncertainty.js';

const sensors: AcousticSensor[] = [
  { channel: 0, xM: 0.1, yM: 0.1 },
  { channel: 1, xM: 0.9, yM: 0.1 },
  { channel: 2, xM: 0.9, yM: 0.9 },
  { channel: 3, xM: 0.1, yM: 0.9 },
];
const pairs = sensorPairs(4);

/** Least-squares fix from measured path differences (Gauss–Newton from the panel centre). */
function solve(measured: number[]): { x: number; y: number } {
  let x = 0.5;
  let y = 0.5;
  for (let it = 0; it < 20; it++) {
    let a = 0;
    let b = 0;
    let c = 0;
    let u = 0;
    let v = 0;
    pairs.forEach((p, k) => {
      const [gx, gy] = pathDifferenceGradient(sensors[p.i]!, sensors[p.j]!, x, y);
      const r = measured[k]! - pathDifference(sensors[p.i]!, sensors[p.j]!, x, y);
      a += gx * gx;
      b += gx * gy;
      c += gy * gy;
      u += gx * r;
      v += gy * r;
    });
    const det = a * c - b * b;
    x += (c * u - b * v) / det;
    y += (a * v - b * u) / det;
  }
  return { x, y };
}

describe('acoustic fix uncertainty', () => {
  it('the 90 % region of a least-squares fix covers the truth 90 % of the time (Monte Carlo, σ estimated)', () => {
    const rng = new Rng(7);
    const truth = { x: 0.63, y: 0.34 };
    const sigma = 0.002;
    const trials = 3000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const measured = pairs.map(
        (p) => pathDifference(sensors[p.i]!, sensors[p.j]!, truth.x, truth.y) + sigma * rng.normal(),
      );
      const fix = solve(measured);
      const cov = fixCovariance(sensors, pairs, measured, fix.x, fix.y, 1e-6);
      if (insideFixEllipse90(cov, fix.x, fix.y, truth.x, truth.y)) covered++;
    }
    // binomial sd at p = 0.9, n = 3000 is 0.55 %; allow 3 sd plus the linearisation
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.92);
  });

  it('at the floor, the ellipse is the χ²₂ ellipse of σ = floor through (JᵀJ)⁻¹', () => {
    const x = 0.5;
    const y = 0.5;
    const exact = pairs.map((p) => pathDifference(sensors[p.i]!, sensors[p.j]!, x, y));
    const cov = fixCovariance(sensors, pairs, exact, x, y, 0.001);
    expect(cov.bound90).toBe(FIX_CHI2_90);
    // at the centre of a square array JᵀJ is isotropic: 6 pairs, diagonal pairs give |∇|² = 2·(… )
    expect(cov.xx).toBeCloseTo(cov.yy, 12);
    expect(cov.xy).toBeCloseTo(0, 12);
    const e = fixEllipse90(cov);
    expect(e.semiMajorM).toBeCloseTo(e.semiMinorM, 9);
    expect(e.semiMajorM).toBeCloseTo(Math.sqrt(FIX_CHI2_90 * cov.xx), 12);
  });

  it('the ellipse axes are the eigenvectors of the covariance', () => {
    const cov = { xx: 4e-6, yy: 1e-6, xy: 1.5e-6, residualRmsM: 0, bound90: FIX_CHI2_90 };
    const e = fixEllipse90(cov);
    const angle = (e.angleDeg * Math.PI) / 180;
    const vx = Math.cos(angle);
    const vy = Math.sin(angle);
    const lambda = e.semiMajorM ** 2 / FIX_CHI2_90;
    expect(cov.xx * vx + cov.xy * vy).toBeCloseTo(lambda * vx, 12);
    expect(cov.xy * vx + cov.yy * vy).toBeCloseTo(lambda * vy, 12);
  });

  it('the map peaks at the fix, keeps every cell possible and integrates to 1', () => {
    const cov = { xx: 1e-4, yy: 4e-4, xy: 0, residualRmsM: 0, bound90: FIX_CHI2_90 };
    const grid = { u0M: 0.005, v0M: 0.005, duM: 0.01, dvM: 0.01, nu: 100, nv: 100 };
    const map = acousticMapFromFix(grid, { xM: 0.305, yM: 0.705 }, cov, 0.05);
    let best = 0;
    let total = 0;
    map.logLikelihood.forEach((v, i) => {
      if (v > map.logLikelihood[best]!) best = i;
      total += Math.exp(v) * grid.duM * grid.dvM;
      expect(Number.isFinite(v)).toBe(true);
    });
    expect(best % 100).toBe(30);
    expect(Math.floor(best / 100)).toBe(70);
    expect(total).toBeCloseTo(1, 3);
  });
});
