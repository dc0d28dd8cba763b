import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTQuantile } from './stats.js';

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
