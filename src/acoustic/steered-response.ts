// Steered response power over the panel: for each candidate leak position, the sum over sensor
// pairs of their path-difference correlation at the path difference that position would cause
// (SRP-PHAT, DiBiase 2000). Searched coarse-to-fine: the envelope on a coarse grid, then on a
// fine grid around its best node, then the real (fine-structure) correlation near that.
import { type AcousticSensor, pathDifference, type SensorPair } from '../search/index.js';
import { correlationAt, type PathCorrelation } from './path-correlation.js';

export interface Grid2d {
  x0M: number;
  y0M: number;
  dxM: number;
  dyM: number;
  nx: number;
  ny: number;
}

export type ResponseField = 'real' | 'envelope';

/**
 * Mean over pairs of the correlation at each grid node, row-major (index = iy·nx + ix); y wraps
 * with period `wrapM` (0: flat).
 */
export function steeredResponse(
  sensors: AcousticSensor[],
  pairs: SensorPair[],
  correlations: PathCorrelation[],
  grid: Grid2d,
  field: ResponseField,
  wrapM = 0,
): Float64Array {
  const power = new Float64Array(grid.nx * grid.ny);
  pairs.forEach((pair, p) => {
    const a = sensors[pair.i] as AcousticSensor;
    const b = sensors[pair.j] as AcousticSensor;
    const corr = correlations[p] as PathCorrelation;
    const values = field === 'real' ? corr.real : corr.envelope;
    for (let iy = 0; iy < grid.ny; iy++) {
      const y = grid.y0M + iy * grid.dyM;
      for (let ix = 0; ix < grid.nx; ix++) {
        const at = iy * grid.nx + ix;
        power[at] =
          (power[at] as number) +
          correlationAt(corr, values, pathDifference(a, b, grid.x0M + ix * grid.dxM, y, wrapM));
      }
    }
  });
  for (let i = 0; i < power.length; i++) power[i] = (power[i] as number) / pairs.length;
  return power;
}

/** Index of the largest value. */
export function argMax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** A square grid of half-width `halfM` and step `stepM` centred on (x, y), clipped to [x0, x1] × [y0, y1]. */
export function gridAround(
  xM: number,
  yM: number,
  halfM: number,
  stepM: number,
  bounds: { x0M: number; y0M: number; x1M: number; y1M: number },
): Grid2d {
  const x0 = Math.max(bounds.x0M, xM - halfM);
  const y0 = Math.max(bounds.y0M, yM - halfM);
  const x1 = Math.min(bounds.x1M, xM + halfM);
  const y1 = Math.min(bounds.y1M, yM + halfM);
  return {
    x0M: x0,
    y0M: y0,
    dxM: stepM,
    dyM: stepM,
    nx: Math.max(1, Math.floor((x1 - x0) / stepM + 1e-9) + 1),
    ny: Math.max(1, Math.floor((y1 - y0) / stepM + 1e-9) + 1),
  };
}

/** The position of node `index` of `grid`. */
export function gridNode(grid: Grid2d, index: number): { xM: number; yM: number } {
  return {
    xM: grid.x0M + (index % grid.nx) * grid.dxM,
    yM: grid.y0M + Math.floor(index / grid.nx) * grid.dyM,
  };
}
