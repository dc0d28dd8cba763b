// The isolation-test checklist without a browser: the steps in the crew's order, and which are
// ticked from the plan-step events (the latest event of each step wins; other tests' ticks don't count).
import { describe, expect, it } from 'vitest';
import type { OperatorEvent, PlanTest } from './api.js';
import { planSteps, tickedSteps } from './plan.js';

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
