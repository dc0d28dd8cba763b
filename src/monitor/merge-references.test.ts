// Groups that were apart and join again: a gauge read every 5 min still holds a reading from
// before the hatches opened. Referenced there, it read the pressure difference off its neighbours
// ever after and was called faulty: on prk-2020 the PrK's gauge, the one in the leaking module,
// was called faulty as "5.1 mmHg above the other pressure sensors" when weekend #1
// ended, and 8.1 mmHg when weekend #2 did.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';

describe('groups joined again after an isolation', () => {
  it('references a slow gauge only on readings taken after the hatches opened', () => {
    const { monitor } = runCase(
      caseScenario({
        seed: 31,
        hours: 9,
        events: [
          '{ at_h: 0, hatch: zvezda-ro-zvezda-prk, state: open }',
          // the Russian segment closed off with a 20 kg/day leak: ~6 mmHg below the rest by 5 h
          '{ at_h: 1, hatch: node1-pma1, state: closed }',
          '{ at_h: 1, leak: { id: L, module: zvezda-ro, law: crack, rate_kg_day: 20 } }',
          '{ at_h: 5, leak_stop: L }',
          '{ at_h: 5.01, hatch: node1-pma1, state: open }',
        ],
      }),
    );
    const joined = monitor.segments.filter(
      (s) => s.modules.includes('zvezda-prk') && s.modules.includes('us-lab'),
    );
    expect(joined.length).toBeGreaterThanOrEqual(2);
    expect(monitor.alarms.filter((a) => a.kind === 'sensor-fault')).toEqual([]);
  });
});

describe('two pressure sensors that disagree', () => {
  it('blames neither: of two, either may be the one that is off', () => {
    // Poisk closed off with its Progress: Poisk's 0.1 mmHg gauge and the Progress's 1 mmHg one.
    // The Progress's reads 2 mmHg high from 3 h; the median of two is their mean, so each reads 1
    // mmHg from it, beyond the fine gauge's limit (0.3) and within the coarse one's (2 steps):
    // the fine gauge, the good one, was called faulty
    const { monitor } = runCase(
      caseScenario({
        seed: 32,
        hours: 6,
        events: [
          '{ at_h: 1, hatch: zvezda-pkho-poisk, state: closed }',
          '{ at_h: 3, sensor: P_PROGRESS_POISK, fault: { kind: bias, value: 2 } }',
        ],
      }),
    );
    const poisk = monitor.finalGroups.find((g) => g.series.model.moduleIds.includes('poisk'))!;
    expect(poisk.series.model.pressure.length).toBe(2);
    expect(monitor.alarms.filter((a) => a.kind === 'sensor-fault')).toEqual([]);
  });
});
