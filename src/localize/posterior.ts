/**
 * Where is the leak? The probability that it is in each module, that there is none, or that
 * there are two, from a prior and the leak rates measured in isolated groups of modules.
 *
 * ## Method
 * Hypotheses: H_m, one leak in module m at an unknown rate R; H_0, no leak; H_2, two leaks in
 * modules a ≠ b at rates R₁, R₂ (more than two is not told apart from two). An isolation period is
 * a hatch configuration: its groups of modules, each with a measured net leak rate x_g and
 * standard error s_g [kg/day]. Under a hypothesis the expected rate of group g is the sum of the
 * rates of the leaks inside it, and the x_g are independent and normal about it. Rates stay the
 * same over the periods (tests follow one another within days) and are integrated out over a
 * log-uniform prior (rate-integral.ts). For one leak the groups holding m combine into one normal
 * in R: Π_j N(x_j; R, s_j²) = C·N(R; μ, σ²) with 1/σ² = Σ 1/s_j², μ = σ²·Σ x_j/s_j²; for two
 * leaks the groups holding a only, b only and both give three such factors. Posterior ∝ prior ×
 * evidence, in logs. Every period counts, an inconclusive one too: a group whose rate is unsure
 * moves little.
 */
import {
  DEFAULT_RATE_RANGE,
  logExpectNormal,
  logExpectPair,
  logNormalDensity,
  type RateLikelihood,
  type RateRange,
} from './rate-integral.js';

export interface LocationPrior {
  /** Relative weight of a leak being in each module (normalised here). */
  modules: ReadonlyMap<string, number>;
  /** Prior probability of no leak and of two leaks; single leaks share the rest. */
  none: number;
  several: number;
}

export interface GroupRate {
  moduleIds: readonly string[];
  rateKgPerDay: number;
  seKgPerDay: number;
}

/** One hatch configuration: the leak rate measured in each of its groups. */
export interface IsolationPeriod {
  groups: readonly GroupRate[];
}

export interface LocationPosterior {
  /** Probability of a single leak in each module. */
  modules: Map<string, number>;
  /**
   * Probability that each module holds a leak: its single leak, plus every pair of leaks it is in.
   * A leak hunt is done when one module's reaches the localization probability; whether there is
   * a second leak elsewhere is `several`, reported beside.
   */
  holdsLeak: Map<string, number>;
  none: number;
  several: number;
  /** log p(data), for comparing priors or checking the model. */
  logEvidence: number;
}

interface Observation {
  members: ReadonlySet<string>;
  x: number;
  s: number;
  /** log N(x; 0, s²): the group's likelihood with no leak inside. */
  logZero: number;
}

/** The observations as one normal factor in the rate: log C and N(R; μ, σ²), or null if none. */
function combine(observations: readonly Observation[]): { logC: number; likelihood: RateLikelihood | null } {
  if (observations.length === 0) return { logC: 0, likelihood: null };
  let precision = 0;
  let weighted = 0;
  for (const o of observations) {
    precision += 1 / o.s ** 2;
    weighted += o.x / o.s ** 2;
  }
  const variance = 1 / precision;
  const mean = variance * weighted;
  // Π N(x_j; R, s_j²) = C·N(R; μ, σ²), C = Π N(x_j; μ, s_j²) / N(μ; μ, σ²)
  let logC = 0;
  for (const o of observations) logC += logNormalDensity(o.x, mean, o.s);
  logC -= logNormalDensity(mean, mean, Math.sqrt(variance));
  return { logC, likelihood: { mean, sd: Math.sqrt(variance) } };
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (!Number.isFinite(max)) return max;
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

export function locationPosterior(
  prior: LocationPrior,
  periods: readonly IsolationPeriod[],
  range: RateRange = DEFAULT_RATE_RANGE,
): LocationPosterior {
  const observations: Observation[] = periods.flatMap((p) =>
    p.groups
      .filter((g) => g.seKgPerDay > 0 && Number.isFinite(g.rateKgPerDay))
      .map((g) => ({
        members: new Set(g.moduleIds),
        x: g.rateKgPerDay,
        s: g.seKgPerDay,
        logZero: logNormalDensity(g.rateKgPerDay, 0, g.seKgPerDay),
      })),
  );
  const ids = [...prior.modules.keys()].filter((id) => (prior.modules.get(id) ?? 0) > 0);
  const weight = (id: string): number => prior.modules.get(id) ?? 0;
  const total = ids.reduce((s, id) => s + weight(id), 0);
  const single = Math.max(0, 1 - prior.none - prior.several);
  // every hypothesis shares the groups it puts no leak in: log N(x; 0, s²)
  const baseline = observations.reduce((s, o) => s + o.logZero, 0);
  const zeroOf = (subset: readonly Observation[]): number => subset.reduce((s, o) => s + o.logZero, 0);
  const cache = new Map<string, number>();
  const memo = (key: string, compute: () => number): number => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    cache.set(key, value);
    return value;
  };
  const signature = (has: (o: Observation) => boolean): string =>
    observations.map((o) => (has(o) ? '1' : '0')).join('');

  const logPost = new Map<string, number>();
  for (const id of ids) {
    const inside = observations.filter((o) => o.members.has(id));
    const logEvidence = memo(`1:${signature((o) => o.members.has(id))}`, () => {
      const { logC, likelihood } = combine(inside);
      return (
        baseline - zeroOf(inside) + logC + (likelihood === null ? 0 : logExpectNormal(range, likelihood))
      );
    });
    logPost.set(
      id,
      single > 0 ? Math.log((single * weight(id)) / total) + logEvidence : Number.NEGATIVE_INFINITY,
    );
  }
  const pairs: number[] = [];
  const pairMembers: [string, string][] = [];
  if (prior.several > 0 && ids.length > 1) {
    const pairWeight = (total * total - ids.reduce((s, id) => s + weight(id) ** 2, 0)) / 2;
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as string;
        const b = ids[j] as string;
        const onlyA = observations.filter((o) => o.members.has(a) && !o.members.has(b));
        const onlyB = observations.filter((o) => o.members.has(b) && !o.members.has(a));
        const both = observations.filter((o) => o.members.has(a) && o.members.has(b));
        const key = `2:${signature((o) => onlyA.includes(o))}:${signature((o) => onlyB.includes(o))}:${signature((o) => both.includes(o))}`;
        const logEvidence = memo(key, () => {
          const fa = combine(onlyA);
          const fb = combine(onlyB);
          const fs = combine(both);
          return (
            baseline -
            zeroOf(onlyA) -
            zeroOf(onlyB) -
            zeroOf(both) +
            fa.logC +
            fb.logC +
            fs.logC +
            logExpectPair(range, fa.likelihood, fb.likelihood, fs.likelihood)
          );
        });
        pairs.push(Math.log((weight(a) * weight(b)) / pairWeight) + logEvidence);
        pairMembers.push([a, b]);
      }
  }
  const logNone = prior.none > 0 ? Math.log(prior.none) + baseline : Number.NEGATIVE_INFINITY;
  const logSeveral = pairs.length > 0 ? Math.log(prior.several) + logSumExp(pairs) : Number.NEGATIVE_INFINITY;
  const logEvidence = logSumExp([...logPost.values(), logNone, logSeveral]);
  const modules = new Map<string, number>();
  for (const id of prior.modules.keys())
    modules.set(id, Math.exp((logPost.get(id) ?? Number.NEGATIVE_INFINITY) - logEvidence));
  const holdsLeak = new Map(modules);
  const pairShare = prior.several > 0 ? Math.log(prior.several) - logEvidence : Number.NEGATIVE_INFINITY;
  pairs.forEach((logP, k) => {
    const weightOfPair = Math.exp(logP + pairShare);
    for (const id of pairMembers[k] as [string, string])
      holdsLeak.set(id, (holdsLeak.get(id) ?? 0) + weightOfPair);
  });
  return {
    modules,
    holdsLeak,
    none: Math.exp(logNone - logEvidence),
    several: Math.exp(logSeveral - logEvidence),
    logEvidence,
  };
}
