import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFromYaml, simulatedBatches, stationFromYaml } from '../../test/scenario.js';
import { createMonitor, finishMonitor, monitorBatch } from './monitor.js';
import { buildReport } from './report.js';

/** The chamber's vessel at 10 s readings, a port of `diameterMm` opening at 0.1 h. */
function run(diameterMm: number, pressureMmHg = 760) {
  const yaml = readFileSync(new URL('../../stations/chamber.yaml', import.meta.url), 'utf8');
  const station = stationFromYaml(
    yaml.replace('pressure_mmHg: 760', `pressure_mmHg: ${pressureMmHg}`),
    'chamber',
  );
  const scenario = scenarioFromYaml(
    `station: inline
start: 2020-08-20T00:00:00Z
duration_h: 0.5
step_s: 10
seed: 1
events:
  - { at_h: 0.1, leak: { id: L1, module: vessel, law: orifice, cd: 1, diameter_mm: ${diameterMm} } }
`,
    station,
  );
  const monitor = createMonitor(scenario.station);
  for (const b of simulatedBatches(scenario, 30)) monitorBatch(monitor, b);
  finishMonitor(monitor);
  return { monitor, holeS: scenario.startMs / 1000 + 360 };
}

describe('a vessel emptied between two readings', () => {
  it('is alarmed SEVERE at the first reading below the evacuation pressure, its reserve nil', () => {
    const { monitor, holeS } = run(500);
    const rapid = monitor.alarms.filter((a) => a.kind === 'rapid-depress');
    expect(rapid.length).toBe(1);
    const alarm = rapid[0];
    expect(alarm?.severity).toBe('SEVERE');
    expect(alarm?.time).toBeGreaterThan(holeS);
    expect(alarm?.time).toBeLessThanOrEqual(holeS + 10);
    expect(alarm?.reserveTimeMin).toBe(0);
    expect(alarm?.message).toMatch(/below the evacuation pressure \(490 mmHg\); 760 mmHg at 00:06:00Z/);
    // the gauge's readings about zero, half of them below it, are readings, not out of range
    expect(monitor.quality.rejected.reduce((a, b) => a + b, 0)).toBe(0);
    // a station of one module: the leak it holds is in it
    expect(buildReport(monitor).leak).toMatchObject({ detected: true, locatedIn: ['vessel'] });
  });

  it('is not alarmed when the vessel was below the limit from the start (a module held at low pressure)', () => {
    const { monitor } = run(0.2, 300);
    expect(monitor.alarms.filter((a) => a.kind === 'rapid-depress')).toEqual([]);
    expect(buildReport(monitor).leak.locatedIn).toBeNull();
  });
});
