import { describe, expect, it } from 'vitest';
import { loadStation, parseDocumentText, scenarioFromDocument } from '../config/index.js';
import { normalQuantile, type Station } from '../core/index.js';
import {
  candidateConfigurations,
  type HatchConfiguration,
  inseparableSets,
  type PlanningStation,
  planningStation,
} from './configurations.js';
import { runHunt } from './hunt.js';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions, TestPlanner } from './planner.js';
import { separation, slopeVariance } from './power.js';

function asIs(station: Station): PlanningStation {
  return planningStation(
    station,
    new Set(station.modules.filter((m) => m.present).map((m) => m.id)),
    new Set(station.hatches.filter((h) => h.initiallyOpen).map((h) => h.id)),
  );
}

const noise = { binVariancePa2: 0.01, binS: 60, floors: [], wanderPa: 10 };

function options(rateLow: number, rateHigh: number): PlanOptions {
  return {
    ...DEFAULT_PLAN_OPTIONS,
    lifeSupportSdKgPerDay: 3,
    rateLowKgPerDay: rateLow,
    rateHighKgPerDay: rateHigh,
    noise: { crewed: noise, closedOff: noise },
  };
}

/** Independent check of the safe-haven rule on one configuration. */
function crewCanLive(ps: PlanningStation, config: HatchConfiguration): boolean {
  const vehicles = new Map<string, number[]>();
  ps.modules.forEach((m, i) => {
    if (m.seats > 0 && m.vehicle !== undefined)
      vehicles.set(m.vehicle, [...(vehicles.get(m.vehicle) ?? []), i]);
  });
  for (const members of vehicles.values()) {
    const reachable = new Set(members.map((i) => config.groupOf[i]));
    for (const h of ps.hatches)
      if (members.includes(h.a)) reachable.add(config.groupOf[h.b]);
      else if (members.includes(h.b)) reachable.add(config.groupOf[h.a]);
    const ok = [...reachable].some((g) => {
      if (g === undefined || !config.crewed[g]) return false;
      const ms = (config.groups[g] as number[]).map((i) => ps.modules[i]);
      return ms.some((m) => m?.habitable) && ms.some((m) => m?.o2Source) && ms.some((m) => m?.co2Removal);
    });
    if (!ok) return false;
  }
  return true;
}

describe('hatch-closure test planner', () => {
  const iss = loadStation('iss');
  const ps = asIs(iss);
  const configs = candidateConfigurations(ps, 3);

  it('every candidate configuration keeps each crew with life support beside its return vehicle', () => {
    expect(configs.length).toBeGreaterThan(100);
    for (const config of configs) {
      expect(crewCanLive(ps, config)).toBe(true);
      // only closable hatches that were open are closed
      for (const id of config.close) {
        const h = ps.hatches.find((x) => x.id === id);
        expect(h?.closable && h.open).toBe(true);
      }
    }
  });

  it('sizes a test to the shortest duration that separates its outcomes at 95 %, and no shorter', () => {
    const planner = new TestPlanner(ps, configs, options(0.4, 0.7));
    const uniform = new Float64Array(ps.modules.length).fill(1 / ps.modules.length);
    const plan = planner.plan(uniform);
    const next = plan.next;
    expect(next).not.toBeNull();
    if (next === null) return;
    const target = 2 * normalQuantile(0.95);
    const live = next.groups.filter((g) => g.probability > 1e-6);
    const kgPerPa = (g: (typeof live)[number]) =>
      g.modules.reduce((s, id) => s + (ps.modules.find((m) => m.id === id)?.kgPerPa ?? 0), 0);
    // recompute each group's standard error independently of the planner
    const se = (g: (typeof live)[number], t: number) => {
      const base = Math.sqrt(slopeVariance(noise, t)) * kgPerPa(g) * 86400;
      return g.crewed ? Math.hypot(base, 3) : base;
    };
    const worst = (t: number) => {
      let d = Number.POSITIVE_INFINITY;
      for (let i = 0; i < live.length; i++)
        for (let j = i + 1; j < live.length; j++)
          d = Math.min(d, separation(0.4, se(live[i] as never, t), se(live[j] as never, t)));
      return d;
    };
    expect(worst(next.durationS)).toBeGreaterThanOrEqual(target);
    if (next.durationS > DEFAULT_PLAN_OPTIONS.minDurationS)
      expect(worst(next.durationS - 900)).toBeLessThan(target);
    expect(next.errorProbability).toBeLessThanOrEqual(0.05);
    // the crew is where the plan says, and those groups have life support
    for (const g of next.groups.filter((x) => x.crewed))
      expect(g.modules.some((id) => next.crewIn.includes(id))).toBe(true);
    // a uniform prior over N modules needs at least log_k N tests of k outcomes
    expect(plan.expectedTests).toBeGreaterThanOrEqual(1);
    expect(plan.expectedTests).toBeLessThanOrEqual(Math.ceil(Math.log2(ps.modules.length)) + 1);
  });

  it('never proposes a test that cannot reach significance, and stops once the leak is localized', () => {
    const tiny = new TestPlanner(ps, configs, options(0.0005, 0.001));
    const uniform = new Float64Array(ps.modules.length).fill(1 / ps.modules.length);
    const none = tiny.plan(uniform);
    expect(none.next).toBeNull();
    expect(none.reason).toMatch(/no acceptable configuration/);

    const planner = new TestPlanner(ps, configs, options(0.4, 0.7));
    const sure = new Float64Array(ps.modules.length).fill(0.03 / (ps.modules.length - 1));
    sure[0] = 0.97;
    const done = planner.plan(sure);
    expect(done.next).toBeNull();
    expect(done.reason).toBe('localized');
    expect(done.expectedTests).toBe(0);
  });

  it('finds a leak in closed loop on the two-module station: simulate, analyse, plan, close, repeat', () => {
    for (const module of ['lab', 'capsule']) {
      const yaml = `station: haven
start: 2026-03-01T00:00:00Z
duration_h: 400
step_s: 60
seed: 5
crew: { count: 4 }
events:
  - { at_h: 0, leak: { id: l, module: ${module}, law: crack, rate_kg_day: 0.8 } }
`;
      const scenario = scenarioFromDocument(parseDocumentText(yaml, 'hunt.yaml'), 'hunt', (n, d) =>
        loadStation(n, d),
      );
      const result = runHunt(scenario, { policy: 'airtight', watchFromS: 0, startS: 12 * 3600 });
      expect(result.top.module).toBe(module);
      expect(result.top.probability).toBeGreaterThanOrEqual(0.95);
      expect(result.steps.length).toBeLessThanOrEqual(2);
      // each test closed only hatches of the station and kept the crew in the habitat
      for (const step of result.steps) expect(step.test.crewIn).toContain('hab');
    }
  }, 120_000);
});

describe('modules no acceptable test splits', () => {
  // the ISS as the leak hunts find it: the PrK and the aft Progress opened to the station
  const iss = loadStation('iss');
  const open = new Set(iss.hatches.filter((h) => h.initiallyOpen).map((h) => h.id));
  open.add('zvezda-ro-zvezda-prk');
  open.add('zvezda-prk-progress-aft');
  const ps = planningStation(iss, new Set(iss.modules.filter((m) => m.present).map((m) => m.id)), open, 7);
  const configs = candidateConfigurations(ps, 3);
  const index = (id: string) => ps.modules.findIndex((m) => m.id === id);

  it('are the sets every configuration keeps in one group, checked pair by pair', () => {
    const sets = inseparableSets(ps, configs);
    const ids = sets.map((set) => set.map((i) => ps.modules[i]?.id).sort());
    // the Soyuz crew needs Rassvet (its port) and Zarya (the way to life support) together; the Crew
    // Dragon crew needs PMA-2, Node 2, the US Lab (CO2 removal) and Node 1 (the way to an O2 source)
    expect(ids).toEqual([
      ['rassvet', 'zarya'],
      ['node1', 'node2', 'pma2', 'us-lab'],
    ]);
    // independently: every other pair of modules is split by some configuration
    const together = new Set(sets.flatMap((set) => set.flatMap((a) => set.map((b) => `${a},${b}`))));
    for (let a = 0; a < ps.modules.length; a++)
      for (let b = a + 1; b < ps.modules.length; b++)
        expect(configs.some((c) => c.groupOf[a] !== c.groupOf[b])).toBe(!together.has(`${a},${b}`));
  });

  it('stop the plan with the set named, instead of tests that learn nothing', () => {
    // the rest share 0.5 %: no test splitting them off is worth 0.05 bits (H(0.005) = 0.045)
    const p = new Float64Array(ps.modules.length).fill(0.0002);
    p[index('zarya')] = 0.7;
    p[index('rassvet')] = 0.25;
    const total = p.reduce((s, x) => s + x, 0);
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / total;
    const plan = new TestPlanner(ps, configs, options(0.3, 0.6)).plan(p);
    expect(plan.next).toBeNull();
    expect(plan.undecided).toEqual(['zarya', 'rassvet']);
    expect(plan.reason).toContain('no acceptable configuration splits');
    // with the same probabilities on two modules a test can split, it plans one
    const q = new Float64Array(ps.modules.length).fill(0.0002);
    q[index('zarya')] = 0.7;
    q[index('columbus')] = 0.25;
    const sum = q.reduce((s, x) => s + x, 0);
    for (let i = 0; i < q.length; i++) q[i] = (q[i] as number) / sum;
    const next = new TestPlanner(ps, configs, options(0.3, 0.6)).plan(q).next;
    expect(next).not.toBeNull();
    const config = configs.find((c) => c.close.join() === next?.close.join());
    expect(config?.groupOf[index('zarya')]).not.toBe(config?.groupOf[index('columbus')]);
  });
});
