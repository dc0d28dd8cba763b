/**
 * What a crew can log during a leak search, and the likelihood of each observation for every
 * wall cell: L_j = P(observation | the leak is in cell j), up to a constant factor.
 *
 * - Ultrasonic sweep (ultrasonic.ts): "nothing" has L_j = 1 − POD_j; "heard" has
 *   L_j = 1 − (1 − P_fa)·(1 − POD_j), P_fa the chance of hearing something with no leak in reach.
 * - Particle drift: confetti or tea leaves released in the cabin air are carried by the flow that
 *   converges on the leak (the only sink in a closed chamber), so the drift direction seen from a
 *   point points toward the leak up to turbulence: a von Mises likelihood
 *   L_j = exp(κ·(cos ψ_j − 1)), ψ_j the angle between the seen direction and the direction from the
 *   point to cell j (in the cross-section plane when no axial tilt is given, else in 3D, where it
 *   is the von Mises–Fisher density). κ = 4 (est.: ~30° circular spread) by default.
 * - Particles gathered at a spot: they stick at the sink, so L_j = ε + (1 − ε)·exp(−d_j²/(2s²)),
 *   d_j the distance from the spot, s = 0.1 m and ε = 0.05 (they also collect at vents and filters).
 * - Panel inspected visually, nothing seen: L_j = 1 − POD_v inside the panel, 1 elsewhere;
 *   POD_v = 0.5 by default (est.: a hairline crack of a few cm behind cable runs).
 * - Acoustic map (acoustic-evidence.ts): L_j = exp(w·ℓ(u_j, v_j)), ℓ bilinearly interpolated,
 *   w ≤ 1 an optional tempering weight; cells off the map take the map's least likely value.
 * - Leak found and patched: handled by posterior.ts (it changes which leak is searched for).
 */
import type { AcousticMap } from './acoustic-evidence.js';
import {
  DEFAULT_FALSE_ALARM,
  DEFAULT_SWEEP_SPEED_M_PER_MIN,
  lateralRangeFactor,
  randomSearchPod,
  sweepWidthM,
} from './ultrasonic.js';
import { angleInRange, type GridPanel, panelIndex, type WallGrid, wallPoint, wrapDeg } from './wall-grid.js';

/** A part of the wall: named panels, or an axial × angular range. */
export type SearchRegion = { panels: string[] } | { axialM: [number, number]; angleDeg: [number, number] };

export interface SweepObservation {
  kind: 'sweep';
  region: SearchRegion;
  minutes: number;
  result: 'nothing' | 'heard';
  speedMPerMin?: number;
  falseAlarm?: number;
}
export interface DriftObservation {
  kind: 'drift';
  /** Where the particles were watched: axial [m], and off the axis at (angle [deg], radius [m]). */
  fromAxialM: number;
  fromAngleDeg?: number;
  fromRadiusM?: number;
  /** Drift direction in the cross-section [deg] (0 zenith, 90 starboard). */
  towardDeg: number;
  /** Tilt of the drift along the axis [deg], + toward larger axial; unknown when absent. */
  tiltDeg?: number;
  kappa?: number;
}
export interface GatheredObservation {
  kind: 'gathered';
  axialM: number;
  angleDeg: number;
  spreadM?: number;
  elsewhere?: number;
}
export interface InspectObservation {
  kind: 'inspect';
  panel: string;
  result: 'nothing';
  pod?: number;
  minutes?: number;
}
export interface PatchedObservation {
  kind: 'patched';
  axialM: number;
  angleDeg: number;
  /** Radius of wall covered by the patch [m] (default 0.05). */
  radiusM?: number;
  /** Leak rate measured after the patch [kg/day] and its standard deviation. */
  residualKgPerDay: number;
  residualSdKgPerDay?: number;
  /** Prior probability that a second leak exists (default 0.5: there were several cracks in 2020). */
  anotherPrior?: number;
}
export interface AcousticObservation {
  kind: 'acoustic';
  map: AcousticMap;
  weight?: number;
}

export type SearchObservation = (
  | SweepObservation
  | DriftObservation
  | GatheredObservation
  | InspectObservation
  | PatchedObservation
  | AcousticObservation
) & { time?: string; note?: string };

export const DEFAULT_DRIFT_KAPPA = 4;
export const DEFAULT_VISUAL_POD = 0.5;
export const DEFAULT_GATHER_SPREAD_M = 0.1;
export const DEFAULT_GATHER_ELSEWHERE = 0.05;

/** 1 for cells in the region, 0 elsewhere. */
export function regionMask(grid: WallGrid, region: SearchRegion, where = 'region'): Uint8Array {
  const mask = new Uint8Array(grid.cellCount);
  if ('panels' in region) {
    for (const id of region.panels)
      for (const c of (grid.panels[panelIndex(grid, id, where)] as GridPanel).cells) mask[c] = 1;
    return mask;
  }
  for (let i = 0; i < grid.cellCount; i++) {
    const a = grid.axialM[i] as number;
    if (
      a >= region.axialM[0] &&
      a <= region.axialM[1] &&
      angleInRange(grid.angleDeg[i] as number, region.angleDeg[0], region.angleDeg[1])
    )
      mask[i] = 1;
  }
  return mask;
}

/** Distance [m] from each cell to the nearest cell of the mask (0 inside), capped at `capM`. */
export function distanceToMask(grid: WallGrid, mask: Uint8Array, capM: number): Float64Array {
  const inside: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) inside.push(i);
  const d = new Float64Array(grid.cellCount).fill(capM);
  for (let i = 0; i < grid.cellCount; i++) {
    if (mask[i]) {
      d[i] = 0;
      continue;
    }
    let best = capM * capM;
    for (const k of inside) {
      const dx = (grid.x[i] as number) - (grid.x[k] as number);
      const dy = (grid.y[i] as number) - (grid.y[k] as number);
      const dz = (grid.z[i] as number) - (grid.z[k] as number);
      const dd = dx * dx + dy * dy + dz * dz;
      if (dd < best) best = dd;
    }
    d[i] = Math.sqrt(best);
  }
  return d;
}

/** Probability of detection per cell of an ultrasonic sweep of `mask` for `minutes`. */
export function sweepPod(
  grid: WallGrid,
  mask: Uint8Array,
  minutes: number,
  leakKgPerDay: number,
  speedMPerMin = DEFAULT_SWEEP_SPEED_M_PER_MIN,
  distance?: Float64Array,
): Float64Array {
  const w = sweepWidthM(leakKgPerDay);
  let area = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) area += grid.areaM2[i] as number;
  const podIn = randomSearchPod(w, speedMPerMin * minutes, area);
  const d = distance ?? distanceToMask(grid, mask, 3 * w);
  const pod = new Float64Array(grid.cellCount);
  for (let i = 0; i < pod.length; i++)
    pod[i] = mask[i] ? podIn : podIn * lateralRangeFactor(w, d[i] as number);
  return pod;
}

export interface LikelihoodContext {
  /** Leak rate being searched for [kg/day], for detection ranges. */
  leakKgPerDay: number;
}

/** L_j for one observation (a `patched` observation has none: returns all ones). */
export function observationLikelihood(
  grid: WallGrid,
  obs: SearchObservation,
  ctx: LikelihoodContext,
): Float64Array {
  const n = grid.cellCount;
  const out = new Float64Array(n).fill(1);
  switch (obs.kind) {
    case 'sweep': {
      const pod = sweepPod(
        grid,
        regionMask(grid, obs.region),
        obs.minutes,
        ctx.leakKgPerDay,
        obs.speedMPerMin,
      );
      const pfa = obs.falseAlarm ?? DEFAULT_FALSE_ALARM;
      for (let i = 0; i < n; i++)
        out[i] = obs.result === 'nothing' ? 1 - (pod[i] as number) : 1 - (1 - pfa) * (1 - (pod[i] as number));
      return out;
    }
    case 'inspect': {
      const pod = obs.pod ?? DEFAULT_VISUAL_POD;
      for (const c of (grid.panels[panelIndex(grid, obs.panel, 'inspect.panel')] as GridPanel).cells)
        out[c] = 1 - pod;
      return out;
    }
    case 'drift':
      return driftLikelihood(grid, obs);
    case 'gathered': {
      const [px, py, pz] = wallPoint(grid, obs.axialM, obs.angleDeg);
      const s = obs.spreadM ?? DEFAULT_GATHER_SPREAD_M;
      const eps = obs.elsewhere ?? DEFAULT_GATHER_ELSEWHERE;
      for (let i = 0; i < n; i++) {
        const d2 =
          ((grid.x[i] as number) - px) ** 2 +
          ((grid.y[i] as number) - py) ** 2 +
          ((grid.z[i] as number) - pz) ** 2;
        out[i] = eps + (1 - eps) * Math.exp(-d2 / (2 * s * s));
      }
      return out;
    }
    case 'acoustic':
      return acousticLikelihood(grid, obs.map, obs.weight ?? 1);
    case 'patched':
      return out;
  }
}

function driftLikelihood(grid: WallGrid, obs: DriftObservation): Float64Array {
  const kappa = obs.kappa ?? DEFAULT_DRIFT_KAPPA;
  const r0 = obs.fromRadiusM ?? 0;
  const a0 = ((obs.fromAngleDeg ?? 0) * Math.PI) / 180;
  const ox = obs.fromAxialM;
  const oy = r0 * Math.cos(a0);
  const oz = r0 * Math.sin(a0);
  const t = (obs.towardDeg * Math.PI) / 180;
  const tilt = obs.tiltDeg === undefined ? 0 : (obs.tiltDeg * Math.PI) / 180;
  // seen direction: cross-section part (cos t, sin t) scaled by cos tilt, axial part sin tilt
  const sx = Math.sin(tilt);
  const sy = Math.cos(tilt) * Math.cos(t);
  const sz = Math.cos(tilt) * Math.sin(t);
  const out = new Float64Array(grid.cellCount);
  for (let i = 0; i < grid.cellCount; i++) {
    const dx = obs.tiltDeg === undefined ? 0 : (grid.x[i] as number) - ox;
    const dy = (grid.y[i] as number) - oy;
    const dz = (grid.z[i] as number) - oz;
    const norm = Math.hypot(dx, dy, dz);
    const cos = norm > 0 ? (dx * sx + dy * sy + dz * sz) / norm : 1;
    out[i] = Math.exp(kappa * (cos - 1));
  }
  return out;
}

/** exp(w·ℓ) per cell from the acoustic map, normalised to a maximum of 1. */
export function acousticLikelihood(grid: WallGrid, map: AcousticMap, weight: number): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of map.logLikelihood) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Float64Array(grid.cellCount);
  for (let i = 0; i < grid.cellCount; i++) {
    const r = grid.radiusM[i] as number;
    const u = grid.axialM[i] as number;
    const theta = (wrapDeg(grid.angleDeg[i] as number) * Math.PI) / 180;
    let value = min;
    for (const v of [theta * r, (theta - 2 * Math.PI) * r]) {
      const s = interpolate(map, u, v);
      if (s !== undefined) {
        value = s;
        break;
      }
    }
    out[i] = Math.exp(weight * (value - max));
  }
  return out;
}

function interpolate(map: AcousticMap, u: number, v: number): number | undefined {
  const fu = (u - map.u0M) / map.duM;
  const fv = (v - map.v0M) / map.dvM;
  if (!(fu >= 0 && fv >= 0 && fu <= map.nu - 1 && fv <= map.nv - 1)) return undefined;
  const iu = Math.min(Math.floor(fu), Math.max(0, map.nu - 2));
  const iv = Math.min(Math.floor(fv), Math.max(0, map.nv - 2));
  const tu = map.nu > 1 ? fu - iu : 0;
  const tv = map.nv > 1 ? fv - iv : 0;
  const at = (a: number, b: number): number =>
    map.logLikelihood[Math.min(b, map.nv - 1) * map.nu + Math.min(a, map.nu - 1)] as number;
  return (
    (1 - tu) * (1 - tv) * at(iu, iv) +
    tu * (1 - tv) * at(iu + 1, iv) +
    (1 - tu) * tv * at(iu, iv + 1) +
    tu * tv * at(iu + 1, iv + 1)
  );
}
