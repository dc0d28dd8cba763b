import { describe, expect, it } from 'vitest';
import { scenarioFromYaml, simulatedBatches } from '../../test/scenario.js';
import { createMonitor, finishMonitor, monitorBatch } from './monitor.js';

/** Two hours of the chamber's tight vessel; `scale` multiplies P_VESSEL's readings (Pa fed kPa: 1e-3). */
function run(scale: number) {
  const scenario = scenarioFromYaml(`station: chamber
start: 2020-08-20T00:00:00Z
duration_h: 2
step_s: 10
seed: 3
`);
  const k = scenario.station.sensors.findIndex((s) => s.id === 'P_VESSEL');
  const monitor = createMonitor(scenario.station);
  for (const b of simulatedBatches(scenario, 60)) {
    for (let i = 0; i < b.length; i++) if (b.channel[i] === k) b.value[i] = (b.value[i] as number) * scale;
    monitorBatch(monitor, b);
  }
  finishMonitor(monitor);
  return monitor.alarms.filter((a) => a.kind === 'sensor-fault');
}

describe('a pressure sensor whose level stands grossly apart from the others', () => {
  it('is named (of two, the one farther from the nominal pressure): a Pa channel fed kPa', () => {
    const faults = run(1e-3);
    expect(faults.length).toBe(1);
    expect(faults[0]?.channel).toBe('P_VESSEL');
    expect(faults[0]?.message).toMatch(
      /P_VESSEL reads 0\.76 mmHg, and P_VESSEL_GAUGE, .* reads 7[56]\d(\.\d)? mmHg.*wrong unit or scale/,
    );
  });

  it('is not named for the gauges of a tight vessel read in their own units', () => {
    expect(run(1)).toEqual([]);
  });
});
