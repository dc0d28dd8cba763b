// Groups that were apart and join again: a gauge read every 5 min still holds a reading from
// before the hatches opened. Referenced there, it read the pressure difference off its neighbours
// ever after and was called faulty: on prk-2020 the PrK's gauge, the one in the leaking module,
// was left out of the estimate as "5.1 mmHg above the other pressure sensors" when weekend #1
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
