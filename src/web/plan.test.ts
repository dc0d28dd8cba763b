// The isolation-test checklist without a browser: the steps in the crew's order, and which are
// ticked from the plan-step events (the latest event of each step wins; other tests' ticks don't count);
// and the status line: which leak rate the plan was sized for, and what "localized" means.
import { describe, expect, it } from 'vitest';
import type { OperatorEvent, Plan, PlanTest } from './api.js';
import { planStatus, planSteps, posteriorRows, tickedSteps } from './plan.js';

const test: PlanTest = {
  close: ['a-b', 'b-c'],
  crewIn: ['a'],
  generatorsOff: ['oga'],
  durationH: 3.5,
  decisionRule: {
    rule: '',
    groups: [
      {
        modules: ['a'],
        probability: 0.6,
        crewed: true,
        thresholdKgPerDay: 0.2,
        thresholdDropMmHg: 0.05,
        dropIfLeakMmHg: [],
      },
      {
        modules: ['b'],
        probability: 0.3,
        crewed: false,
        thresholdKgPerDay: 0.2,
        thresholdDropMmHg: 1.2,
        dropIfLeakMmHg: [],
      },
    ],
  },
  errorProbability: 0.01,
  informationBits: 1,
};

const event = (id: number, step: number, testClose: string[], done?: boolean): OperatorEvent => ({
  id,
  time: id,
  kind: 'plan-step',
  author: 'operator-1',
  payload: { step, text: 'x', testClose, ...(done !== undefined && { done }) },
});

describe('isolation-test checklist', () => {
  it('lists crew, generators, each hatch in order, the wait, each reading, then reopening in reverse', () => {
    const steps = planSteps(test);
    expect(steps.length).toBe(1 + 1 + 2 + 1 + 2 + 1);
    expect(steps[0]).toBe('Crew to a');
    expect(steps[1]).toBe('Generators off: oga');
    expect(steps.slice(2, 4)).toEqual(['Close hatch a-b', 'Close hatch b-c']);
    expect(steps[4]).toBe('Wait 3.5 h');
    expect(steps[5]).toContain('more than 0.05 mmHg');
    expect(steps[6]).toMatch(/^Read b: .*1\.2 mmHg.*now 30 %/);
    expect(steps[7]).toBe('Reopen b-c, a-b');
  });

  it("takes each step's latest tick for this test only", () => {
    const events = [
      event(1, 0, ['a-b', 'b-c']),
      event(2, 2, ['a-b', 'b-c']),
      event(3, 2, ['a-b', 'b-c'], false),
      event(4, 3, ['a-b']),
      { ...event(5, 1, ['a-b', 'b-c']), kind: 'note' },
    ];
    expect([...tickedSteps(events, ['a-b', 'b-c'])]).toEqual([0]);
    expect([...tickedSteps(events, ['a-b'])]).toEqual([3]);
    expect(tickedSteps([...events].reverse(), ['a-b', 'b-c']).has(2)).toBe(false);
  });
});

describe('plan status', () => {
  const plan = (over: Partial<Plan>): Plan => ({
    at: '2020-08-27T10:39:50.000Z',
    posterior: { 'zvezda-prk': 0.11, zarya: 0, 'zvezda-ro': 0 },
    none: 0,
    several: 0.89,
    holdsLeak: { 'zvezda-prk': 0.97, zarya: 0.39, 'zvezda-ro': 0.29 },
    leak: { rateKgPerDay: 0.564, rateKgPerDay90: [0.42, 0.71] },
    next: null,
    reason: 'localized',
    expectedRemainingTests: 0,
    expectedRemainingHours: 0,
    ...over,
  });

  it("says which rate the plan was sized for: the station's, all groups summed, as of its data", () => {
    expect(planStatus(plan({}))).toMatch(
      /^station leak 0\.564 kg\/day \(90 % 0\.42 to 0\.71\): every group's rate summed, each over its present hatch configuration, data to 2020-08-27 10:39Z · /,
    );
  });

  it("says what 'localized' refers to: the module holding a leak, alone or as one of two", () => {
    const text = planStatus(plan({}));
    expect(text).toContain(
      'no further test: localized to zvezda-prk, which holds a leak with P 97 % (11 % as the only leak, 86 % as one of two); P(a second leak elsewhere too) 89 %',
    );
    expect(text).not.toMatch(/no further test: localized$/);
    // another reason is the planner's own words
    expect(planStatus(plan({ reason: 'no acceptable configuration separates …' }))).toMatch(
      /· no further test: no acceptable configuration separates …$/,
    );
  });

  it('lists the modules likeliest to hold a leak with both probabilities, then no module and several', () => {
    const rows = posteriorRows(plan({}));
    expect(rows.map((r) => r.name)).toEqual(['zvezda-prk', 'zarya', 'zvezda-ro', 'no module', 'several']);
    expect(rows[0]).toEqual({ name: 'zvezda-prk', only: 0.11, holds: 0.97 });
    expect(rows.at(-1)).toEqual({ name: 'several', only: 0.89, holds: null });
  });
});
