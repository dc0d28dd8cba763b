/** A series as parallel columns: times (epoch s), values, and an optional band. */
export interface SeriesColumns {
  t: Float64Array;
  v: Float64Array;
  lo?: Float64Array | undefined;
  hi?: Float64Array | undefined;
}

export interface ThinOptions {
  /** Start of the drawn time range, epoch s; the first column starts here. */
  from: number;
  /** End of the drawn time range, epoch s; the last column ends here. */
  to: number;
  /** Number of equal time columns, about one per pixel column of the plot. */
  columns: number;
}

/**
 * Thins a series for drawing by min/max decimation per time column, so that no spike is lost.
 *
 * ## Method
 *
 * The range [from, to] is cut into `columns` equal columns. Each column keeps the samples holding
 * its smallest and largest finite value (one sample when they coincide), in time order, as Open
 * MCT's server-side min/max thinning and M4 (Jugel et al., VLDB 2014) do. A band keeps its
 * envelope: every kept sample carries the column's smallest `lo` and largest `hi`. A column with a
 * missing sample (NaN value) also keeps its first NaN, so the drawn line still breaks at the gap.
 *
 * At most 2 points per column, plus one per column holding a missing sample. A series already
 * that short is returned unchanged. Times must be ascending; samples outside [from, to] fall into
 * the first or last column.
 */
export function thinSeries(series: SeriesColumns, options: ThinOptions): SeriesColumns {
  const { t, v, lo, hi } = series;
  const n = t.length;
  const { from, to, columns } = options;
  if (n <= 2 * columns) return series;

  const keep = new Int32Array(3 * columns);
  const keepLo = new Float64Array(3 * columns);
  const keepHi = new Float64Array(3 * columns);
  let kept = 0;
  const scale = to > from ? columns / (to - from) : 0;

  let column = -1;
  let minAt = -1;
  let maxAt = -1;
  let gapAt = -1;
  let bandLo = Number.POSITIVE_INFINITY;
  let bandHi = Number.NEGATIVE_INFINITY;

  const flush = (): void => {
    const first = Math.min(minAt, maxAt);
    const second = Math.max(minAt, maxAt);
    const picks = [first, second === first ? -1 : second];
    // The gap marker goes where it lies in time, among the extremes.
    if (gapAt >= 0) {
      if (first < 0 || gapAt < first) picks.unshift(gapAt);
      else if (second < 0 || gapAt < second) picks.splice(1, 0, gapAt);
      else picks.push(gapAt);
    }
    for (const i of picks) {
      if (i < 0) continue;
      keep[kept] = i;
      keepLo[kept] = bandLo === Number.POSITIVE_INFINITY ? Number.NaN : bandLo;
      keepHi[kept] = bandHi === Number.NEGATIVE_INFINITY ? Number.NaN : bandHi;
      kept++;
    }
  };

  for (let i = 0; i < n; i++) {
    const c = Math.min(columns - 1, Math.max(0, Math.floor(((t[i] as number) - from) * scale)));
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
      minAt = -1;
      maxAt = -1;
      gapAt = -1;
      bandLo = Number.POSITIVE_INFINITY;
      bandHi = Number.NEGATIVE_INFINITY;
    }
    const value = v[i] as number;
    if (Number.isNaN(value)) {
      if (gapAt < 0) gapAt = i;
    } else {
      if (minAt < 0 || value < (v[minAt] as number)) minAt = i;
      if (maxAt < 0 || value > (v[maxAt] as number)) maxAt = i;
    }
    if (lo !== undefined && (lo[i] as number) < bandLo) bandLo = lo[i] as number;
    if (hi !== undefined && (hi[i] as number) > bandHi) bandHi = hi[i] as number;
  }
  if (column >= 0) flush();

  const out: SeriesColumns = { t: new Float64Array(kept), v: new Float64Array(kept) };
  for (let k = 0; k < kept; k++) {
    const i = keep[k] as number;
    out.t[k] = t[i] as number;
    out.v[k] = v[i] as number;
  }
  if (lo !== undefined) out.lo = keepLo.slice(0, kept);
  if (hi !== undefined) out.hi = keepHi.slice(0, kept);
  return out;
}
