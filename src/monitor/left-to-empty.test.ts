import { describe, expect, it } from 'vitest';
import { scenarioFromYaml, simulatedBatches } from '../../test/scenario.js';
import { createMonitor, finishMonitor, monitorBatch } from './monitor.js';
import { buildReport } from './report.js';

describe('a module closed off after a puncture and left to empty', () => {
  it('is reported apart: its leak draws no stores, the rest of the station does', () => {
    // Haven's lab holed (20 mm) at 1 h, its hatch shut 6 minutes later: the lab empties to vacuum
    const scenario = scenarioFromYaml(`station: haven
start: 2026-01-10T00:00:00Z
duration_h: 4
step_s: 10
seed: 5
events:
  - { at_h: 1, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 20 } }
  - { at_h: 1.1, hatch: hab-lab, state: closed }
`);
    const monitor = createMonitor(scenario.station);
    for (const b of simulatedBatches(scenario, 60)) monitorBatch(monitor, b);
    finishMonitor(monitor);
    const { leak } = buildReport(monitor);
    const stores = leak.drawingStores;
    expect(stores?.leftToEmpty).toEqual([
      { modules: ['lab'], rateKgPerDay: expect.any(Number), pressureMmHg: expect.any(Number) },
    ]);
    expect(stores?.leftToEmpty[0]?.pressureMmHg).toBeLessThan(490);
    // the rest (hab and capsule, tight): its interval holds zero, and the two add up to the whole
    const [low, high] = stores?.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    expect(
      (stores?.rateKgPerDay ?? Number.NaN) + (stores?.leftToEmpty[0]?.rateKgPerDay ?? Number.NaN),
    ).toBeCloseTo(leak.rateKgPerDay ?? Number.NaN, 2);
  });

  it('is absent where every group is above the evacuation pressure', () => {
    const scenario = scenarioFromYaml(`station: haven
start: 2026-01-10T00:00:00Z
duration_h: 3
step_s: 10
seed: 5
events:
  - { at_h: 1, hatch: hab-lab, state: closed }
`);
    const monitor = createMonitor(scenario.station);
    for (const b of simulatedBatches(scenario, 60)) monitorBatch(monitor, b);
    finishMonitor(monitor);
    expect(buildReport(monitor).leak.drawingStores).toBeUndefined();
  });
});
