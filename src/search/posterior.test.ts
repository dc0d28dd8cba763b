import { describe, expect, it } from 'vitest';
import { Rng, type StationModule, type WallPanel } from '../core/index.js';
import { uniformPrior } from './feature-prior.js';
import { observationLikelihood, type SearchObservation } from './observations.js';
import { probabilityAnotherLeak, searchPosterior } from './posterior.js';
import { drawCell, vonMises } from './simulate.js';
import { buildWallGrid, cellAt } from './wall-grid.js';

// a 4 m cylinder of 1.4 m diameter cut into 0.5 m cells: 8 rows × 8 columns (45° each)
function tube(panels: WallPanel[] = []): StationModule {
  return {
    id: 'tube',
    name: 'tube',
    volumeM3: 6,
    habitable: true,
    present: true,
    geometry: { sections: [{ shape: 'cylinder', lengthM: 4, diameterM: 1.4 }], features: [], panels },
  };
}

describe('search posterior', () => {
  it('equals the hand-computed Bayes update for a visual inspection', () => {
    const grid = buildWallGrid(tube([{ id: 'A', axialM: [0, 1], angleDeg: [0, 90], kind: 'panel' }]), {
      cellM: 0.5,
    });
    expect(grid.cellCount).toBe(64);
    const prior = uniformPrior(grid);
    const post = searchPosterior(
      grid,
      prior,
      [{ kind: 'inspect', panel: 'A', result: 'nothing', pod: 0.6 }],
      {
        leakKgPerDay: 1,
      },
    );
    // panel A: 2 rows × 2 columns = 4 cells; p ← p(1−POD)/(1 − P_A·POD), P_A = 4/64
    const pA = 4 / 64;
    const inside = ((1 / 64) * 0.4) / (1 - pA * 0.6);
    const outside = 1 / 64 / (1 - pA * 0.6);
    const c = cellAt(grid, 0.25, 22.5);
    const far = cellAt(grid, 3.75, 202.5);
    expect(post.probability[c]!).toBeCloseTo(inside, 14);
    expect(post.probability[far]!).toBeCloseTo(outside, 14);
  });

  it('a "nothing" sweep lowers the swept cells by Koopman 1 − exp(−W·v·t/A)', () => {
    const grid = buildWallGrid(tube(), { cellM: 0.5 });
    const prior = uniformPrior(grid);
    const obs: SearchObservation = {
      kind: 'sweep',
      region: { axialM: [0, 1], angleDeg: [0, 180] },
      minutes: 2,
      result: 'nothing',
      speedMPerMin: 3,
    };
    const post = searchPosterior(grid, prior, [obs], { leakKgPerDay: 4 });
    // W = 0.3·√4 = 0.6 m, L = 6 m, A = 2 rows × 4 columns of π·1.4·0.5/8 m²
    const area = 8 * ((Math.PI * 1.4 * 0.5) / 8);
    const pod = 1 - Math.exp((-0.6 * 6) / area);
    const inside = post.probability[cellAt(grid, 0.25, 60)]!;
    const farAway = post.probability[cellAt(grid, 3.75, 270)]!; // > 3W from the region: no spill
    expect(inside / farAway).toBeCloseTo(1 - pod, 12);
    // "heard" with P_fa = 0.1: ratio (1 − 0.9(1 − POD)) / 0.1
    const heard = searchPosterior(grid, prior, [{ ...obs, result: 'heard', falseAlarm: 0.1 }], {
      leakKgPerDay: 4,
    });
    const ratio = heard.probability[cellAt(grid, 0.25, 60)]! / heard.probability[cellAt(grid, 3.75, 270)]!;
    expect(ratio).toBeCloseTo((1 - 0.9 * (1 - pod)) / 0.1, 10);
  });

  it('drift seen from the axis: von Mises in the cell angle, exp(κ(cos(θ−φ)−1))', () => {
    const grid = buildWallGrid(tube(), { cellM: 0.5 });
    const post = searchPosterior(
      grid,
      uniformPrior(grid),
      [{ kind: 'drift', fromAxialM: 2, towardDeg: 90, kappa: 3 }],
      {
        leakKgPerDay: 1,
      },
    );
    const at = (deg: number): number => post.probability[cellAt(grid, 1.25, deg)]!;
    for (const deg of [22.5, 157.5, 247.5]) {
      const cell = cellAt(grid, 1.25, deg);
      const theta = grid.angleDeg[cell]!;
      const ref = cellAt(grid, 1.25, 112.5);
      const expected = Math.exp(
        3 * (Math.cos(((theta - 90) * Math.PI) / 180) - Math.cos((22.5 * Math.PI) / 180)),
      );
      expect(at(deg) / post.probability[ref]!).toBeCloseTo(expected, 12);
    }
    expect(at(67.5)).toBeCloseTo(at(112.5), 14);
    // posterior sums to 1
    expect(post.probability.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it('several observations multiply (order does not matter)', () => {
    const grid = buildWallGrid(tube([{ id: 'A', axialM: [0, 2], angleDeg: [-45, 45], kind: 'panel' }]), {
      cellM: 0.5,
    });
    const obs: SearchObservation[] = [
      { kind: 'drift', fromAxialM: 2, towardDeg: 0 },
      { kind: 'inspect', panel: 'A', result: 'nothing' },
      { kind: 'gathered', axialM: 1, angleDeg: 10 },
    ];
    const a = searchPosterior(grid, uniformPrior(grid), obs, { leakKgPerDay: 1 }).probability;
    const b = searchPosterior(grid, uniformPrior(grid), [...obs].reverse(), { leakKgPerDay: 1 }).probability;
    for (let i = 0; i < a.length; i++) expect(a[i]!).toBeCloseTo(b[i]!, 14);
    expect(grid.panels[0]!.cells.length).toBe(8);
  });

  it('an acoustic map moves the posterior to its peak', () => {
    const grid = buildWallGrid(tube(), { cellM: 0.1 });
    const nu = 41;
    const nv = 45;
    const logLikelihood = new Float64Array(nu * nv);
    // peak at u = 2.5 m, v = 1.1 m (angle 1.1/0.7 rad = 90°), σ = 0.1 m
    for (let iv = 0; iv < nv; iv++)
      for (let iu = 0; iu < nu; iu++) {
        const u = iu * 0.1;
        const v = iv * 0.1;
        logLikelihood[iv * nu + iu] = -((u - 2.5) ** 2 + (v - 1.1) ** 2) / (2 * 0.01);
      }
    const map = { u0M: 0, v0M: 0, duM: 0.1, dvM: 0.1, nu, nv, logLikelihood };
    const post = searchPosterior(grid, uniformPrior(grid), [{ kind: 'acoustic', map }], { leakKgPerDay: 1 });
    let best = 0;
    for (let i = 0; i < grid.cellCount; i++) if (post.probability[i]! > post.probability[best]!) best = i;
    expect(Math.abs(grid.axialM[best]! - 2.5)).toBeLessThan(0.1);
    expect(Math.abs(grid.angleDeg[best]! - 90)).toBeLessThan(10);
  });

  it('after a patch: the residual rate decides whether a leak remains', () => {
    const patch = { kind: 'patched' as const, axialM: 1, angleDeg: 90 };
    // independent evaluation of the marginal: rate q log-uniform on [0.01, 5] by substitution
    // q = e^x, trapezoid over x
    const reference = (r: number, s: number, prior: number): number => {
      const n = 20000;
      const lo = Math.log(0.01);
      const hi = Math.log(5);
      let m1 = 0;
      for (let k = 0; k <= n; k++) {
        const x = lo + ((hi - lo) * k) / n;
        const w = k === 0 || k === n ? 0.5 : 1;
        m1 += (w * Math.exp(-((r - Math.exp(x)) ** 2) / (2 * s * s))) / n;
      }
      const m0 = Math.exp(-(r * r) / (2 * s * s));
      return (prior * m1) / (prior * m1 + (1 - prior) * m0);
    };
    for (const [r, s] of [
      [0, 0.05],
      [0.05, 0.05],
      [0.1, 0.05],
      [0.5, 0.1],
    ] as const) {
      const p = probabilityAnotherLeak({ ...patch, residualKgPerDay: r, residualSdKgPerDay: s });
      expect(p, `r=${r} s=${s}`).toBeCloseTo(reference(r, s, 0.5), 3);
    }
    expect(probabilityAnotherLeak({ ...patch, residualKgPerDay: 0, residualSdKgPerDay: 0.05 })).toBeLessThan(
      0.3,
    );
    expect(
      probabilityAnotherLeak({ ...patch, residualKgPerDay: 0.5, residualSdKgPerDay: 0.1 }),
    ).toBeGreaterThan(0.99);
  });

  it('after a patch: patched wall is ruled out, earlier positive evidence is dropped, negatives kept', () => {
    const grid = buildWallGrid(tube([{ id: 'A', axialM: [3, 4], angleDeg: [180, 270], kind: 'panel' }]), {
      cellM: 0.1,
    });
    const obs: SearchObservation[] = [
      { kind: 'gathered', axialM: 1, angleDeg: 90 },
      { kind: 'inspect', panel: 'A', result: 'nothing', pod: 0.9 },
      { kind: 'patched', axialM: 1, angleDeg: 90, residualKgPerDay: 0.4 },
    ];
    const post = searchPosterior(grid, uniformPrior(grid), obs, { leakKgPerDay: 1.4 });
    expect(post.used).toEqual([1]);
    expect(post.targetKgPerDay).toBe(0.4);
    expect(post.probability[cellAt(grid, 1, 90)]!).toBe(0);
    // near the patch (cluster) more likely than far away, far away more likely than the inspected panel
    const nearCell = cellAt(grid, 1.25, 90);
    const near = post.probability[nearCell]!;
    // the patch point is (x 1, y 0, z 0.7) in metres; cluster factor 1 + 2·exp(−d²/(2·0.3²))
    const d = Math.hypot(grid.x[nearCell]! - 1, grid.y[nearCell]!, grid.z[nearCell]! - 0.7);
    const far = post.probability[cellAt(grid, 3.5, 45)]!;
    const inspected = post.probability[cellAt(grid, 3.5, 225)]!;
    expect(near / far).toBeCloseTo(1 + 2 * Math.exp(-(d * d) / (2 * 0.09)), 12);
    expect(inspected / far).toBeCloseTo(0.1, 6);
  });
});

describe('search posterior calibration', () => {
  it('90 % credible sets cover the true leak 90 % of the time (Monte Carlo)', () => {
    const grid = buildWallGrid(tube([{ id: 'A', axialM: [0, 2], angleDeg: [0, 180], kind: 'panel' }]), {
      cellM: 0.25,
    });
    const prior = uniformPrior(grid);
    const rng = new Rng(11);
    const trials = 600;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const leak = drawCell(prior, rng);
      const observations: SearchObservation[] = [
        {
          kind: 'drift',
          fromAxialM: 2,
          towardDeg: vonMises(grid.angleDeg[leak]!, 4, rng),
          kappa: 4,
        },
      ];
      // a sweep of the first half-tube, heard with P = 1 − (1 − P_fa)(1 − POD) at the leak
      const sweep = { kind: 'sweep' as const, region: { panels: ['A'] }, minutes: 1, falseAlarm: 0.05 };
      const miss = observationLikelihood(grid, { ...sweep, result: 'nothing' }, { leakKgPerDay: 1 })[leak]!;
      const heard = rng.uniform() < 1 - 0.95 * miss;
      observations.push({ ...sweep, result: heard ? 'heard' : 'nothing' });
      const post = searchPosterior(grid, prior, observations, { leakKgPerDay: 1 }).probability;
      const order = [...post.keys()].sort((a, b) => post[b]! - post[a]!);
      let mass = 0;
      for (const c of order) {
        mass += post[c]!;
        if (c === leak) {
          covered++;
          break;
        }
        if (mass >= 0.9) break;
      }
    }
    const rate = covered / trials;
    const se = Math.sqrt((0.9 * 0.1) / trials);
    expect(Math.abs(rate - 0.9), `coverage ${rate}`).toBeLessThan(4 * se);
  });
});
