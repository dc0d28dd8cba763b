import { describe, expect, it } from 'vitest';
import type { PlotPanel } from './figure.js';
import { gapsBroken } from './gaps.js';
import { robustDomain } from './panel.js';

const series = (t: number[], v: number[], band = false) => ({
  label: 'x',
  unit: 'kg/day',
  t: Float64Array.from(t),
  v: Float64Array.from(v),
  ...(band && { lo: Float64Array.from(v, (x) => x - 1), hi: Float64Array.from(v, (x) => x + 1) }),
});

describe('gapsBroken', () => {
  it('puts a missing sample halfway across each gap longer than the limit, in every column', () => {
    const out = gapsBroken(series([0, 300, 600, 6000, 6300, 20000], [1, 2, 3, 4, 5, 6], true), 1800);
    expect([...out.t]).toEqual([0, 300, 600, 3300, 6000, 6300, 13150, 20000]);
    expect([...out.v].map((x) => (Number.isNaN(x) ? null : x))).toEqual([1, 2, 3, null, 4, 5, null, 6]);
    expect(Number.isNaN(out.lo?.[3] as number) && Number.isNaN(out.hi?.[6] as number)).toBe(true);
    expect(out.lo?.[4]).toBe(3);
    expect(out.hi?.[7]).toBe(7);
  });

  it('returns a series without such a gap as it is, and keeps a bandless series bandless', () => {
    const even = series([0, 300, 600], [1, 2, 3]);
    expect(gapsBroken(even, 1800)).toBe(even);
    const out = gapsBroken(series([0, 5000], [1, 2]), 1800);
    expect(out.lo).toBeUndefined();
    expect(out.t.length).toBe(3);
  });
});

describe('robustDomain', () => {
  it('spans the 2nd–98th percentile of the bands with zero, padded by a tenth, not the far swings', () => {
    const v = Array.from({ length: 100 }, (_, i) => 10 + (i % 10));
    v[0] = 900; // the first estimate after a hatch change
    v[1] = -500;
    const panel: PlotPanel = {
      title: 'rate',
      unit: 'kg/day',
      series: [
        series(
          v.map((_, i) => i),
          v,
          true,
        ),
      ],
    };
    const [lo, hi] = robustDomain(panel) ?? [Number.NaN, Number.NaN];
    // bands 9…20 → with zero: 0…20, padded by 2
    expect(lo).toBeCloseTo(-2, 9);
    expect(hi).toBeCloseTo(22, 9);
    expect(robustDomain({ title: 'empty', unit: 'kg/day', series: [] })).toBeUndefined();
  });
});
