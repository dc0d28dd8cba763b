/**
 * Simulated leak searches, for the bench: a leak placed in a cell, a policy choosing where to
 * search, detections drawn from the same detection laws the planner uses (so the comparison is
 * between policies, not between detection models), until the leak is pinpointed.
 *
 * Policies:
 * - `airtight`: what `airtight search next` recommends: a particle-drift test first (no drift
 *   logged yet), then the planner's best action (plan.ts) on the current posterior, one step at a
 *   time; each unsuccessful step is a "nothing" observation (p_j ← p_j(1 − POD_j), renormalised).
 * - `airtight-sweeps-only`: the same without the drift test (how much the sweeps' ranking alone gives).
 * - `lawnmower-spiral`: the free-flying robot demo's policy (DOMAIN.md §7): a systematic lawnmower
 *   sweep of the whole wall, lanes one sweep width W apart (every closed panel opened), then a
 *   spiral around the loudest point. The leak is heard from a lane at lateral offset x ~ U(0, W/2)
 *   with the detector's lateral-range probability; if it was never heard, the loudest point is a
 *   noise peak anywhere on the wall. The spiral covers a disc out to 0.5 m; a leak outside it means
 *   another full pass.
 * Pinpointing once the leak is heard is the same for both: a spiral around the point heard,
 * π·(e + W/2)²/(W·v) minutes for an offset e, plus 2 minutes to mark it.
 */
import type { Rng } from '../core/index.js';
import { DEFAULT_DRIFT_KAPPA, observationLikelihood } from './observations.js';
import {
  ACCESS_MINUTES,
  actionCatalogue,
  applyMiss,
  bestAction,
  DRIFT_TEST_MINUTES,
  type SearchAction,
} from './plan.js';
import { DEFAULT_SWEEP_SPEED_M_PER_MIN, lateralRangeFactor, sweepWidthM } from './ultrasonic.js';
import type { GridPanel, WallGrid } from './wall-grid.js';

export type SearchPolicy = 'airtight' | 'airtight-sweeps-only' | 'lawnmower-spiral';

export interface SimulatedSearchOptions {
  leakKgPerDay: number;
  /** Give up after this many crew-minutes (default 10,000). */
  maxMinutes?: number;
}

const SPIRAL_MAX_RADIUS_M = 0.5;
const MARK_MINUTES = 2;

function spiralMinutes(offsetM: number, widthM: number): number {
  const r = offsetM + widthM / 2;
  return (Math.PI * r * r) / (widthM * DEFAULT_SWEEP_SPEED_M_PER_MIN) + MARK_MINUTES;
}

/** Draws a cell from a probability vector. */
export function drawCell(probability: Float64Array, rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < probability.length; i++) {
    u -= probability[i] as number;
    if (u < 0) return i;
  }
  return probability.length - 1;
}

/** Crew-minutes until the leak in `leakCell` is pinpointed (capped at maxMinutes). */
export function simulateSearch(
  grid: WallGrid,
  prior: Float64Array,
  leakCell: number,
  policy: SearchPolicy,
  rng: Rng,
  options: SimulatedSearchOptions,
): number {
  if (policy === 'lawnmower-spiral') return simulateLawnmowerSpiral(grid, leakCell, rng, options);
  return simulateAirtight(grid, prior, leakCell, rng, options, policy === 'airtight');
}

function simulateAirtight(
  grid: WallGrid,
  prior: Float64Array,
  leakCell: number,
  rng: Rng,
  options: SimulatedSearchOptions,
  driftTest: boolean,
): number {
  const max = options.maxMinutes ?? 10_000;
  const w = sweepWidthM(options.leakKgPerDay);
  const catalogue = actionCatalogue(grid, options.leakKgPerDay);
  const q = Float64Array.from(prior);
  // first the recommended particle-drift test from the middle of the axis (plan.ts): the seen
  // direction is the leak's angle with von Mises scatter, the same law the likelihood assumes
  let minutes = 0;
  if (driftTest) {
    const drift = {
      kind: 'drift' as const,
      fromAxialM: grid.lengthM / 2,
      towardDeg: vonMises(grid.angleDeg[leakCell] as number, DEFAULT_DRIFT_KAPPA, rng),
    };
    minutes += DRIFT_TEST_MINUTES;
    const l = observationLikelihood(grid, drift, { leakKgPerDay: options.leakKgPerDay });
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) * (l[j] as number);
  }
  const open = new Set<number>();
  while (minutes < max) {
    const best = bestAction(grid, q, catalogue, open);
    if (best === undefined) return max;
    const action = catalogue[best.action] as SearchAction;
    if (!open.has(action.panel)) minutes += ACCESS_MINUTES[(grid.panels[action.panel] as GridPanel).kind];
    open.add(action.panel);
    minutes += action.minutes;
    const k = action.cells.indexOf(leakCell);
    if (k >= 0 && rng.uniform() < (action.pod[k] as number))
      return Math.min(
        max,
        minutes + (action.kind === 'sweep' ? spiralMinutes(rng.uniform() * (w / 2), w) : MARK_MINUTES),
      );
    applyMiss(q, action);
    const sum = q.reduce((s, x) => s + x, 0);
    for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) / sum;
  }
  return max;
}

/** A von Mises draw [deg] around `meanDeg` (Best & Fisher 1979). */
export function vonMises(meanDeg: number, kappa: number, rng: Rng): number {
  const tau = 1 + Math.sqrt(1 + 4 * kappa * kappa);
  const rho = (tau - Math.sqrt(2 * tau)) / (2 * kappa);
  const r = (1 + rho * rho) / (2 * rho);
  for (;;) {
    const z = Math.cos(Math.PI * rng.uniform());
    const f = (1 + r * z) / (r + z);
    const c = kappa * (r - f);
    const u2 = rng.uniform();
    if (c * (2 - c) - u2 > 0 || Math.log(c / u2) + 1 - c >= 0) {
      const sign = rng.uniform() < 0.5 ? -1 : 1;
      return meanDeg + (sign * Math.acos(f) * 180) / Math.PI;
    }
  }
}

function simulateLawnmowerSpiral(
  grid: WallGrid,
  leakCell: number,
  rng: Rng,
  options: SimulatedSearchOptions,
): number {
  const max = options.maxMinutes ?? 10_000;
  const w = sweepWidthM(options.leakKgPerDay);
  let area = 0;
  for (let i = 0; i < grid.cellCount; i++) area += grid.areaM2[i] as number;
  const access = grid.panels.reduce((sum, p) => sum + ACCESS_MINUTES[p.kind], 0);
  const pass = access + area / (w * DEFAULT_SWEEP_SPEED_M_PER_MIN);
  let minutes = 0;
  while (minutes < max) {
    minutes += pass;
    const offset = rng.uniform() * (w / 2);
    const heard = rng.uniform() < lateralRangeFactor(w, offset);
    let distance = offset;
    if (!heard) {
      const noise = Math.floor(rng.uniform() * grid.cellCount);
      distance = Math.hypot(
        (grid.x[noise] as number) - (grid.x[leakCell] as number),
        (grid.y[noise] as number) - (grid.y[leakCell] as number),
        (grid.z[noise] as number) - (grid.z[leakCell] as number),
      );
    }
    if (distance <= SPIRAL_MAX_RADIUS_M) return Math.min(max, minutes + spiralMinutes(distance, w));
    minutes += spiralMinutes(SPIRAL_MAX_RADIUS_M, w);
  }
  return max;
}
