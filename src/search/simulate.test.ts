import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { Rng, type StationModule } from '../core/index.js';
import { featurePrior } from './feature-prior.js';
import { ACCESS_MINUTES } from './plan.js';
import { drawCell, simulateSearch, vonMises } from './simulate.js';
import { DEFAULT_SWEEP_SPEED_M_PER_MIN, sweepWidthM } from './ultrasonic.js';
import { buildWallGrid } from './wall-grid.js';

describe('simulated searches', () => {
  it('von Mises draws: mean resultant length I1(κ)/I0(κ)', () => {
    const rng = new Rng(3);
    const n = 50_000;
    let c = 0;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const a = (vonMises(30, 4, rng) * Math.PI) / 180;
      c += Math.cos(a);
      s += Math.sin(a);
    }
    // I1(4)/I0(4) = 9.759465/11.301922 (Abramowitz & Stegun table 9.8)
    expect(Math.hypot(c, s) / n).toBeCloseTo(9.759465 / 11.301922, 2);
    expect((Math.atan2(s, c) * 180) / Math.PI).toBeCloseTo(30, 0);
  });

  it('the lawnmower baseline takes at least one full pass; Airtight stops at the first detection', () => {
    const prk = loadStation('iss').modules.find((m) => m.id === 'zvezda-prk') as StationModule;
    const grid = buildWallGrid(prk);
    const prior = featurePrior(grid, prk.geometry!.features);
    const area = grid.areaM2.reduce((a, b) => a + b, 0);
    const pass = 12 * ACCESS_MINUTES.panel + area / (sweepWidthM(1.4) * DEFAULT_SWEEP_SPEED_M_PER_MIN);
    const rng = new Rng(5);
    const times = { airtight: [] as number[], lawnmower: [] as number[] };
    for (let k = 0; k < 30; k++) {
      const leak = drawCell(prior, rng);
      times.airtight.push(simulateSearch(grid, prior, leak, 'airtight', rng, { leakKgPerDay: 1.4 }));
      times.lawnmower.push(simulateSearch(grid, prior, leak, 'lawnmower-spiral', rng, { leakKgPerDay: 1.4 }));
    }
    for (const t of times.lawnmower) expect(t).toBeGreaterThan(pass);
    for (const t of times.airtight) expect(t).toBeGreaterThan(10 + ACCESS_MINUTES.panel);
    expect(Math.min(...times.airtight)).toBeLessThan(pass);
  });
});
