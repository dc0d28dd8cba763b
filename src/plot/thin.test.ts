import { describe, expect, it } from 'vitest';
import { thinSeries } from './thin.js';

/** Deterministic noise in [-0.5, 0.5) (Park–Miller), so a failure replays. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  };
}

/** A month of 1-minute samples: a daily swing, noise and a few one-sample spikes. */
function month(n = 45_000): { t: Float64Array; v: Float64Array } {
  const random = noise(42);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = 1_600_000_000 + 60 * i;
    v[i] = 745 + 1.5 * Math.sin((2 * Math.PI * i) / 1440) + 0.2 * random();
  }
  v[12_345] = 760;
  v[30_001] = 700;
  return { t, v };
}

const columnOf = (t: number, from: number, to: number, columns: number): number =>
  Math.min(columns - 1, Math.floor(((t - from) / (to - from)) * columns));

describe('thinSeries', () => {
  it("keeps every column's min and max, at their own times", () => {
    const { t, v } = month();
    const from = t[0]!;
    const to = t[t.length - 1]!;
    const columns = 1000;
    const thin = thinSeries({ t, v }, { from, to, columns });

    const expected = new Map<number, { min: number; minT: number; max: number; maxT: number }>();
    for (let i = 0; i < t.length; i++) {
      const c = columnOf(t[i]!, from, to, columns);
      const e = expected.get(c);
      if (e === undefined) expected.set(c, { min: v[i]!, minT: t[i]!, max: v[i]!, maxT: t[i]! });
      else {
        if (v[i]! < e.min) Object.assign(e, { min: v[i]!, minT: t[i]! });
        if (v[i]! > e.max) Object.assign(e, { max: v[i]!, maxT: t[i]! });
      }
    }
    const kept = new Map<number, number>();
    for (let k = 0; k < thin.t.length; k++) kept.set(thin.t[k]!, thin.v[k]!);
    for (const [c, e] of expected) {
      expect(kept.get(e.minT), `column ${c} min ${e.min} at ${e.minT}`).toBe(e.min);
      expect(kept.get(e.maxT), `column ${c} max ${e.max} at ${e.maxT}`).toBe(e.max);
    }
  });

  it('bounds the count to 2 points per column, in ascending time, a subset of the input', () => {
    const { t, v } = month();
    for (const columns of [1, 10, 1000, 5000]) {
      const thin = thinSeries({ t, v }, { from: t[0]!, to: t[t.length - 1]!, columns });
      expect(thin.t.length, `columns ${columns}`).toBeLessThanOrEqual(2 * columns);
      expect(thin.t.length, `columns ${columns}`).toBeGreaterThanOrEqual(Math.min(columns, t.length));
      const times = new Set(t);
      for (let k = 0; k < thin.t.length; k++) {
        expect(times.has(thin.t[k]!)).toBe(true);
        if (k > 0) expect(thin.t[k]!).toBeGreaterThan(thin.t[k - 1]!);
      }
    }
  });

  it('never drops a one-sample spike', () => {
    const { t, v } = month();
    const thin = thinSeries({ t, v }, { from: t[0]!, to: t[t.length - 1]!, columns: 1000 });
    expect(Math.max(...thin.v)).toBe(760);
    expect(Math.min(...thin.v)).toBe(700);
    expect(thin.t[thin.v.indexOf(760)]).toBe(t[12_345]);
  });

  it('returns a series that is already short enough unchanged', () => {
    const { t, v } = month(2000);
    const series = { t, v };
    expect(thinSeries(series, { from: t[0]!, to: t[1999]!, columns: 1000 })).toBe(series);
  });

  it("keeps a band's envelope: each kept point carries its column's lowest lo and highest hi", () => {
    const { t, v } = month();
    const lo = v.map((x, i) => x - 1 - (i === 20_000 ? 50 : 0));
    const hi = v.map((x, i) => x + 1 + (i === 20_001 ? 50 : 0));
    const thin = thinSeries({ t, v, lo, hi }, { from: t[0]!, to: t[t.length - 1]!, columns: 1000 });
    expect(thin.lo).toHaveLength(thin.t.length);
    expect(thin.hi).toHaveLength(thin.t.length);
    expect(Math.min(...thin.lo!)).toBe(Math.min(...lo));
    expect(Math.max(...thin.hi!)).toBe(Math.max(...hi));
    for (let k = 0; k < thin.t.length; k++) {
      expect(thin.lo![k]!).toBeLessThanOrEqual(thin.v[k]! - 1 + 1e-12);
      expect(thin.hi![k]!).toBeGreaterThanOrEqual(thin.v[k]! + 1 - 1e-12);
    }
  });

  it('keeps a missing sample (NaN) so the line breaks there, at most one extra point per column', () => {
    const { t, v } = month();
    v.fill(Number.NaN, 10_000, 10_200);
    v[40_000] = Number.NaN;
    const columns = 1000;
    const thin = thinSeries({ t, v }, { from: t[0]!, to: t[t.length - 1]!, columns });
    const gaps = [...thin.v.keys()].filter((k) => Number.isNaN(thin.v[k]!)).map((k) => thin.t[k]!);
    expect(gaps).toContain(t[10_000]);
    expect(gaps).toContain(t[40_000]);
    expect(gaps.length).toBeLessThanOrEqual(Math.ceil((200 * columns) / t.length) + 2);
    expect(thin.t.length).toBeLessThanOrEqual(2 * columns + gaps.length);
    for (let k = 1; k < thin.t.length; k++) expect(thin.t[k]!).toBeGreaterThan(thin.t[k - 1]!);
  });

  it('thins an all-NaN series to its gap markers', () => {
    const t = Float64Array.from({ length: 5000 }, (_, i) => i);
    const v = new Float64Array(5000).fill(Number.NaN);
    const thin = thinSeries({ t, v }, { from: 0, to: 4999, columns: 100 });
    expect(thin.t).toHaveLength(100);
    expect(thin.v.every(Number.isNaN)).toBe(true);
  });
});
