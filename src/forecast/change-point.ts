/**
 * Where did the trend change? The split of a series into two independent straight lines with the
 * least total squared error, used when the repair time is not known to the minute.
 *
 * ## Method
 * For every split k (at least `minSide` usable points each side) the two least-squares lines come
 * from prefix sums of 1, t, y, t², t·y, y², so the whole scan is O(n): SSE = Syy − Sty²/Stt per
 * side, with centred sums. Intervals computed after choosing the split this way are somewhat
 * optimistic (the split is fitted to the same data).
 */

/** Index of the first point after the best split, or null when the series is too short. */
export function bestSplit(t: ArrayLike<number>, y: ArrayLike<number>, minSide = 60): number | null {
  const n = t.length;
  const t0 = n > 0 ? (t[0] as number) : 0;
  const c = new Float64Array(n + 1);
  const st = new Float64Array(n + 1);
  const sy = new Float64Array(n + 1);
  const stt = new Float64Array(n + 1);
  const sty = new Float64Array(n + 1);
  const syy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const yi = y[i] as number;
    const ok = Number.isFinite(yi);
    const ti = ok ? ((t[i] as number) - t0) / 3600 : 0;
    const yv = ok ? yi : 0;
    c[i + 1] = (c[i] as number) + (ok ? 1 : 0);
    st[i + 1] = (st[i] as number) + ti;
    sy[i + 1] = (sy[i] as number) + yv;
    stt[i + 1] = (stt[i] as number) + ti * ti;
    sty[i + 1] = (sty[i] as number) + ti * yv;
    syy[i + 1] = (syy[i] as number) + yv * yv;
  }
  const sse = (a: number, b: number): number => {
    const m = (c[b] as number) - (c[a] as number);
    const T = (st[b] as number) - (st[a] as number);
    const Y = (sy[b] as number) - (sy[a] as number);
    const Ctt = (stt[b] as number) - (stt[a] as number) - (T * T) / m;
    const Cty = (sty[b] as number) - (sty[a] as number) - (T * Y) / m;
    const Cyy = (syy[b] as number) - (syy[a] as number) - (Y * Y) / m;
    return Ctt > 0 ? Cyy - (Cty * Cty) / Ctt : Cyy;
  };
  let best: number | null = null;
  let bestSse = Number.POSITIVE_INFINITY;
  for (let k = 1; k < n; k++) {
    if ((c[k] as number) < minSide || (c[n] as number) - (c[k] as number) < minSide) continue;
    const total = sse(0, k) + sse(k, n);
    if (total < bestSse) {
      bestSse = total;
      best = k;
    }
  }
  return best;
}
