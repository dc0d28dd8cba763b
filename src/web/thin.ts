/**
 * Per-pixel-column thinning for display, as consoles do: of the samples in an x window, each pixel
 * column keeps its minimum and maximum (in time order), so a line through them covers exactly the
 * pixels the raw samples would. Windows holding few samples per column pass through unchanged.
 * The samples just outside the window are kept, so the line runs to the plot's edges. (Samples far
 * outside it are not: a line to a point a thousand plot-widths away costs the rasteriser time.)
 *
 * With `BlockExtremes` (the index of the minimum and maximum of every block of 64 samples, kept up
 * to date as samples arrive) a column spanning whole blocks takes their extremes instead of reading
 * every sample: a million samples in view cost ~16 k block reads, not a million.
 */

/** Index of the first time ≥ t (times ascending). */
export function lowerBound(time: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first time > t (times ascending). */
export function upperBound(time: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Samples per block of `BlockExtremes`. */
export const BLOCK = 64;

/** Index of the minimum and of the maximum of each full block of BLOCK samples (−1: no finite value). */
export interface BlockExtremes {
  min: number[];
  max: number[];
}

/** Extends `blocks` over the full blocks of `value` not yet covered (all of them for `{ min: [], max: [] }`). */
export function updateBlocks(blocks: BlockExtremes, value: ArrayLike<number>): BlockExtremes {
  const full = Math.floor(value.length / BLOCK);
  for (let b = blocks.min.length; b < full; b++) {
    let min = -1;
    let max = -1;
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
      const v = value[i] as number;
      if (!Number.isFinite(v)) continue;
      if (min < 0 || v < (value[min] as number)) min = i;
      if (max < 0 || v > (value[max] as number)) max = i;
    }
    blocks.min.push(min);
    blocks.max.push(max);
  }
  return blocks;
}

/** Samples per column below which the window is passed through raw. */
const RAW_PER_COLUMN = 4;

/**
 * The samples to draw for the window [lo, hi] at `columns` pixel columns: at most
 * 2·columns + 4 points. Non-finite values are left out of a column's extremes.
 */
export function thinToColumns(
  time: ArrayLike<number>,
  value: ArrayLike<number>,
  lo: number,
  hi: number,
  columns: number,
  blocks?: BlockExtremes,
): { time: number[]; value: number[] } {
  const out = { time: [] as number[], value: [] as number[] };
  const n = time.length;
  if (n === 0) return out;
  const push = (i: number): void => {
    out.time.push(time[i] as number);
    out.value.push(value[i] as number);
  };
  const i0 = Math.max(0, lowerBound(time, lo) - 1);
  const i1 = Math.min(n, upperBound(time, hi) + 1);
  if (i1 - i0 <= RAW_PER_COLUMN * columns || !(hi > lo)) {
    for (let i = i0; i < i1; i++) push(i);
  } else {
    const scale = columns / (hi - lo);
    let column = Number.NaN;
    let min = -1;
    let max = -1;
    const flush = (): void => {
      if (min < 0) return;
      if (min === max) push(min);
      else if (min < max) {
        push(min);
        push(max);
      } else {
        push(max);
        push(min);
      }
    };
    const consider = (j: number): void => {
      const v = value[j] as number;
      if (!Number.isFinite(v)) return;
      if (min < 0) min = max = j;
      else if (v < (value[min] as number)) min = j;
      else if (v > (value[max] as number)) max = j;
    };
    const fullBlocks = blocks?.min.length ?? 0;
    for (let i = i0; i < i1; ) {
      const c = Math.floor(((time[i] as number) - lo) * scale);
      if (c !== column) {
        flush();
        column = c;
        min = max = -1;
      }
      const b = i / BLOCK;
      if (
        blocks !== undefined &&
        i % BLOCK === 0 &&
        b < fullBlocks &&
        i + BLOCK <= i1 &&
        Math.floor(((time[i + BLOCK - 1] as number) - lo) * scale) === c
      ) {
        // the whole block lies in this column: its extremes stand for it (first extreme kept on ties)
        const bMin = blocks.min[b] as number;
        const bMax = blocks.max[b] as number;
        if (bMin >= 0) {
          if (min < 0 || (value[bMin] as number) < (value[min] as number)) min = bMin;
          if (max < 0 || (value[bMax] as number) > (value[max] as number)) max = bMax;
        }
        i += BLOCK;
        continue;
      }
      consider(i++);
    }
    flush();
  }
  return out;
}

/**
 * A series with the samples in [lo, hi] replaced by a finer fetch of that window (`detail`, times
 * ascending): what a zoomed chart holds, so zooming back out still shows the coarse rest.
 */
export function mergeDetail(
  time: readonly number[],
  value: readonly number[],
  detail: { time: readonly number[]; value: readonly number[] },
  lo: number,
  hi: number,
): { time: number[]; value: number[] } {
  const before = lowerBound(time, lo);
  const after = upperBound(time, hi);
  const from = lowerBound(detail.time, lo);
  const to = upperBound(detail.time, hi);
  return {
    time: [...time.slice(0, before), ...detail.time.slice(from, to), ...time.slice(after)],
    value: [...value.slice(0, before), ...detail.value.slice(from, to), ...value.slice(after)],
  };
}
