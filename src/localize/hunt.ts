/**
 * A leak hunt in closed loop: simulate → analyse → plan → close the hatches → simulate … until one
 * module holds the localization probability. The same loop runs Airtight's planner and the two
 * practices it is measured against:
 * - module by module: each module closed off alone in turn, most likely first, for as long as
 *   the power analysis asks (a strong version of the practice: its tests are no longer than ours);
 * - the operators' binary search: the US/Russian split first, then halving the remaining
 *   candidate modules by count, every test a weekend (48 h).
 * Every policy reads its tests through the same analysis and posterior, and stops by the same rule.
 */
import { CREW_O2_KG_PER_DAY, type Scenario, type ScenarioEvent, type Station } from '../core/index.js';
import {
  analysisSoFar,
  buildReport,
  createMonitor,
  defaultMonitorOptions,
  type MonitorState,
  monitorBatch,
} from '../monitor/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  SampleBuffer,
  type Simulation,
  scheduleEvents,
  stationAsItIs,
} from '../sim/index.js';
import {
  asIsConfiguration,
  candidateConfigurations,
  configurationOf,
  type HatchConfiguration,
  type PlanningStation,
  planningStation,
} from './configurations.js';
import { type PlanResult, planFrom } from './plan-from.js';
import { DEFAULT_PLAN_OPTIONS, type TestPlan, TestPlanner } from './planner.js';

export type HuntPolicy = 'airtight' | 'module-by-module' | 'binary-search';

export interface HuntOptions {
  policy: HuntPolicy;
  /** Run time [s] the monitor starts watching, and the hunt's first test. */
  watchFromS: number;
  startS: number;
  maxTests?: number;
  /**
   * Run time [s] the hunt must finish by (the scenario's end): a test that would run past it, with
   * the time to read it after, is not started. Default: no limit (the simulation stops feeding the
   * monitor at its own end).
   */
  endS?: number;
  /** Time after hatches reopen before the next test (air mixes, hatches are logged) [s]. */
  betweenTestsS?: number;
  /** Called after each test with the plan that followed it. */
  onStep?: (step: HuntStep) => void;
}

export interface HuntStep {
  startS: number;
  test: TestPlan;
  /** The plan and posterior as they stood before the test. */
  before: PlanResult;
}

export interface HuntResult {
  steps: HuntStep[];
  /** Hours of testing, hatch work included. */
  testHours: number;
  final: PlanResult;
  /** The module most probably holding a leak at the end, and that probability. */
  top: { module: string; probability: number };
  /** Probability that there is no leak at all, at the end. */
  pNoLeak: number;
  /** Why the hunt stopped: localized, the planner's reason, the test limit, or the scenario's end. */
  stopped: string;
}

const WEEKEND_S = 48 * 3600;

function feed(
  sim: Simulation,
  monitor: MonitorState,
  untilS: number,
  buffer: SampleBuffer,
  units: string[],
): void {
  while (sim.state.timeS < untilS - 1e-9 && !sim.state.finished) {
    advanceSimulation(sim, buffer, { untilS: Math.min(untilS, sim.state.timeS + 3600) });
    convertToSI(buffer, units);
    monitorBatch(monitor, buffer);
    buffer.clear();
  }
}

export function runHunt(scenario: Scenario, options: HuntOptions): HuntResult {
  const sim = createSimulation({ ...scenario, events: [...scenario.events] });
  const buffer = new SampleBuffer();
  advanceSimulation(sim, buffer, { untilS: options.watchFromS });
  buffer.clear();
  const station = stationAsItIs(sim.state);
  // the hunt reads isolation periods, not alarms: the monitor runs without its trailing-window scans
  const monitor = createMonitor(station, { ...defaultMonitorOptions(station), scanWindowsS: [] });
  const units = scenario.station.sensors.map((s) => s.unit);
  feed(sim, monitor, options.startS, buffer, units);

  const crew = scenario.crew.count;
  // the station as the hunt finds it (hatches the scenario opened or closed while it was watched);
  // the baseline and its candidate configurations stay the same through the hunt: worked out once
  const found = stationAsItIs(sim.state);
  const asIs = asIsConfiguration(found);
  const ps = planningStation(station, asIs.present, asIs.open, crew);
  const configurations = candidateConfigurations(ps, 3);
  const year = new Date(scenario.startMs + options.startS * 1000).getUTCFullYear();
  const betweenS = options.betweenTestsS ?? DEFAULT_PLAN_OPTIONS.overheadS;
  const steps: HuntStep[] = [];
  let testS = 0;
  let lastRate = { rate: 0, rate90: [0, 0] as readonly number[] };
  const planNow = (): PlanResult => {
    const analysis = analysisSoFar(monitor);
    const report = buildReport(analysis);
    // right after a test the reopened station has no estimate of its own yet, or a poor one: keep
    // the best so far (the narrowest 90 % interval)
    const r90 = report.leak.rateKgPerDay90;
    const width = (x: readonly number[]) => (x[1] as number) - (x[0] as number);
    if (
      report.leak.rateKgPerDay !== null &&
      r90 !== null &&
      (lastRate.rate === 0 || width(r90) < width(lastRate.rate90))
    )
      lastRate = { rate: report.leak.rateKgPerDay, rate90: r90 };
    const { rate, rate90 } = lastRate;
    return planFrom({
      station: found,
      crew,
      configurations,
      year,
      segments: analysis.segments,
      rateKgPerDay: rate,
      rate90KgPerDay: [rate90[0] as number, rate90[1] as number],
    });
  };
  let current = planNow();
  const maxTests = options.maxTests ?? 12;
  const huntEndS = options.endS ?? Number.POSITIVE_INFINITY;
  let stopped = `test limit reached (${maxTests} tests)`;
  while (steps.length < maxTests) {
    const test = nextTest(options.policy, current, steps.length, found, ps, configurations);
    if (test === null) {
      stopped = current.plan.reason ?? 'no test proposed';
      break;
    }
    const startS = sim.state.timeS;
    const endS = startS + test.durationS;
    if (endS + betweenS > huntEndS + 1e-9) {
      stopped = `the next test (${Math.round((test.durationS / 3600) * 100) / 100} h) would run past the scenario's end`;
      break;
    }
    const events: ScenarioEvent[] = [
      { atS: startS, kind: 'crew', modules: test.crewIn },
      ...test.close.map((hatch): ScenarioEvent => ({ atS: startS, kind: 'hatch', hatch, open: false })),
      ...test.generatorsOff.map((id): ScenarioEvent => ({ atS: startS, kind: 'generator', id, on: false })),
      ...test.generatorsOff.map((id): ScenarioEvent => ({ atS: endS, kind: 'generator', id, on: true })),
      ...test.close.map((hatch): ScenarioEvent => ({ atS: endS, kind: 'hatch', hatch, open: true })),
      { atS: endS, kind: 'crew', modules: [] },
    ];
    scheduleEvents(sim, events);
    feed(sim, monitor, endS + betweenS, buffer, units);
    testS += test.durationS + betweenS;
    const step = { startS, test, before: current };
    steps.push(step);
    current = planNow();
    options.onStep?.(step);
    if (current.plan.reason === 'localized') {
      stopped = 'localized';
      break;
    }
  }
  if (current.plan.reason === 'localized') stopped = 'localized';
  let top = { module: '', probability: 0 };
  for (const [module, probability] of current.posterior.holdsLeak)
    if (probability > top.probability) top = { module, probability };
  return { steps, testHours: testS / 3600, final: current, top, pNoLeak: current.posterior.none, stopped };
}

/** The next test under a policy, or null when it has none (or the leak is localized). */
function nextTest(
  policy: HuntPolicy,
  current: PlanResult,
  done: number,
  station: Station,
  ps: PlanningStation,
  configurations: readonly HatchConfiguration[],
): TestPlan | null {
  if (current.plan.reason === 'localized') return null;
  if (policy === 'airtight') return current.plan.next;
  const planner = new TestPlanner(ps, [], {
    ...DEFAULT_PLAN_OPTIONS,
    maxDurationS: Math.max(DEFAULT_PLAN_OPTIONS.maxDurationS, WEEKEND_S),
    lifeSupportSdKgPerDay: ps.crew * CREW_O2_KG_PER_DAY,
    rateLowKgPerDay: current.rateLowKgPerDay,
    rateHighKgPerDay: current.rateHighKgPerDay,
    noise: current.noise,
  });
  const p = Float64Array.from(ps.modules, (m) => current.plan.modules.get(m.id) ?? 0);
  const live = (i: number): boolean => (p[i] as number) > 1e-6;
  if (policy === 'module-by-module') {
    const order = [...ps.modules.keys()].filter(live).sort((a, b) => (p[b] as number) - (p[a] as number));
    for (const i of order) {
      const hatches = ps.hatches
        .filter((h) => h.open && h.closable && (h.a === i || h.b === i))
        .map((h) => h.id);
      const config = configurationOf(ps, new Set(hatches));
      if (config === null || (config.groups[config.groupOf[i] as number] as number[]).length !== 1) continue;
      const test = planner.testWith(config, p);
      if (test !== null) return test;
    }
    return null;
  }
  // binary search: the US/Russian split first, then halve the candidates by count, weekend tests
  const configs =
    done === 0
      ? [segmentSplit(ps, station)].filter((c): c is HatchConfiguration => c !== null)
      : halvings(configurations, [...ps.modules.keys()].filter(live));
  for (const config of configs) {
    const test = planner.testWith(config, p, WEEKEND_S);
    if (test !== null) return test;
  }
  return null;
}

/** Every hatch between modules of different segments closed (US/Russian), if acceptable. */
function segmentSplit(ps: PlanningStation, station: Station): HatchConfiguration | null {
  const segment = new Map(station.modules.map((m) => [m.id, m.segment]));
  const hatches = ps.hatches.filter((h) => {
    const a = segment.get(ps.modules[h.a]?.id ?? '');
    const b = segment.get(ps.modules[h.b]?.id ?? '');
    return h.open && h.closable && a !== undefined && b !== undefined && a !== b;
  });
  return configurationOf(ps, new Set(hatches.map((h) => h.id)));
}

/** Configurations splitting the candidates into two parts, the most even (by count) first. */
function halvings(
  configurations: readonly HatchConfiguration[],
  candidates: readonly number[],
): HatchConfiguration[] {
  const scored = configurations.flatMap((config) => {
    const counts = new Map<number, number>();
    for (const i of candidates)
      counts.set(config.groupOf[i] as number, (counts.get(config.groupOf[i] as number) ?? 0) + 1);
    if (counts.size !== 2) return [];
    const [a, b] = [...counts.values()] as [number, number];
    return [{ config, imbalance: Math.abs(a - b), closures: config.close.length }];
  });
  return scored.sort((x, y) => x.imbalance - y.imbalance || x.closures - y.closures).map((s) => s.config);
}
