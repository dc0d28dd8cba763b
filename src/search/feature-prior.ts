/**
 * The search prior over wall cells from the wall's features: leaks start at welds and seams
 * (residual stress, weld porosity), hatch and docking rings (seal wear, load cycles), windows,
 * penetrations and pipes (feedthrough seals), and near earlier repairs (cracks grow back).
 *
 * Prior density per unit wall area = 1 + Σ_f w_f·exp(−d_f²/(2σ²)), d_f the distance from the cell
 * centre to feature f along the wall (to a point, ring, line or patch; a feature with a diameter
 * is measured from its rim), σ the feature's reach (default 0.1 m). w_f is the feature's own
 * `weight` or its kind's default below. The defaults are a modelling choice (no public statistics
 * of where spacecraft walls leak): a weight of 4 makes a cell on the feature 5× as likely per m²
 * as bare wall.
 */
import type { WallFeature, WallFeatureKind } from '../core/index.js';
import { type WallGrid, wrapDeg } from './wall-grid.js';

export type FeatureWeights = Record<WallFeatureKind, number>;

export const DEFAULT_FEATURE_WEIGHTS: Readonly<FeatureWeights> = {
  weld: 3,
  seam: 3,
  'hatch-ring': 4,
  'docking-port': 4,
  window: 3,
  penetration: 4,
  pipe: 2,
  repair: 6,
};

export interface PriorOptions {
  weights?: Partial<FeatureWeights>;
  /** Reach of a feature along the wall [m] (default 0.1). */
  reachM?: number;
}

/** Distance [m] along the wall from the cell centre to the feature. */
export function featureDistanceM(grid: WallGrid, cell: number, feature: WallFeature): number {
  const z = grid.axialM[cell] as number;
  const [z1, z2] = typeof feature.axialM === 'number' ? [feature.axialM, feature.axialM] : feature.axialM;
  const dz = z < z1 ? z1 - z : z > z2 ? z - z2 : 0;
  let arc = 0;
  if (feature.angleDeg !== undefined) {
    const [a1, a2] =
      typeof feature.angleDeg === 'number' ? [feature.angleDeg, feature.angleDeg] : feature.angleDeg;
    const t = grid.angleDeg[cell] as number;
    const span = a2 - a1 >= 360 ? 360 : wrapDeg(a2 - a1);
    const off = wrapDeg(t - a1);
    const dDeg = off <= span ? 0 : Math.min(off - span, 360 - off);
    arc = (dDeg * Math.PI * (grid.radiusM[cell] as number)) / 180;
  }
  const d = Math.hypot(dz, arc);
  const rim = feature.angleDeg !== undefined && feature.diameterM !== undefined ? feature.diameterM / 2 : 0;
  return Math.max(0, d - rim);
}

/** Prior probability per cell (sums to 1). */
export function featurePrior(
  grid: WallGrid,
  features: readonly WallFeature[],
  options: PriorOptions = {},
): Float64Array {
  const weights = { ...DEFAULT_FEATURE_WEIGHTS, ...options.weights };
  const reach = options.reachM ?? 0.1;
  const p = new Float64Array(grid.cellCount);
  let total = 0;
  for (let i = 0; i < grid.cellCount; i++) {
    let density = 1;
    for (const f of features) {
      const w = f.weight ?? weights[f.kind];
      if (w === 0) continue;
      const d = featureDistanceM(grid, i, f);
      density += w * Math.exp(-(d * d) / (2 * reach * reach));
    }
    p[i] = (grid.areaM2[i] as number) * density;
    total += p[i] as number;
  }
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / total;
  return p;
}

/** Prior proportional to wall area alone (a leak equally likely on every m²). */
export function uniformPrior(grid: WallGrid): Float64Array {
  const total = grid.areaM2.reduce((s, a) => s + a, 0);
  return grid.areaM2.map((a) => a / total);
}
