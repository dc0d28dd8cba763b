/**
 * The search posterior: P(leak in cell j | observations) ∝ prior_j · Π_k L_k(j) (Bayes, with the
 * observations independent given the leak's cell), computed in logs and normalised.
 *
 * A logged patch changes the target: the leak searched for is then "another leak". Its prior is
 * the feature prior with the patched wall removed and the wall within ~0.3 m of each patch made
 * up to 3× as likely (fatigue cracks come in clusters: the PrK's cracks were close together).
 * Earlier "nothing" sweeps and inspections still count against it (it was there, unheard), at its
 * own, smaller rate; earlier positive evidence (heard, drift, gathered, acoustic) is explained by
 * the patched leak and dropped.
 *
 * Whether another leak exists is decided by the residual rate r measured after the last patch
 * (± s): with prior π that another leak exists, its rate q log-uniform on 0.01–5 kg/day, and no
 * other leak meaning a true residual of 0,
 * P(another | r) = π·∫N(r; q, s)p(q)dq / (π·∫N(r; q, s)p(q)dq + (1 − π)·N(r; 0, s)).
 */
import {
  type LikelihoodContext,
  observationLikelihood,
  type PatchedObservation,
  type SearchObservation,
} from './observations.js';
import { cellAt, type WallGrid, wallPoint } from './wall-grid.js';

export const PATCH_RADIUS_M = 0.05;
export const CLUSTER_REACH_M = 0.3;
export const CLUSTER_WEIGHT = 2;
export const DEFAULT_ANOTHER_PRIOR = 0.5;
const RATE_RANGE_KG_PER_DAY: [number, number] = [0.01, 5];

export interface SearchPosterior {
  /** P(leak in cell j), sums to 1. */
  probability: Float64Array;
  /** Probability that a leak is still there to be found (1 before any patch). */
  pLeakRemains: number;
  /** Leak rate searched for [kg/day]. */
  targetKgPerDay: number;
  /** Indices of the observations used for the current target. */
  used: number[];
}

/** Residual-rate standard deviation when not given: 20 % or 0.05 kg/day, whichever is larger (est.). */
export function residualSdKgPerDay(p: PatchedObservation): number {
  return p.residualSdKgPerDay ?? Math.max(0.05, 0.2 * Math.abs(p.residualKgPerDay));
}

/** P(another leak | residual rate) (see the file comment). */
export function probabilityAnotherLeak(p: PatchedObservation): number {
  const prior = p.anotherPrior ?? DEFAULT_ANOTHER_PRIOR;
  const s = residualSdKgPerDay(p);
  const r = p.residualKgPerDay;
  const normal = (x: number, mu: number): number => Math.exp(-((x - mu) ** 2) / (2 * s * s));
  const [lo, hi] = RATE_RANGE_KG_PER_DAY;
  const n = 400;
  let m1 = 0;
  for (let k = 0; k < n; k++) {
    const q = lo * (hi / lo) ** ((k + 0.5) / n);
    m1 += normal(r, q) / n;
  }
  const m0 = normal(r, 0);
  const num = prior * m1;
  const den = num + (1 - prior) * m0;
  return den > 0 ? num / den : prior;
}

export function searchPosterior(
  grid: WallGrid,
  prior: Float64Array,
  observations: readonly SearchObservation[],
  options: { leakKgPerDay: number },
): SearchPosterior {
  const n = grid.cellCount;
  const log = new Float64Array(n);
  for (let i = 0; i < n; i++) log[i] = Math.log(prior[i] as number);
  let lastPatch = -1;
  observations.forEach((o, k) => {
    if (o.kind === 'patched') lastPatch = k;
  });
  let target = options.leakKgPerDay;
  let pLeakRemains = 1;
  if (lastPatch >= 0) {
    const last = observations[lastPatch] as PatchedObservation;
    target = Math.max(last.residualKgPerDay, RATE_RANGE_KG_PER_DAY[0]);
    pLeakRemains = probabilityAnotherLeak(last);
    for (const o of observations) if (o.kind === 'patched') applyPatch(grid, log, o);
  }
  const ctx: LikelihoodContext = { leakKgPerDay: target };
  const used: number[] = [];
  observations.forEach((o, k) => {
    if (o.kind === 'patched') return;
    const negative = (o.kind === 'sweep' && o.result === 'nothing') || o.kind === 'inspect';
    if (k < lastPatch && !negative) return;
    const l = observationLikelihood(grid, o, ctx);
    for (let i = 0; i < n; i++) log[i] = (log[i] as number) + Math.log(l[i] as number);
    used.push(k);
  });
  return { probability: normaliseLog(log), pLeakRemains, targetKgPerDay: target, used };
}

function applyPatch(grid: WallGrid, log: Float64Array, p: PatchedObservation): void {
  const [px, py, pz] = wallPoint(grid, p.axialM, p.angleDeg);
  const radius = p.radiusM ?? PATCH_RADIUS_M;
  log[cellAt(grid, p.axialM, p.angleDeg)] = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < grid.cellCount; i++) {
    const d = Math.hypot((grid.x[i] as number) - px, (grid.y[i] as number) - py, (grid.z[i] as number) - pz);
    (log[i] as number) +=
      d <= radius
        ? Number.NEGATIVE_INFINITY
        : Math.log(1 + CLUSTER_WEIGHT * Math.exp(-(d * d) / (2 * CLUSTER_REACH_M ** 2)));
  }
}

/** exp(log − max), normalised to sum 1 (uniform when every entry is −∞). */
export function normaliseLog(log: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of log) if (v > max) max = v;
  const p = new Float64Array(log.length);
  if (max === Number.NEGATIVE_INFINITY) return p.fill(1 / log.length);
  let sum = 0;
  for (let i = 0; i < log.length; i++) {
    p[i] = Math.exp((log[i] as number) - max);
    sum += p[i] as number;
  }
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / sum;
  return p;
}
