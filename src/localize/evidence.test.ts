import { describe, expect, it } from 'vitest';
import { loadScenario } from '../config/index.js';
import { createMonitor, finishMonitor, monitorBatch } from '../monitor/index.js';
import {
  advanceSimulation,
  convertToSI,
  createSimulation,
  SampleBuffer,
  stationAsItIs,
} from '../sim/index.js';
import { isolationPeriods } from './evidence.js';
import { locationPosterior } from './posterior.js';
import { leakPriorWeight } from './wall-area.js';

describe('isolation evidence from an analysis', () => {
  it("prk-2020's first isolation weekend: the posterior moves to the Russian segment, where the PrK is", () => {
    const scenario = loadScenario('prk-2020');
    const sim = createSimulation(scenario);
    const buffer = new SampleBuffer();
    // watched from a day before the US segment is closed off (20 Aug 2020 21:00) to two days into it
    const closeH = 8517;
    advanceSimulation(sim, buffer, { untilS: (closeH - 24) * 3600 });
    buffer.clear();
    const monitor = createMonitor(stationAsItIs(sim.state));
    const units = scenario.station.sensors.map((s) => s.unit);
    while (sim.state.timeS < (closeH + 48) * 3600) {
      advanceSimulation(sim, buffer, { untilS: sim.state.timeS + 3600 });
      convertToSI(buffer, units);
      monitorBatch(monitor, buffer);
      buffer.clear();
    }
    finishMonitor(monitor);

    const periods = isolationPeriods(monitor.segments);
    expect(periods.length).toBeGreaterThanOrEqual(2);
    const weekend = periods.at(-1)!;
    const russian = weekend.groups.find((g) => g.moduleIds.includes('zvezda-prk'))!;
    const us = weekend.groups.find((g) => g.moduleIds.includes('us-lab'))!;
    expect(russian.moduleIds).not.toContain('us-lab');

    const present = scenario.station.modules.filter((_, i) => sim.state.present[i] === 1);
    const post = locationPosterior(
      { modules: new Map(present.map((m) => [m.id, leakPriorWeight(m, 2020)])), none: 0.05, several: 0.05 },
      periods,
    );
    const sum = (ids: readonly string[]): number => ids.reduce((s, id) => s + (post.modules.get(id) ?? 0), 0);
    expect(sum(russian.moduleIds)).toBeGreaterThan(0.9);
    expect(sum(us.moduleIds)).toBeLessThan(0.02);
    expect(post.none).toBeLessThan(0.01);
  }, 300_000); // the scenario is simulated from its start in 2019 (~50 s on a quiet core)
});
