/**
 * Quantiles of samples that may contain +Infinity ("never within the horizon").
 *
 * ## Method
 * Hyndman–Fan type 7 (linear interpolation between order statistics, numpy's default): the
 * quantile p of n sorted values is x[h] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)·p; an
 * infinite neighbour makes the quantile infinite. Order statistics are found by quickselect
 * (Hoare partition, O(n) expected) on a scratch copy, so the caller's array is left alone.
 */

/** Quantiles of `values` at each probability in `probabilities` (each in [0, 1]). NaN for no values. */
export function quantilesOf(
  values: ArrayLike<number>,
  probabilities: readonly number[],
  scratch?: Float64Array,
): number[] {
  const n = values.length;
  if (n === 0) return probabilities.map(() => Number.NaN);
  const work = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) work[i] = values[i] as number;
  return probabilities.map((p) => {
    const h = (n - 1) * Math.min(1, Math.max(0, p));
    const lo = Math.floor(h);
    const a = selectKth(work, lo);
    if (lo + 1 >= n || h === lo) return a;
    const b = minimumFrom(work, lo + 1);
    if (a === Number.POSITIVE_INFINITY || b === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return a + (h - lo) * (b - a);
  });
}

/** Puts the k-th smallest value at index k (everything before it ≤, after it ≥) and returns it. */
export function selectKth(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = a[i] as number;
        a[i] = a[j] as number;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k] as number;
}

/** Smallest of a[from…]: after selectKth(a, k), a[k + 1] is the minimum of the upper part. */
function minimumFrom(a: Float64Array, from: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = from; i < a.length; i++) if ((a[i] as number) < m) m = a[i] as number;
  return m;
}
