// The practice Airtight replaces, on the same data: straight-line trends with textbook (iid) errors.
import { studentTQuantile } from '../src/core/index.js';
import type { GroupSeries } from '../src/monitor/index.js';

export interface BaselineEstimate {
  rateKgPerDay: number;
  low: number;
  high: number;
  z: number;
}

/** OLS slope of y on t with the iid standard error, turned into an air leak rate [kg/day]. */
function trend(t: number[], y: number[], kgPerPa: number): BaselineEstimate {
  const rows: number[] = [];
  for (let i = 0; i < t.length; i++) if (Number.isFinite(y[i] as number)) rows.push(i);
  const n = rows.length;
  let tm = 0;
  let ym = 0;
  for (const i of rows) {
    tm += t[i] as number;
    ym += y[i] as number;
  }
  tm /= n;
  ym /= n;
  let stt = 0;
  let sty = 0;
  for (const i of rows) {
    stt += ((t[i] as number) - tm) ** 2;
    sty += ((t[i] as number) - tm) * ((y[i] as number) - ym);
  }
  const slope = sty / stt;
  let sse = 0;
  for (const i of rows) sse += ((y[i] as number) - ym - slope * ((t[i] as number) - tm)) ** 2;
  const se = Math.sqrt(sse / (n - 2) / stt);
  const rate = -slope * kgPerPa * 86400;
  const half = studentTQuantile(0.95, n - 2) * se * kgPerPa * 86400;
  return { rateKgPerDay: rate, low: rate - half, high: rate + half, z: -slope / se };
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
