import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { Rng, type StationModule } from '../core/index.js';
import { featurePrior } from './feature-prior.js';
import { densePod, planSearch, planSteps } from './plan.js';
import { searchPosterior } from './posterior.js';
import { drawCell } from './simulate.js';
import { buildWallGrid } from './wall-grid.js';

const prk = loadStation('iss').modules.find((m) => m.id === 'zvezda-prk') as StationModule;

describe('search plan', () => {
  it('P(found after the plan) matches a Monte Carlo of the search', () => {
    const grid = buildWallGrid(prk);
    const prior = featurePrior(grid, prk.geometry!.features);
    const post = searchPosterior(grid, prior, [{ kind: 'drift', fromAxialM: 1.6, towardDeg: 90 }], {
      leakKgPerDay: 1.4,
    });
    const plan = planSearch(grid, post.probability, { leakKgPerDay: 1.4, budgetMinutes: 60 });
    expect(plan.actions.length).toBeGreaterThan(2);
    expect(plan.minutes).toBeLessThanOrEqual(60);
    const pods = plan.actions.map((a) => densePod(grid, a.action));
    const rng = new Rng(7);
    const n = 40_000;
    let found = 0;
    for (let k = 0; k < n; k++) {
      const leak = drawCell(post.probability, rng);
      // each action detects independently with its POD at the leak's cell
      if (pods.some((pod) => rng.uniform() < pod[leak]!)) found++;
    }
    const mc = found / n;
    const se = Math.sqrt((plan.pFound * (1 - plan.pFound)) / n);
    expect(Math.abs(mc - plan.pFound), `plan ${plan.pFound} vs MC ${mc}`).toBeLessThan(4 * se);
  });

  it('with no access costs, matches Stone’s optimal allocation for two regions', () => {
    // a 6 m tube of 1 m diameter; panels at 0–1 m and 5–6 m (far apart: no spill between them)
    const module: StationModule = {
      id: 'tube',
      name: 'tube',
      volumeM3: 5,
      habitable: true,
      present: true,
      geometry: {
        sections: [{ shape: 'cylinder', lengthM: 6, diameterM: 1 }],
        features: [],
        panels: [
          { id: 'A', axialM: [0, 1], angleDeg: [0, 360], kind: 'open' },
          { id: 'B', axialM: [5, 6], angleDeg: [0, 180], kind: 'open' },
        ],
      },
    };
    const grid = buildWallGrid(module);
    const [A, B] = grid.panels;
    const p = new Float64Array(grid.cellCount);
    for (const c of A!.cells) p[c] = 0.3 / A!.cells.length;
    for (const c of B!.cells) p[c] = 0.7 / B!.cells.length;
    const T = 60;
    const plan = planSearch(grid, p, {
      leakKgPerDay: 1,
      budgetMinutes: T,
      targetPFound: 1,
      stepMinutes: 1,
      inspections: false,
    });
    // Stone: exponential detection P_i(1 − e^{−α_i t_i}), α_i = W·v/A_i per minute; optimum
    // t_i = ln(P_i·α_i/λ)/α_i with λ set by t_A + t_B = T (both positive here)
    const W = 0.3;
    const v = 3;
    const aA = (W * v) / A!.areaM2;
    const aB = (W * v) / B!.areaM2;
    const lnLambda = (Math.log(0.3 * aA) / aA + Math.log(0.7 * aB) / aB - T) / (1 / aA + 1 / aB);
    const tA = (Math.log(0.3 * aA) - lnLambda) / aA;
    const tB = T - tA;
    const pStone = 0.3 * (1 - Math.exp(-aA * tA)) + 0.7 * (1 - Math.exp(-aB * tB));
    const greedyA = plan.actions
      .filter((a) => a.action.panel === 0)
      .reduce((s, a) => s + a.action.minutes, 0);
    expect(plan.minutes).toBe(T);
    expect(Math.abs(greedyA - tA), `greedy ${greedyA} min vs Stone ${tA} min in A`).toBeLessThanOrEqual(1);
    expect(plan.pFound).toBeCloseTo(pStone, 3);
  });

  it('names the panel to open first and merges steps', () => {
    const grid = buildWallGrid(prk);
    const prior = featurePrior(grid, prk.geometry!.features);
    const post = searchPosterior(grid, prior, [{ kind: 'gathered', axialM: 1.6, angleDeg: 95 }], {
      leakKgPerDay: 1.4,
    });
    const steps = planSteps(grid, planSearch(grid, post.probability, { leakKgPerDay: 1.4 }));
    expect(steps[0]!.panelId).toBe('prk-tunnel-stbd');
    expect(steps[0]!.open).toBe(true);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.pFound).toBeGreaterThanOrEqual(steps[i - 1]!.pFound);
      expect(`${steps[i]!.kind}${steps[i]!.panelId}`).not.toBe(
        `${steps[i - 1]!.kind}${steps[i - 1]!.panelId}`,
      );
    }
  });
});
