import { describe, expect, it } from 'vitest';
import { hingeSlope } from './rapid-depress.js';

function ramp(onset: number, slope: number, n: number): { t: number[]; v: number[] } {
  const t = Array.from({ length: n }, (_, i) => i);
  return { t, v: t.map((x) => 1000 + slope * Math.max(0, x - onset)) };
}

describe('hingeSlope', () => {
  it('recovers the slope after a flat start exactly, where a straight line through the window is biased low', () => {
    const { t, v } = ramp(20, -1.7, 61);
    expect(hingeSlope(t, v, 20)).toBeCloseTo(-1.7, 10);
    // the straight-line slope over the same points, for contrast: a third of the window is flat
    const tm = 30;
    const vm = v.reduce((a, b) => a + b, 0) / v.length;
    const line =
      t.reduce((s, x, i) => s + (x - tm) * ((v[i] as number) - vm), 0) /
      t.reduce((s, x) => s + (x - tm) ** 2, 0);
    expect(line / -1.7).toBeLessThan(0.9);
  });

  it('is the straight-line slope when the fall began before the window', () => {
    const { t, v } = ramp(-5, -0.8, 61);
    expect(hingeSlope(t, v, 20)).toBeCloseTo(-0.8, 10);
  });

  it('keeps at least minAfterS of points after the bend', () => {
    // a last-point spike of −10 cannot become a steep short ramp (a bend at 59 s would give −10 /s)
    const t = Array.from({ length: 61 }, (_, i) => i);
    const v = t.map((x) => (x === 60 ? 990 : 1000));
    expect(Math.abs(hingeSlope(t, v, 20))).toBeLessThan(0.1);
  });
});
