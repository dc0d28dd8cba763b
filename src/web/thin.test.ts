// Per-pixel-column thinning without a browser, against a brute-force reference: every column keeps
// the extremes of its samples, in time order, and nothing else is invented.
import { describe, expect, it } from 'vitest';
import { BLOCK, lowerBound, mergeDetail, thinToColumns, updateBlocks, upperBound } from './thin.js';

/** Seeded samples: a random walk with spikes, 1 Hz. */
function series(n: number): { time: number[]; value: number[] } {
  let state = 7;
  let walk = 0;
  const time: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    walk += state / 2 ** 32 - 0.5;
    time.push(1000 + i);
    value.push(i % 997 === 0 ? walk + 50 : walk);
  }
  return { time, value };
}

describe('thinToColumns', () => {
  it('keeps each pixel column’s minimum and maximum, in time order, and the samples at the edges', () => {
    const { time, value } = series(100_000);
    const lo = 21_000.5;
    const hi = 81_000.5;
    const columns = 500;
    const view = thinToColumns(time, value, lo, hi, columns);
    expect(view.time.length).toBeLessThanOrEqual(2 * columns + 4);
    // brute force: extremes per column of the samples inside the window
    const scale = columns / (hi - lo);
    const extremes = new Map<number, { min: number; max: number }>();
    for (let i = 0; i < time.length; i++) {
      const t = time[i] as number;
      if (t < lo || t > hi) continue;
      const c = Math.floor((t - lo) * scale);
      const e = extremes.get(c) ?? { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
      e.min = Math.min(e.min, value[i] as number);
      e.max = Math.max(e.max, value[i] as number);
      extremes.set(c, e);
    }
    const inside = view.time
      .map((t, k) => [t, view.value[k] as number] as const)
      .filter(([t]) => t >= lo && t <= hi);
    for (const [c, e] of extremes) {
      const kept = inside.filter(([t]) => Math.floor((t - lo) * scale) === c).map(([, v]) => v);
      expect(kept, `column ${c}`).toContain(e.min);
      expect(kept, `column ${c}`).toContain(e.max);
      expect(kept.length).toBeLessThanOrEqual(2);
    }
    // every point drawn is a real sample, in time order
    for (let k = 0; k < view.time.length; k++) {
      const i = (view.time[k] as number) - 1000;
      expect(view.value[k]).toBe(value[i]);
      if (k > 0) expect(view.time[k]).toBeGreaterThan(view.time[k - 1] as number);
    }
    // the samples just outside the window are there, so the line reaches both edges
    expect(view.time).toContain(Math.floor(lo));
    expect(view.time).toContain(Math.ceil(hi));
  });

  it('passes a sparse window through unchanged, and handles empty data and NaN', () => {
    const { time, value } = series(1000);
    expect(thinToColumns(time, value, time[0] as number, time.at(-1) as number, 800)).toEqual({
      time,
      value,
    });
    expect(thinToColumns([], [], 0, 1, 100)).toEqual({ time: [], value: [] });
    const gaps = value.map((v, i) => (i % 3 === 0 ? Number.NaN : v));
    const view = thinToColumns(time, gaps, time[0] as number, time.at(-1) as number, 10);
    expect(view.value.every(Number.isFinite)).toBe(true);
    expect(view.time.length).toBeGreaterThan(10);
  });

  it('gives the same points with block extremes as by reading every sample', () => {
    const { time, value } = series(200_000);
    // ties and gaps too: plateaus and NaN runs
    for (let i = 5000; i < 6000; i++) value[i] = 3;
    for (let i = 9000; i < 9300; i++) value[i] = Number.NaN;
    const blocks = updateBlocks({ min: [], max: [] }, value.slice(0, 100_000));
    updateBlocks(blocks, value);
    expect(blocks.min).toHaveLength(Math.floor(200_000 / BLOCK));
    for (const [lo, hi, columns] of [
      [1000, 201_000, 1300],
      [4000.5, 12_345.25, 700],
      [150_000, 150_900, 800],
      [-5, 99_999, 64],
    ] as const)
      expect(thinToColumns(time, value, lo, hi, columns, blocks), `${lo}..${hi}`).toEqual(
        thinToColumns(time, value, lo, hi, columns),
      );
  });

  it('finds window edges by binary search', () => {
    const time = [1, 2, 2, 3, 5];
    expect([0, 1, 2, 4, 6].map((t) => lowerBound(time, t))).toEqual([0, 0, 1, 4, 5]);
    expect([0, 1, 2, 4, 6].map((t) => upperBound(time, t))).toEqual([0, 1, 3, 4, 5]);
  });
});

describe('a zoomed window refetched finer', () => {
  it('replaces the coarse samples inside the window and keeps the rest', () => {
    const time = [0, 60, 120, 180, 240, 300];
    const value = [1, 2, 3, 4, 5, 6];
    const detail = { time: [100, 110, 120, 130, 140, 200, 250], value: [10, 11, 12, 13, 14, 20, 25] };
    const merged = mergeDetail(time, value, detail, 110, 200);
    // coarse 60 before, the detail from 110 to 200 (its 100 and 250 lie outside), coarse 240 on
    expect(merged.time).toEqual([0, 60, 110, 120, 130, 140, 200, 240, 300]);
    expect(merged.value).toEqual([1, 2, 11, 12, 13, 14, 20, 5, 6]);
    // times stay ascending, so thinning and zooming out work on the merged series
    for (let i = 1; i < merged.time.length; i++)
      expect(merged.time[i] as number).toBeGreaterThan(merged.time[i - 1] as number);
  });
});
