// Uncertainty of an acoustic fix: the covariance of the source position from the scatter of the
// pair path differences about the fix, its 90 % ellipse, and the likelihood map handed to the
// search posterior (AcousticMap).
import type { AcousticMap } from './acoustic-evidence.js';
import {
  type AcousticSensor,
  pathDifference,
  pathDifferenceGradient,
  type SensorPair,
  wrappedOffset,
} from './acoustic-geometry.js';

/** χ²(2 dof) quantile at 0.90: a 2-D Gaussian lies inside its ellipse r² ≤ 4.605 with p = 0.9. */
export const FIX_CHI2_90 = 4.605170185988091;

export interface FixCovariance {
  /** variances (m²) and covariance (m²) of the position estimate */
  xx: number;
  yy: number;
  xy: number;
  /** RMS path-difference residual (m) the covariance is scaled by (before the floor) */
  residualRmsM: number;
  /** r² bound of the 90 % region: 2·F(2, P − 2) quantile when σ came from the residuals, χ²₂ at the floor */
  bound90: number;
}

export interface FixEllipse90 {
  semiMajorM: number;
  semiMinorM: number;
  /** angle of the major axis from +x towards +y, degrees in (−90, 90] */
  angleDeg: number;
}

/**
 * Covariance of a source position estimated from pair path differences.
 * ## Method
 * Linearised least squares: J holds ∇(d_i − d_j) at the fix for each pair; the residuals
 * r = Δ̂ − Δ(fix) give σ² = Σr²/(P − 2) (P pairs; 2 unknowns), floored at `floorM`² for the
 * resolution of the path-difference grid; Cov = σ²(JᵀJ)⁻¹. With fewer than 3 pairs σ = floor.
 * Because σ is itself estimated from P − 2 residuals, the 90 % region is r² ≤ 2·F₀.₉(2, P − 2)
 * = (P − 2)·(0.1^(−2/(P−2)) − 1) (Hotelling; closed form of the F(2, d) quantile), not χ²₂.
 */
export function fixCovariance(
  sensors: AcousticSensor[],
  pairs: SensorPair[],
  measuredM: ArrayLike<number>,
  xM: number,
  yM: number,
  floorM: number,
  wrapM = 0,
): FixCovariance {
  let a = 0;
  let b = 0;
  let c = 0;
  let sumSq = 0;
  pairs.forEach((pair, p) => {
    const si = sensors[pair.i] as AcousticSensor;
    const sj = sensors[pair.j] as AcousticSensor;
    const [gx, gy] = pathDifferenceGradient(si, sj, xM, yM, wrapM);
    a += gx * gx;
    b += gx * gy;
    c += gy * gy;
    const r = (measuredM[p] as number) - pathDifference(si, sj, xM, yM, wrapM);
    sumSq += r * r;
  });
  const dof = pairs.length - 2;
  const rms = dof > 0 ? Math.sqrt(sumSq / dof) : 0;
  const sigma2 = Math.max(rms, floorM) ** 2;
  const bound90 = dof > 0 && rms > floorM ? dof * (0.1 ** (-2 / dof) - 1) : FIX_CHI2_90;
  const det = a * c - b * b;
  if (!(det > 1e-12)) return { xx: Infinity, yy: Infinity, xy: 0, residualRmsM: rms, bound90 };
  return {
    xx: (sigma2 * c) / det,
    yy: (sigma2 * a) / det,
    xy: (-sigma2 * b) / det,
    residualRmsM: rms,
    bound90,
  };
}

/** The 90 % ellipse of the fix: r² ≤ bound90 in the metric of `cov`. */
export function fixEllipse90(cov: FixCovariance): FixEllipse90 {
  const mean = (cov.xx + cov.yy) / 2;
  const half = Math.sqrt(((cov.xx - cov.yy) / 2) ** 2 + cov.xy ** 2);
  const major = mean + half;
  const minor = Math.max(0, mean - half);
  const angle = (0.5 * Math.atan2(2 * cov.xy, cov.xx - cov.yy) * 180) / Math.PI;
  return {
    semiMajorM: Math.sqrt(cov.bound90 * major),
    semiMinorM: Math.sqrt(cov.bound90 * minor),
    angleDeg: angle <= -90 ? angle + 180 : angle,
  };
}

/** Whether (x, y) lies inside the 90 % ellipse of `cov` centred on (cx, cy). */
export function insideFixEllipse90(
  cov: FixCovariance,
  cx: number,
  cy: number,
  x: number,
  y: number,
  wrapM = 0,
): boolean {
  const det = cov.xx * cov.yy - cov.xy * cov.xy;
  const dx = x - cx;
  const dy = wrappedOffset(y - cy, wrapM);
  if (!(det > 0)) return Number.isFinite(cov.xx) ? dx === 0 && dy === 0 : true;
  return (cov.yy * dx * dx - 2 * cov.xy * dx * dy + cov.xx * dy * dy) / det <= cov.bound90;
}

/** An acoustic map's grid without its values. */
export type AcousticMapGrid = Omit<AcousticMap, 'logLikelihood'>;

/**
 * The fix as evidence for the search map: log of (1 − ε)·N(fix, Cov + cell²/12) + ε/area per grid
 * node. ε is the chance that the fix is a wrong peak (a reflection, noise), which keeps every cell
 * possible; the cell term spreads a fix narrower than the grid over its cell.
 */
export function acousticMapFromFix(
  grid: AcousticMapGrid,
  fix: { xM: number; yM: number },
  cov: FixCovariance,
  outlierProbability: number,
  wrapM = 0,
): AcousticMap {
  const xx = cov.xx + (grid.duM * grid.duM) / 12;
  const yy = cov.yy + (grid.dvM * grid.dvM) / 12;
  const det = xx * yy - cov.xy * cov.xy;
  const area = grid.nu * grid.duM * grid.nv * grid.dvM;
  const floor = outlierProbability / area;
  const logLikelihood = new Float64Array(grid.nu * grid.nv);
  for (let iv = 0; iv < grid.nv; iv++) {
    const dy = wrappedOffset(grid.v0M + iv * grid.dvM - fix.yM, wrapM);
    for (let iu = 0; iu < grid.nu; iu++) {
      const dx = grid.u0M + iu * grid.duM - fix.xM;
      const q =
        Number.isFinite(det) && det > 0
          ? (yy * dx * dx - 2 * cov.xy * dx * dy + xx * dy * dy) / det
          : Infinity;
      const gauss = Number.isFinite(q) ? Math.exp(-q / 2) / (2 * Math.PI * Math.sqrt(det)) : 0;
      logLikelihood[iv * grid.nu + iu] = Math.log((1 - outlierProbability) * gauss + floor);
    }
  }
  return { ...grid, logLikelihood };
}
