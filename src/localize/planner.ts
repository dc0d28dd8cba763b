/**
 * The isolation test planner: which hatches to close next, where the crew stays, for how long,
 * and what each outcome means — chosen by expected information gain per hour of testing.
 *
 * ## Method
 * The leak is in one module with probability p_m (the posterior's single-leak part, renormalised).
 * A configuration (configurations.ts) splits the modules into groups with masses P_g = Σ p_m.
 * Its duration is the shortest (on a 15-minute grid, at least the time the monitor needs to
 * estimate a new configuration) at which every pair of groups that still holds probability is
 * told apart at the plan's confidence (power.ts), using the low end of the leak rate's interval;
 * a configuration that cannot get there within the maximum duration — or before a group closed
 * off with the leak (at the high end of its rate) would fall below its pressure floor — is never
 * proposed. The test's outcome is read as "the leak is in group Y"; with pairwise error ε at that
 * duration, Y equals the true group with probability 1 − ε, else one of the others. The expected
 * information gain is the mutual information I(G; Y) in bits; the plan takes the configuration
 * with the most bits per hour, hatch work included. Multi-step: the expected number of further
 * tests (and hours) until one module holds the localization probability follows by recursion over
 * the outcomes, each restricting the posterior to its group.
 */
import { normalCdf, normalQuantile } from '../core/index.js';
import type { HatchConfiguration, PlanningModule, PlanningStation } from './configurations.js';
import { type SlopeNoise, separation, slopeVariance } from './power.js';

export interface PlanOptions {
  /** Confidence at which a test must separate its outcomes (0.95). */
  confidence: number;
  /** Probability at which one module counts as the leak's location (0.95). */
  localizedAt: number;
  minDurationS: number;
  maxDurationS: number;
  /** Time to close, check and reopen hatches, counted with every test [s]. */
  overheadS: number;
  /**
   * Uncertainty added to a crewed group's rate when a test splits O2 generation from the crew
   * (the crew's metabolic O2, which telemetry cannot place) [kg/day]; see evidence.ts.
   */
  lifeSupportSdKgPerDay: number;
  /** The leak rate's interval [kg/day]: its low end sizes the test, its high end the reserve. */
  rateLowKgPerDay: number;
  rateHighKgPerDay: number;
  /**
   * What blurs a group's inventory slope, where the crew stays and in a group closed off (groups
   * without a pressure sensor are unmeasured).
   */
  noise: { crewed: SlopeNoise; closedOff: SlopeNoise };
}

export const DEFAULT_PLAN_OPTIONS: Omit<
  PlanOptions,
  'rateLowKgPerDay' | 'rateHighKgPerDay' | 'noise' | 'lifeSupportSdKgPerDay'
> = {
  confidence: 0.95,
  localizedAt: 0.95,
  minDurationS: 3 * 3600,
  maxDurationS: 72 * 3600,
  overheadS: 0.5 * 3600,
};

export interface PlannedGroup {
  modules: string[];
  /** Probability that the leak is in this group (single-leak part, renormalised). */
  probability: number;
  crewed: boolean;
  /** Standard error of the group's rate at the end of the test [kg/day]; null when unmeasured. */
  seKgPerDay: number | null;
  /** Above this rate the group holds the leak [kg/day]. */
  thresholdKgPerDay: number;
  /** The same as a pressure drop over the test [Pa] (for a gauge read by hand). */
  thresholdDropPa: number;
  /** Pressure drop over the test if the leak (at the low and high end of its rate) is here [Pa]. */
  dropIfLeakPa: [number, number];
}

export interface TestPlan {
  close: string[];
  crewIn: string[];
  /** O2 generators in groups closed off from the crew, switched off for the test. */
  generatorsOff: string[];
  durationS: number;
  groups: PlannedGroup[];
  /** Largest probability of reading the outcome wrong (midpoint rule, pairwise). */
  errorProbability: number;
  informationBits: number;
}

export interface Plan {
  /** The single-leak probabilities the plan worked from, renormalised, per module. */
  modules: Map<string, number>;
  next: TestPlan | null;
  /** Why there is no next test, when there is none. */
  reason: string | null;
  /**
   * When the plan stops short of localizing: the modules still in play (single-leak probability
   * above 1 %), which no acceptable test is worth telling apart; the in-module search takes over.
   */
  undecided: string[];
  expectedTests: number;
  expectedHours: number;
  /** The best test after each outcome of the next one (one step further). */
  followUps: { ifIn: string[]; probability: number; next: TestPlan | null }[];
}

const GRID_S = 900;
const MIN_PROBABILITY = 1e-6;
/** A test worth less than this [bits] is not worth the crew's time. */
const MIN_TEST_BITS = 0.05;
/** A module is still in play above this single-leak probability. */
const IN_PLAY = 0.01;

interface Candidate {
  config: HatchConfiguration;
  kgPerPa: number[];
  measured: boolean[];
  /** Whether each group's inventory is nitrogen (ppN2 measured), blind to O2 made or breathed. */
  nitrogen: boolean[];
  volume: number[];
}

interface Evaluation {
  candidate: Candidate;
  durationS: number;
  error: number;
  bits: number;
  masses: number[];
}

/** The planner's view of a configuration: per group, kilograms per pascal and the best sensor. */
function candidateOf(ps: PlanningStation, config: HatchConfiguration): Candidate {
  const members = config.groups.map((g) => g.map((i) => ps.modules[i] as PlanningModule));
  return {
    config,
    kgPerPa: members.map((ms) => ms.reduce((s, m) => s + m.kgPerPa, 0)),
    measured: members.map((ms) => ms.some((m) => m.binVariancePa2 !== null)),
    nitrogen: members.map((ms) => ms.some((m) => m.ppN2)),
    volume: members.map((ms) => ms.reduce((s, m) => s + m.volumeM3, 0)),
  };
}

function entropyBits(p: readonly number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log2(x);
  return h;
}

/** I(G; Y) for outcome masses `masses` read right with probability 1 − ε, else evenly wrong. */
function mutualInformation(masses: readonly number[], error: number): number {
  const k = masses.length;
  if (k < 2) return 0;
  const wrong = error / (k - 1);
  const y = masses.map((p) => p * (1 - error) + (1 - p) * wrong);
  const row = entropyBits([1 - error, ...Array.from({ length: k - 1 }, () => wrong)]);
  return Math.max(0, entropyBits(y) - row);
}

export class TestPlanner {
  private readonly candidates: Candidate[];
  private readonly grid: number[];
  private readonly variance: { crewed: number[]; closedOff: number[] };
  private readonly target: number;
  private readonly memo = new Map<string, { tests: number; hours: number }>();

  constructor(
    private readonly ps: PlanningStation,
    configs: readonly HatchConfiguration[],
    private readonly options: PlanOptions,
  ) {
    this.candidates = configs.map((c) => candidateOf(ps, c));
    this.grid = [];
    for (let t = options.minDurationS; t <= options.maxDurationS + 1e-9; t += GRID_S) this.grid.push(t);
    this.variance = {
      crewed: this.grid.map((t) => slopeVariance(options.noise.crewed, t)),
      closedOff: this.grid.map((t) => slopeVariance(options.noise.closedOff, t)),
    };
    this.target = 2 * normalQuantile(options.confidence);
  }

  /** Standard error of a group's rate after `gridIndex` [kg/day], or null when unmeasured. */
  private se(candidate: Candidate, group: number, gridIndex: number): number | null {
    if (candidate.measured[group] !== true) return null;
    const { config } = candidate;
    const variance = config.crewed[group] ? this.variance.crewed : this.variance.closedOff;
    const se = Math.sqrt(variance[gridIndex] as number) * (candidate.kgPerPa[group] as number) * 86400;
    return config.crewed[group] && config.splitsLifeSupport && candidate.nitrogen[group] !== true
      ? Math.hypot(se, this.options.lifeSupportSdKgPerDay)
      : se;
  }

  private pairDistance(candidate: Candidate, i: number, j: number, gridIndex: number): number {
    return separation(
      this.options.rateLowKgPerDay,
      this.se(candidate, i, gridIndex),
      this.se(candidate, j, gridIndex),
    );
  }

  /** The test with this configuration for the given module probabilities, or null if none works. */
  private evaluate(candidate: Candidate, p: Float64Array, fixedS?: number): Evaluation | null {
    const { config } = candidate;
    const masses = config.groups.map((g) => g.reduce((s, i) => s + (p[i] as number), 0));
    const live = masses.flatMap((m, g) => (m > MIN_PROBABILITY ? [g] : []));
    if (live.length < 2) return null;
    // the reserve: a group closed off with the leak at its high rate stays above its floor
    let maxS = this.options.maxDurationS;
    for (const g of live) {
      const floor = config.crewed[g] ? this.ps.crewFloorPa : this.ps.closedOffFloorPa;
      const dropRate = this.options.rateHighKgPerDay / 86400 / (candidate.kgPerPa[g] as number);
      maxS = Math.min(maxS, (this.ps.pressurePa - floor) / dropRate);
    }
    let lo = 0;
    let hi = this.grid.length - 1;
    while (hi >= 0 && (this.grid[hi] as number) > maxS) hi--;
    if (hi < 0) return null;
    const worst = (k: number): number => {
      let d = Number.POSITIVE_INFINITY;
      for (let a = 0; a < live.length; a++)
        for (let b = a + 1; b < live.length; b++)
          d = Math.min(d, this.pairDistance(candidate, live[a] as number, live[b] as number, k));
      return d;
    };
    if (fixedS !== undefined) {
      lo = Math.max(
        0,
        Math.min(this.grid.length - 1, Math.round((fixedS - this.options.minDurationS) / GRID_S)),
      );
    } else if (worst(hi) < this.target) return null;
    while (fixedS === undefined && lo < hi) {
      const mid = (lo + hi) >> 1;
      if (worst(mid) >= this.target) hi = mid;
      else lo = mid + 1;
    }
    const error = normalCdf(-worst(lo) / 2);
    const liveMasses = live.map((g) => masses[g] as number);
    const total = liveMasses.reduce((s, m) => s + m, 0);
    const bits = mutualInformation(
      liveMasses.map((m) => m / total),
      Math.min(error * (live.length - 1), 0.5),
    );
    return { candidate, durationS: this.grid[lo] as number, error, bits, masses };
  }

  private best(p: Float64Array): Evaluation | null {
    let best: Evaluation | null = null;
    let bestScore = 0;
    for (const candidate of this.candidates) {
      const e = this.evaluate(candidate, p);
      if (e === null || e.bits < MIN_TEST_BITS) continue;
      const score = e.bits / (e.durationS + this.options.overheadS);
      const better =
        score > bestScore * (1 + 1e-9) ||
        (best !== null &&
          Math.abs(score - bestScore) <= bestScore * 1e-9 &&
          e.candidate.config.close.length < best.candidate.config.close.length);
      if (better) {
        best = e;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A test to rule out a second leak once one module holds the single-leak probability: that
   * module closed off, the rest measured long enough that a second leak of the rate's low end
   * would show in its group at the plan's confidence (midpoint rule on each group). The shortest
   * such test is taken.
   */
  private confirmation(top: number, otherShare: number): TestPlan | null {
    const target = 2 * normalQuantile(this.options.confidence);
    let best: { candidate: Candidate; k: number } | null = null;
    for (const candidate of this.candidates) {
      const { config } = candidate;
      const g = config.groupOf[top] as number;
      if (config.crewed[g] || candidate.measured[g] !== true) continue;
      let k = 0;
      for (; k < this.grid.length; k++) {
        let ok = true;
        for (let h = 0; h < config.groups.length && ok; h++) {
          if (h === g) continue;
          const se = this.se(candidate, h, k);
          ok = se !== null && this.options.rateLowKgPerDay / se >= target;
        }
        if (ok) break;
      }
      if (k === this.grid.length) continue;
      if (
        best === null ||
        k < best.k ||
        (k === best.k && config.close.length < best.candidate.config.close.length)
      )
        best = { candidate, k };
    }
    if (best === null) return null;
    const p = new Float64Array(this.ps.modules.length);
    p[top] = 1;
    const durationS = this.grid[best.k] as number;
    const shares = [otherShare, 1 - otherShare].filter((x) => x > 0);
    return this.describe({
      candidate: best.candidate,
      durationS,
      error: normalCdf(-target / 2),
      bits: entropyBits(shares),
      masses: best.candidate.config.groups.map((members) =>
        members.reduce((s, i) => s + (p[i] as number), 0),
      ),
    });
  }

  private isLocalized(p: Float64Array): boolean {
    let max = 0;
    for (const x of p) max = Math.max(max, x);
    return max >= this.options.localizedAt;
  }

  /** Expected further tests and hours until localized, outcomes read as decided (memoised). */
  private expected(p: Float64Array, depth: number): { tests: number; hours: number } {
    if (this.isLocalized(p) || depth > 12) return { tests: 0, hours: 0 };
    const key = Array.from(p, (x) => (x > MIN_PROBABILITY ? '1' : '0')).join('');
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const e = this.best(p);
    let result = { tests: 0, hours: 0 };
    if (e !== null) {
      result = { tests: 1, hours: (e.durationS + this.options.overheadS) / 3600 };
      for (const [g, members] of e.candidate.config.groups.entries()) {
        const mass = e.masses[g] as number;
        if (mass <= MIN_PROBABILITY) continue;
        const sub = restrict(p, members);
        const rest = this.expected(sub, depth + 1);
        result.tests += mass * rest.tests;
        result.hours += mass * rest.hours;
      }
    }
    this.memo.set(key, result);
    return result;
  }

  /**
   * The test with one given configuration: sized by the power analysis, or run for `durationS`
   * regardless (a fixed-length practice); null when it separates nothing or cannot reach the
   * confidence in time.
   */
  testWith(config: HatchConfiguration, p: Float64Array, durationS?: number): TestPlan | null {
    const candidate = candidateOf(this.ps, config);
    const e = this.evaluate(candidate, p, durationS);
    return e === null ? null : this.describe(e);
  }

  /**
   * The plan from single-leak module probabilities (planning-module order, summing to 1) and the
   * largest probability that a module holds a leak (posterior.holdsLeak; the single-leak maximum
   * when not given).
   */
  plan(probabilities: Float64Array, topHoldsLeak?: number): Plan {
    const modules = new Map(this.ps.modules.map((m, i) => [m.id, probabilities[i] as number]));
    const base = { modules, expectedTests: 0, expectedHours: 0, followUps: [], undecided: [] };
    const held = topHoldsLeak ?? Math.max(...probabilities);
    if (held >= this.options.localizedAt) return { ...base, next: null, reason: 'localized' };
    if (this.isLocalized(probabilities)) {
      // one module has the single-leak hypotheses, but a second leak elsewhere is not ruled out
      let top = 0;
      for (let i = 1; i < probabilities.length; i++)
        if ((probabilities[i] as number) > (probabilities[top] as number)) top = i;
      const confirm = this.confirmation(top, 1 - held);
      if (confirm !== null)
        return {
          ...base,
          next: confirm,
          reason: null,
          expectedTests: 1,
          expectedHours: (confirm.durationS + this.options.overheadS) / 3600,
        };
      return {
        ...base,
        next: null,
        reason:
          'the single-leak hypotheses point to one module, but no acceptable test can rule out a second leak elsewhere',
      };
    }
    const e = this.best(probabilities);
    if (e === null) {
      const inPlay = [...probabilities.keys()]
        .filter((i) => (probabilities[i] as number) > IN_PLAY)
        .sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number));
      const ids = inPlay.map((i) => (this.ps.modules[i] as PlanningModule).id);
      const share = inPlay.reduce((s, i) => s + (probabilities[i] as number), 0);
      const together = this.candidates.every((c) =>
        inPlay.every((i) => c.config.groupOf[i] === c.config.groupOf[inPlay[0] as number]),
      );
      return {
        ...base,
        next: null,
        undecided: ids,
        reason: together
          ? `the leak is in ${ids.join(', ')} (together ${share.toFixed(3)}), which no acceptable configuration splits (each crew stays with its return vehicle and life support): search inside them`
          : `no acceptable configuration separates the remaining candidates (${ids.join(', ')}) at the required confidence within the maximum duration and the reserve, or is worth ${MIN_TEST_BITS} bits`,
      };
    }
    const expected = this.expected(probabilities, 0);
    const followUps = e.candidate.config.groups.flatMap((members, g) => {
      const mass = e.masses[g] as number;
      if (mass <= MIN_PROBABILITY) return [];
      const sub = restrict(probabilities, members);
      const follow = this.isLocalized(sub) ? null : this.best(sub);
      return [
        {
          ifIn: members.map((i) => (this.ps.modules[i] as PlanningModule).id),
          probability: mass,
          next: follow === null ? null : this.describe(follow),
        },
      ];
    });
    return {
      modules,
      next: this.describe(e),
      reason: null,
      undecided: [],
      expectedTests: expected.tests,
      expectedHours: expected.hours,
      followUps,
    };
  }

  private describe(e: Evaluation): TestPlan {
    const { config } = e.candidate;
    const k = Math.round((e.durationS - this.options.minDurationS) / GRID_S);
    const threshold = this.options.rateLowKgPerDay / 2;
    const groups = config.groups.map((members, g): PlannedGroup => {
      const kgPerPa = e.candidate.kgPerPa[g] as number;
      const perPa = e.durationS / 86400 / kgPerPa;
      return {
        modules: members.map((i) => (this.ps.modules[i] as PlanningModule).id),
        probability: e.masses[g] as number,
        crewed: config.crewed[g] as boolean,
        seKgPerDay: this.se(e.candidate, g, k),
        thresholdKgPerDay: threshold,
        thresholdDropPa: threshold * perPa,
        dropIfLeakPa: [this.options.rateLowKgPerDay * perPa, this.options.rateHighKgPerDay * perPa],
      };
    });
    const crewIn = config.groups.flatMap((members, g) =>
      config.crewed[g]
        ? members
            .filter((i) => (this.ps.modules[i] as PlanningModule).habitable)
            .map((i) => this.ps.modules[i]?.id as string)
        : [],
    );
    const generatorsOff = config.groups.flatMap((members, g) =>
      config.crewed[g] ? [] : members.flatMap((i) => (this.ps.modules[i] as PlanningModule).generators),
    );
    return {
      close: closingOrder(this.ps, config),
      crewIn,
      generatorsOff,
      durationS: e.durationS,
      groups,
      errorProbability: e.error,
      informationBits: e.bits,
    };
  }
}

/** Probabilities restricted to `members`, renormalised. */
function restrict(p: Float64Array, members: readonly number[]): Float64Array {
  const out = new Float64Array(p.length);
  let total = 0;
  for (const i of members) total += p[i] as number;
  for (const i of members) out[i] = (p[i] as number) / total;
  return out;
}

/**
 * Hatches in the order to close them: the farthest from where the crew stays first, so the crew
 * works its way back towards its haven and ends inside it.
 */
function closingOrder(ps: PlanningStation, config: HatchConfiguration): string[] {
  const distance = new Array<number>(ps.modules.length).fill(Number.POSITIVE_INFINITY);
  const queue: number[] = [];
  config.groups.forEach((members, g) => {
    if (config.crewed[g])
      for (const i of members) {
        distance[i] = 0;
        queue.push(i);
      }
  });
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    for (const h of ps.hatches) {
      if (!h.open) continue;
      const j = h.a === i ? h.b : h.b === i ? h.a : -1;
      if (j >= 0 && distance[j] === Number.POSITIVE_INFINITY) {
        distance[j] = (distance[i] as number) + 1;
        queue.push(j);
      }
    }
  }
  const reach = (id: string): number => {
    const h = ps.hatches.find((x) => x.id === id) as { a: number; b: number };
    return Math.min(distance[h.a] as number, distance[h.b] as number);
  };
  return [...config.close].sort((x, y) => reach(y) - reach(x) || x.localeCompare(y));
}
