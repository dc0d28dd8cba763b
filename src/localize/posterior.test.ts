import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/index.js';
import { type IsolationPeriod, type LocationPrior, locationPosterior } from './posterior.js';
import { DEFAULT_RATE_RANGE } from './rate-integral.js';

interface FixtureCase {
  name: string;
  weights: Record<string, number>;
  none: number;
  several: number;
  periods: { modules: string[]; x: number; s: number }[][];
  posterior: { modules: Record<string, number>; none: number; several: number; logEvidence: number };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/location-posterior.json', import.meta.url), 'utf8'),
) as FixtureCase[];

const periodsOf = (c: FixtureCase): IsolationPeriod[] =>
  c.periods.map((groups) => ({
    groups: groups.map((g) => ({ moduleIds: g.modules, rateKgPerDay: g.x, seKgPerDay: g.s })),
  }));

describe('where the leak is: the posterior over modules, none and two', () => {
  for (const c of fixture)
    it(`matches scipy's adaptive quadrature of the definitions (scripts/fixtures/location_posterior.py): ${c.name}`, () => {
      const p = locationPosterior(
        { modules: new Map(Object.entries(c.weights)), none: c.none, several: c.several },
        periodsOf(c),
      );
      const close = (got: number, want: number): void => {
        expect(Math.abs(got - want)).toBeLessThan(1e-5 + 1e-4 * want);
      };
      for (const [id, want] of Object.entries(c.posterior.modules)) close(p.modules.get(id)!, want);
      close(p.none, c.posterior.none);
      close(p.several, c.posterior.several);
      expect(Math.abs(p.logEvidence - c.posterior.logEvidence)).toBeLessThan(1e-4);
    });

  it('puts the leak in the group that shows it, split by the prior, and keeps the prior when nothing is learnt', () => {
    const prior: LocationPrior = {
      modules: new Map([
        ['prk', 1],
        ['ro', 3],
        ['lab', 2],
        ['node1', 2],
      ]),
      none: 0.1,
      several: 0.05,
    };
    const weekend: IsolationPeriod = {
      groups: [
        { moduleIds: ['prk', 'ro'], rateKgPerDay: 0.55, seKgPerDay: 0.1 },
        { moduleIds: ['lab', 'node1'], rateKgPerDay: 0.02, seKgPerDay: 0.1 },
      ],
    };
    const p = locationPosterior(prior, [weekend]);
    const russian = p.modules.get('prk')! + p.modules.get('ro')!;
    expect(russian).toBeGreaterThan(0.9);
    expect(p.modules.get('ro')! / p.modules.get('prk')!).toBeCloseTo(3, 6);
    expect(p.none).toBeLessThan(1e-3);
    // an inconclusive period (errors far wider than any rate the prior allows) leaves the prior
    const vague = locationPosterior(prior, [
      { groups: weekend.groups.map((g) => ({ ...g, seKgPerDay: 1e4 })) },
    ]);
    expect(vague.modules.get('ro')!).toBeCloseTo((0.85 * 3) / 8, 2);
    expect(vague.none).toBeCloseTo(0.1, 2);
  });

  // two-leak evidence is checked against scipy above; here one leak or none, which is fast
  it('is calibrated: of the hypotheses given probability p, a share p is true (Monte Carlo from the prior)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const weights = [1, 2, 1, 0.5];
    const prior: LocationPrior = {
      modules: new Map(ids.map((id, i) => [id, weights[i]!])),
      none: 0.15,
      several: 0,
    };
    const configurations = [
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [
        ['a', 'c'],
        ['b', 'd'],
      ],
    ];
    const rng = new Rng(31);
    const logRate = (): number =>
      Math.exp(
        Math.log(DEFAULT_RATE_RANGE.min) +
          rng.uniform() * Math.log(DEFAULT_RATE_RANGE.max / DEFAULT_RATE_RANGE.min),
      );
    const pick = (): string => {
      let u = rng.uniform() * 4.5;
      for (let i = 0; i < ids.length; i++) {
        u -= weights[i]!;
        if (u < 0) return ids[i]!;
      }
      return ids[ids.length - 1]!;
    };
    const bins = Array.from({ length: 5 }, () => ({ p: 0, hits: 0, n: 0 }));
    for (let draw = 0; draw < 2000; draw++) {
      const leaks = new Map<string, number>();
      if (rng.uniform() >= 0.15) leaks.set(pick(), logRate());
      const se = 0.3;
      const periods = configurations.map((groups) => ({
        groups: groups.map((g) => ({
          moduleIds: g,
          rateKgPerDay: g.reduce((s, id) => s + (leaks.get(id) ?? 0), 0) + se * rng.normal(),
          seKgPerDay: se,
        })),
      }));
      const post = locationPosterior(prior, periods);
      const truth = leaks.size === 0 ? 'none' : [...leaks.keys()][0]!;
      expect(post.several).toBe(0);
      const hypotheses: [string, number][] = [...post.modules, ['none', post.none]];
      for (const [h, p] of hypotheses) {
        const bin = bins[Math.min(4, Math.floor(p * 5))]!;
        bin.p += p;
        bin.n++;
        if (h === truth) bin.hits++;
      }
    }
    for (const bin of bins) {
      if (bin.n < 40) continue;
      const mean = bin.p / bin.n;
      const sd = Math.sqrt((mean * (1 - mean)) / bin.n);
      expect(Math.abs(bin.hits / bin.n - mean), JSON.stringify(bin)).toBeLessThan(3 * sd + 0.02);
    }
  });
});
