import { describe, expect, it } from 'vitest';
import { scenarioFromYaml, simulatedBatches } from '../../test/scenario.js';
import { createMonitor, finishMonitor, monitorBatch } from './monitor.js';
import { buildReport } from './report.js';

/** The leak part of the report on `hours` of Haven at 10 s readings with these scenario events. */
function leakOf(hours: number, events: string[]) {
  const scenario = scenarioFromYaml(`station: haven
start: 2026-01-10T00:00:00Z
duration_h: ${hours}
step_s: 10
seed: 5
events:
${events.map((e) => `  - ${e}`).join('\n')}
`);
  const monitor = createMonitor(scenario.station);
  for (const b of simulatedBatches(scenario, 60)) monitorBatch(monitor, b);
  finishMonitor(monitor);
  return buildReport(monitor).leak;
}

describe('a module closed off after a puncture and left to empty', () => {
  it('is reported apart: its leak draws no stores, the rest of the station does', () => {
    // Haven's lab holed (8 mm) at 1 h, its hatch shut 6 minutes later: at 4 h the lab is at ~150 mmHg,
    // still losing ~140 kg/day (the simulator's truth: 138.8)
    const leak = leakOf(4, [
      '{ at_h: 1, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 8 } }',
      '{ at_h: 1.1, hatch: hab-lab, state: closed }',
    ]);
    const stores = leak.drawingStores;
    expect(stores?.leftToEmpty).toEqual([
      { modules: ['lab'], rateKgPerDay: expect.any(Number), pressureMmHg: expect.any(Number) },
    ]);
    expect(stores?.leftToEmpty[0]?.pressureMmHg).toBeLessThan(490);
    expect(Math.abs((stores?.leftToEmpty[0]?.rateKgPerDay ?? 0) / 138.8 - 1)).toBeLessThan(0.05);
    // the rest (hab and capsule, tight): its interval holds zero, and the two add up to the whole
    const [low, high] = stores?.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    expect(
      (stores?.rateKgPerDay ?? Number.NaN) + (stores?.leftToEmpty[0]?.rateKgPerDay ?? Number.NaN),
    ).toBeCloseTo(leak.rateKgPerDay ?? Number.NaN, 2);
  });

  it('is absent where every group is above the evacuation pressure', () => {
    expect(leakOf(3, ['{ at_h: 1, hatch: hab-lab, state: closed }']).drawingStores).toBeUndefined();
  });
});
