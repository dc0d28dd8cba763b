/**
 * From what is known to what to do next: the posterior over where the leak is (prior from the
 * modules' walls, updated with every isolation period of an analysis) and the next isolation
 * test, sized by the noise the analysis actually saw.
 */
import { CREW_O2_KG_PER_DAY, type Station } from '../core/index.js';
import { defaultMonitorOptions, type SegmentResult } from '../monitor/index.js';
import {
  asIsConfiguration,
  baselineConfiguration,
  candidateConfigurations,
  type HatchConfiguration,
  planningStation,
} from './configurations.js';
import { isolationPeriods } from './evidence.js';
import { DEFAULT_PLAN_OPTIONS, type Plan, type PlanOptions, TestPlanner } from './planner.js';
import { type IsolationPeriod, type LocationPosterior, locationPosterior } from './posterior.js';
import { observedWanderPa, type SlopeNoise } from './power.js';
import { leakPriorWeight } from './wall-area.js';

export interface PlanInput {
  station: Station;
  /**
   * Modules attached and hatches open in the baseline the tests start from and return to
   * (default: as the station file marks them).
   */
  present?: ReadonlySet<string>;
  open?: ReadonlySet<string>;
  crew?: number;
  /** Year for the prior's module ages. */
  year: number;
  /** The analysis' segments (every isolation period is evidence), if there is telemetry. */
  segments?: readonly SegmentResult[];
  /** The station's leak rate and its 90 % interval [kg/day]. */
  rateKgPerDay: number;
  rate90KgPerDay: [number, number];
  /** Prior probability of no leak and of more than one (default 0.05 each). */
  priorNone?: number;
  priorSeveral?: number;
  options?: Partial<
    Omit<PlanOptions, 'rateLowKgPerDay' | 'rateHighKgPerDay' | 'noise' | 'lifeSupportSdKgPerDay'>
  >;
  maxClosures?: number;
  /** The candidate configurations, when already worked out for this baseline (a leak hunt's steps). */
  configurations?: readonly HatchConfiguration[];
}

export interface PlanResult {
  posterior: LocationPosterior;
  periods: IsolationPeriod[];
  plan: Plan;
  /** What blurs an inventory slope, as the tests were sized for. */
  noise: PlanOptions['noise'];
  /** Rates the tests are sized for [kg/day]. */
  rateLowKgPerDay: number;
  rateHighKgPerDay: number;
  /** The crew aboard the tests were planned for (given, else the station's nominal crew). */
  crew: number;
}

/**
 * The wander of an inventory over a window [Pa] when there is no telemetry to measure it, where
 * the crew stays and in a closed-off group: about the medians the monitor showed in simulated ISS
 * leak hunts (thermal cycles, crew of 7, O2 control; `npm run bench localization` prints them).
 */
export const DEFAULT_WANDER_PA = { crewed: 20, closedOff: 15 };

/** Shortest estimate window the wander is fitted from (shorter ones are hatch work and mixing) [s]. */
const MIN_FIT_WINDOW_S = 2 * 3600;

/** Smallest leak rate a test is sized for, as a share of the best estimate, when its interval reaches 0. */
const LOW_RATE_SHARE = 0.5;

export function planFrom(input: PlanInput): PlanResult {
  const { station } = input;
  const asIs = asIsConfiguration(station);
  const present = input.present ?? asIs.present;
  const open = input.open ?? asIs.open;
  const modules = station.modules.filter((m) => present.has(m.id));
  const prior = {
    modules: new Map(modules.map((m) => [m.id, leakPriorWeight(m, input.year)])),
    none: input.priorNone ?? 0.05,
    several: input.priorSeveral ?? 0.05,
  };
  const periods = input.segments === undefined ? [] : isolationPeriods(input.segments, station);
  const posterior = locationPosterior(prior, periods);

  const ps = planningStation(station, present, open, input.crew);
  const monitorOptions = defaultMonitorOptions(station);
  const sensors = ps.modules.map((m) => m.binVariancePa2).filter((v): v is number => v !== null);
  const sensorFloor = sensors.length > 0 ? Math.min(...sensors) : 0;
  // the sensors' own white noise, and the wander the monitor's estimates showed (which takes in
  // its noise floors, thermal swings and crew activity alike)
  const base: SlopeNoise = {
    binVariancePa2: sensorFloor,
    binS: monitorOptions.binS,
    floors: [],
    wanderPa: 0,
  };
  const crewVehicles = new Set(ps.modules.filter((m) => m.seats > 0).map((m) => m.id));
  const observed = (crewed: boolean) =>
    // windows of a day at most: the wander model (se ∝ 1/window) is for the durations tests take
    (input.segments ?? []).flatMap((s) =>
      s.lastDay !== null &&
      s.kgPerPa > 0 &&
      s.lastDay.toS - s.lastDay.fromS >= MIN_FIT_WINDOW_S &&
      s.modules.some((m) => crewVehicles.has(m)) === crewed
        ? [{ seSlopePaPerS: s.lastDay.seKgPerS / s.kgPerPa, windowS: s.lastDay.toS - s.lastDay.fromS }]
        : [],
    );
  const noise = {
    crewed: { ...base, wanderPa: observedWanderPa(base, observed(true)) ?? DEFAULT_WANDER_PA.crewed },
    closedOff: { ...base, wanderPa: observedWanderPa(base, observed(false)) ?? DEFAULT_WANDER_PA.closedOff },
  };
  const rateLow = Math.max(input.rate90KgPerDay[0], LOW_RATE_SHARE * input.rateKgPerDay);
  const rateHigh = Math.max(input.rate90KgPerDay[1], input.rateKgPerDay);
  const options: PlanOptions = {
    ...DEFAULT_PLAN_OPTIONS,
    ...input.options,
    lifeSupportSdKgPerDay: (input.crew ?? station.crew.nominal) * CREW_O2_KG_PER_DAY,
    rateLowKgPerDay: rateLow,
    rateHighKgPerDay: rateHigh,
    noise,
  };
  const baseline = baselineConfiguration(ps);
  const configs =
    baseline === null ? [] : (input.configurations ?? candidateConfigurations(ps, input.maxClosures ?? 3));
  const planner = new TestPlanner(ps, configs, options);
  const single = Float64Array.from(ps.modules, (m) => posterior.modules.get(m.id) ?? 0);
  const total = single.reduce((s, x) => s + x, 0);
  for (let i = 0; i < single.length; i++) single[i] = total > 0 ? (single[i] as number) / total : 0;
  let plan = planner.plan(single, Math.max(0, ...posterior.holdsLeak.values()));
  if (baseline === null)
    plan = {
      ...plan,
      next: null,
      reason:
        'the baseline configuration leaves the crew without a group that has life support and its return vehicles',
    };
  return {
    posterior,
    periods,
    plan,
    noise: options.noise,
    rateLowKgPerDay: rateLow,
    rateHighKgPerDay: rateHigh,
    crew: input.crew ?? station.crew.nominal,
  };
}
