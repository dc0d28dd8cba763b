import type { PlotSeries } from './figure.js';

/**
 * The series with a missing sample (NaN, halfway across the gap) wherever consecutive times are
 * more than `maxGapS` apart, so that the line breaks there instead of joining estimates across a
 * stretch that has none. The series itself when it has no such gap.
 */
export function gapsBroken(series: PlotSeries, maxGapS: number): PlotSeries {
  const { t } = series;
  let gaps = 0;
  for (let i = 1; i < t.length; i++) if ((t[i] as number) - (t[i - 1] as number) > maxGapS) gaps++;
  if (gaps === 0) return series;
  const out = {
    t: new Float64Array(t.length + gaps),
    v: new Float64Array(t.length + gaps),
    lo: series.lo === undefined ? undefined : new Float64Array(t.length + gaps),
    hi: series.hi === undefined ? undefined : new Float64Array(t.length + gaps),
  };
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i] as number;
    if (i > 0 && ti - (t[i - 1] as number) > maxGapS) {
      out.t[k] = ((t[i - 1] as number) + ti) / 2;
      out.v[k] = Number.NaN;
      if (out.lo !== undefined) out.lo[k] = Number.NaN;
      if (out.hi !== undefined) out.hi[k] = Number.NaN;
      k++;
    }
    out.t[k] = ti;
    out.v[k] = series.v[i] as number;
    if (out.lo !== undefined) out.lo[k] = series.lo?.[i] as number;
    if (out.hi !== undefined) out.hi[k] = series.hi?.[i] as number;
    k++;
  }
  return {
    label: series.label,
    unit: series.unit,
    t: out.t,
    v: out.v,
    ...(out.lo !== undefined && { lo: out.lo }),
    ...(out.hi !== undefined && { hi: out.hi }),
  };
}
