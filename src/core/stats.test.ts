import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, studentTQuantile } from './stats.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/quantiles.json', import.meta.url), 'utf8'),
) as {
  normal: [number, number][];
  t: [number, number, number][];
};

describe('quantiles against scipy.stats (scripts/fixtures/quantiles.py)', () => {
  it('normal to 1e-12 relative', () => {
    for (const [p, q] of fixture.normal)
      expect(Math.abs(normalQuantile(p) - q), `p=${p}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(q)));
  });

  it('Student t to 1e-9 relative, including fractional degrees of freedom', () => {
    for (const [p, df, q] of fixture.t) {
      expect(
        Math.abs(studentTQuantile(p, df) - q),
        `p=${p} df=${df}: ${studentTQuantile(p, df)} vs ${q}`,
      ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q)));
    }
  });

  it('edges: symmetric, infinite at 0 and 1, NaN outside', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(0.95, 4)).toBeCloseTo(-studentTQuantile(0.05, 4), 12);
    expect(studentTQuantile(1.2, 4)).toBeNaN();
  });
});

describe('normal CDF against scipy.stats.norm.cdf', () => {
  // values printed by scipy 1.x: norm.cdf(x)
  const reference: [number, number][] = [
    [-6, 9.865876450376946e-10],
    [-3.29, 0.0005009369137857222],
    [-1.645, 0.049984905539121376],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.3, 0.6179114221889526],
    [1.96, 0.9750021048517795],
    [4, 0.9999683287581669],
  ];
  it('to 1.2e-7 relative, in both tails', () => {
    for (const [x, p] of reference) {
      expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(1.2e-7);
      expect(Math.abs(1 - normalCdf(-x) - p) / p).toBeLessThan(1.2e-7);
    }
  });
});
