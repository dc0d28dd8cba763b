// Localization bench (issue 4): leak hunts on the built-in ISS in closed loop, simulate → analyse →
// plan → close hatches → simulate, with Airtight's planner beside module-by-module closure and the
// operators' binary search with weekend tests; and the 2020 replay of the PrK hunt.
import { loadScenario, loadStation, parseDocumentText, scenarioFromDocument } from '../src/config/index.js';
import type { Scenario } from '../src/core/index.js';
import { Rng } from '../src/core/index.js';
import {
  asIsConfiguration,
  candidateConfigurations,
  type HuntPolicy,
  inseparableSets,
  planningStation,
  runHunt,
} from '../src/localize/index.js';
import { advanceSimulation, createSimulation, SampleBuffer, stationAsItIs } from '../src/sim/index.js';
import { parallelMap } from './parallel.js';
import { median, printTable } from './report.js';

export interface HuntCase {
  module: string;
  rateKgPerDay: number;
  seed: number;
  policy: HuntPolicy;
}

export interface HuntOutcome extends HuntCase {
  correct: boolean;
  /** The true module's set of modules no acceptable test splits (itself alone if none) holds ≥ 95 %. */
  setCorrect: boolean;
  top: string;
  probability: number;
  tests: number;
  hours: number;
  wanderCrewedPa: number;
  wanderClosedOffPa: number;
}

const WATCH_H = 24;

/** A day of the ISS as it is today, every hatch open (the PrK too), with one leak from the start. */
export function huntScenarioYaml(c: Pick<HuntCase, 'module' | 'rateKgPerDay' | 'seed'>): string {
  return `station: iss
start: 2026-02-01T00:00:00Z
duration_h: 2000
step_s: 60
seed: ${c.seed}
spin_up_h: 12
crew: { count: 7 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.55, drift_K: 0.15, drift_timescale_h: 6, module_spread: 0.3 }
control: { pressure: { store: quest-n2, below_mmHg: 742, until_mmHg: 745, flow_kg_h: 2 } }
events:
  - { at_h: 0, hatch: zvezda-ro-zvezda-prk, state: open }
  - { at_h: 0, hatch: zvezda-prk-progress-aft, state: open }
  - { at_h: 0, leak: { id: leak, module: ${c.module}, law: crack, rate_kg_day: ${c.rateKgPerDay.toFixed(3)} } }
`;
}

function huntScenarioOf(c: Pick<HuntCase, 'module' | 'rateKgPerDay' | 'seed'>): Scenario {
  return scenarioFromDocument(
    parseDocumentText(huntScenarioYaml(c), `hunt-${c.module}.yaml`),
    'hunt',
    (n, d) => loadStation(n, d),
  );
}

/** One hunt (a worker job). */
export function huntJob(c: HuntCase): HuntOutcome {
  const scenario = huntScenarioOf(c);
  const result = runHunt(scenario, {
    policy: c.policy,
    watchFromS: 0,
    startS: WATCH_H * 3600,
    maxTests: c.policy === 'module-by-module' ? 30 : 12,
  });
  const set = inseparableSetsOf(scenario).find((s) => s.includes(c.module)) ?? [c.module];
  const setShare = set.reduce((s, id) => s + (result.final.plan.modules.get(id) ?? 0), 0);
  const correct = result.top.module === c.module && result.top.probability >= 0.95;
  return {
    ...c,
    correct,
    setCorrect: correct || setShare >= 0.95,
    top: result.top.module,
    probability: result.top.probability,
    tests: result.steps.length,
    hours: result.testHours,
    wanderCrewedPa: result.final.noise.crewed.wanderPa,
    wanderClosedOffPa: result.final.noise.closedOff.wanderPa,
  };
}

/**
 * The sets of modules no acceptable configuration splits, on the station as the hunts find it (the
 * scenario's opening events applied), by module id; worked out once per process.
 */
let inseparable: string[][] | null = null;
export function inseparableSetsOf(scenario: Scenario): string[][] {
  if (inseparable !== null) return inseparable;
  const sim = createSimulation({ ...scenario, events: [...scenario.events] });
  advanceSimulation(sim, new SampleBuffer(), { untilS: scenario.stepS });
  const found = stationAsItIs(sim.state);
  const asIs = asIsConfiguration(found);
  const ps = planningStation(found, asIs.present, asIs.open, scenario.crew.count);
  inseparable = inseparableSets(ps, candidateConfigurations(ps, 3)).map((set) =>
    set.map((i) => ps.modules[i]?.id ?? ''),
  );
  return inseparable;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export async function benchLocalization(quick: boolean): Promise<void> {
  const station = loadStation('iss');
  const modules = station.modules.filter((m) => m.present).map((m) => m.id);
  const chosen = quick ? modules.filter((_, i) => i % 4 === 0) : modules;
  const rng = new Rng(4);
  const cases = chosen.map((module, i) => ({
    module,
    seed: 100 + i,
    // log-uniform over 0.3–3 kg/day
    rateKgPerDay: 0.3 * 10 ** rng.uniform(),
  }));
  const policies: HuntPolicy[] = ['airtight', 'module-by-module', 'binary-search'];
  const inputs = policies.flatMap((policy) => cases.map((c) => ({ ...c, policy })));
  const outcomes = await parallelMap<HuntCase, HuntOutcome>('hunt', inputs);
  const of = (policy: HuntPolicy) => outcomes.filter((o) => o.policy === policy);
  const n = modules.length;
  const log2 = Math.ceil(Math.log2(n)) + 1;
  const summary = (policy: HuntPolicy) => {
    const list = of(policy);
    return {
      accuracy: list.filter((o) => o.correct).length / list.length,
      setAccuracy: list.filter((o) => o.setCorrect).length / list.length,
      medianHours: median(list.map((o) => o.hours)),
      p90Hours: quantile(
        list.map((o) => o.hours),
        0.9,
      ),
      medianTests: median(list.map((o) => o.tests)),
      p90Tests: quantile(
        list.map((o) => o.tests),
        0.9,
      ),
    };
  };
  const a = summary('airtight');
  const m = summary('module-by-module');
  const b = summary('binary-search');
  const better = Math.min(m.medianHours, b.medianHours);
  const sets = inseparableSetsOf(huntScenarioOf(cases[0] as (typeof cases)[number]));
  const ceiling = (n - sets.reduce((s, set) => s + set.length, 0)) / n;
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  printTable(
    `Localization: closed-loop hunts on the ISS (${chosen.length} leaks, one per ${quick ? 'fourth ' : ''}module, 0.3–3 kg/day)`,
    `Each hunt: a day watched, then tests until one module holds ≥ 95 %. Baselines: module by module (each module closed off alone, most likely first, power-analysis durations) | binary search (US/Russian split, then halving by count, 48 h weekends). N = ${n} modules.`,
    [
      {
        measure: 'correct (true module ≥ 95 %)',
        value: pct(a.accuracy),
        target: `≥ 95 % (at most ${pct(ceiling)} possible) | ${pct(m.accuracy)} | ${pct(b.accuracy)}`,
        pass: a.accuracy >= 0.95,
      },
      {
        measure: 'true module, or its set no test splits, ≥ 95 %',
        value: pct(a.setAccuracy),
        target: `— | ${pct(m.setAccuracy)} | ${pct(b.setAccuracy)}`,
        pass: null,
      },
      {
        measure: 'modules no acceptable test splits',
        value: sets.map((s) => s.join('+')).join('; ') || 'none',
        target: 'crew of 7, Soyuz at Rassvet, Crew Dragon at PMA-2',
        pass: null,
      },
      {
        measure: 'configurations, median',
        value: a.medianTests.toFixed(1),
        target: `≤ ${log2} | ${m.medianTests.toFixed(1)} | ${b.medianTests.toFixed(1)}`,
        pass: a.medianTests <= log2,
      },
      {
        measure: 'configurations, 90th percentile',
        value: a.p90Tests.toFixed(0),
        target: `— | ${m.p90Tests.toFixed(0)} | ${b.p90Tests.toFixed(0)}`,
        pass: null,
      },
      {
        measure: 'test hours, median',
        value: a.medianHours.toFixed(1),
        target: `≤ ${(better / 2).toFixed(1)} (half the better) | ${m.medianHours.toFixed(1)} | ${b.medianHours.toFixed(1)}`,
        pass: a.medianHours <= better / 2,
      },
      {
        measure: 'test hours, 90th percentile',
        value: a.p90Hours.toFixed(1),
        target: `— | ${m.p90Hours.toFixed(1)} | ${b.p90Hours.toFixed(1)}`,
        pass: null,
      },
      {
        measure: 'fitted wander, crewed / closed off (median)',
        value: `${median(of('airtight').map((o) => o.wanderCrewedPa)).toFixed(1)} / ${median(of('airtight').map((o) => o.wanderClosedOffPa)).toFixed(1)} Pa`,
        target: 'defaults 20 / 15 Pa',
        pass: null,
      },
    ],
  );
  const missed = of('airtight').filter((o) => !o.correct);
  if (missed.length > 0)
    process.stdout.write(
      `\nAirtight missed: ${missed.map((o) => `${o.module} @ ${o.rateKgPerDay.toFixed(2)} kg/day → ${o.top} ${o.probability.toFixed(2)} after ${o.tests} tests`).join('; ')}\n`,
    );

  const replay = replay2020();
  printTable(
    'Localization: the 2020 replay (prk-2020 from 18 Aug 2020, 0.54 kg/day, location unknown)',
    'History: from 20 August to 29 September 2020 (two isolation weekends and a night).',
    [
      {
        measure: 'localized to',
        value: `${replay.top} (${(100 * replay.probability).toFixed(1)} %)`,
        target: 'zvezda-prk',
        pass: replay.top === 'zvezda-prk' && replay.probability >= 0.95,
      },
      {
        measure: 'test time',
        value: `${replay.hours.toFixed(1)} h in ${replay.tests} tests`,
        target: '≤ 72 h',
        pass: replay.hours <= 72,
      },
    ],
  );
}

/** The 2020 hunt replayed with Airtight's plans: prk-2020 without its own hatch events after mid-August. */
export function replay2020(onStep?: Parameters<typeof runHunt>[1]['onStep']) {
  const base = loadScenario('prk-2020');
  const fineFromH = 8424; // 17 Aug 2020, where the scenario turns to 10 s steps
  const scenario = {
    ...base,
    events: base.events.filter(
      (e) => e.atS < fineFromH * 3600 || !['hatch', 'crew', 'temperature'].includes(e.kind),
    ),
  };
  const result = runHunt(scenario, {
    policy: 'airtight',
    watchFromS: fineFromH * 3600,
    startS: (fineFromH + 24) * 3600,
    ...(onStep !== undefined && { onStep }),
  });
  return {
    top: result.top.module,
    probability: result.top.probability,
    hours: result.testHours,
    tests: result.steps.length,
    result,
  };
}
