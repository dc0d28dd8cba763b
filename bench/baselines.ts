// The practice Airtight replaces, on the same data: straight-line trends with textbook (iid) errors.
import { studentTQuantile } from '../src/core/index.js';
import { ar1WeightedVariance, fitTrend } from '../src/estimate/index.js';
import type { GroupSeries } from '../src/monitor/index.js';

export interface BaselineEstimate {
  rateKgPerDay: number;
  low: number;
  high: number;
  z: number;
}

/** OLS slope of y on t with the iid standard error, turned into an air leak rate [kg/day]. */
function trend(t: number[], y: number[], kgPerPa: number): BaselineEstimate {
  const fit = fitTrend(t, y, [], 0, t.length);
  if (fit === null) return { rateKgPerDay: Number.NaN, low: Number.NaN, high: Number.NaN, z: Number.NaN };
  const n = fit.n;
  const sse = fit.residuals.reduce((s, r) => s + r * r, 0);
  // iid errors: var(slope) = σ²·Σc², σ² = SSE/(n − 2)
  const se = Math.sqrt((sse / (n - 2)) * ar1WeightedVariance(fit.slopeWeights, 1, 0));
  const rate = -fit.slope * kgPerPa * 86400;
  const half = studentTQuantile(0.95, n - 2) * se * kgPerPa * 86400;
  return { rateKgPerDay: rate, low: rate - half, high: rate + half, z: -fit.slope / se };
}

/** A plain trend of the cabin pressure. */
export function pressureTrend(series: GroupSeries): BaselineEstimate {
  return trend(series.t, series.pressure, series.model.kgPerPa);
}

/** A linear trend of ppN2 (N2 from stores taken out), scaled by the N2 fraction: NASA's practice. */
export function ppN2Trend(series: GroupSeries): BaselineEstimate {
  const finite = series.fraction.filter((v) => Number.isFinite(v));
  const fraction = finite.reduce((s, v) => s + v, 0) / finite.length;
  return trend(series.t, series.inventory, series.model.kgPerPa / fraction);
}
