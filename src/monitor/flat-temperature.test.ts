// A group whose temperature does not move (no thermometer, one whose reading stays on one step, or
// one that moves by too little to fit a coupling)
// has no temperature coupling to fit: the fit drops the regressor. Its trailing windows are still
// scanned, with a sealed volume's coupling (which compensates a flat temperature like any other);
// before, the missing coupling switched the scans off and a leak of 0.86 kg/day in a 86 m³ cabin
// went unalarmed for its 7 h.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../bench/cases.js';
import { noisyHabAndLockYaml, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { buildReport } from './index.js';

const THERMOMETER = {
  none: '',
  'on one step': '  - { id: T_HAB, module: hab, quantity: temperature, unit: degC, resolution: 0.1 }\n',
};

function station(thermometer: string) {
  return stationFromYaml(noisyHabAndLockYaml(thermometer));
}

const ONSET_H = 30;

describe('a group whose temperature does not move', () => {
  it.each(Object.entries(THERMOMETER))('is scanned for leaks (thermometer: %s)', (_name, thermometer) => {
    const s = station(thermometer);
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2027-03-01T00:00:00Z
duration_h: ${ONSET_H + 1}
step_s: 10
seed: 11
events:
  - { at_h: ${ONSET_H}, leak: { id: L1, module: hab, law: orifice, cd: 0.6, diameter_mm: 0.3 } }
`,
      s,
    );
    const { monitor } = runCase(scenario);
    const onsetS = scenario.startMs / 1000 + ONSET_H * 3600;
    const leaks = monitor.alarms.filter((a) => a.kind === 'leak' || a.kind === 'rapid-depress');
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks.every((a) => a.time > onsetS)).toBe(true);
    // 0.86 kg/day: a fall of 0.5 mmHg an hour, found within half an hour
    expect((leaks[0]?.time ?? Number.POSITIVE_INFINITY) - onsetS).toBeLessThan(1800);
    expect(buildReport(monitor).leak.couplingMmHgPerK).toBeNull();
  });

  it('a test chamber at a steady temperature: no coupling shown, none being told from zero', () => {
    // the chamber's reference thermometer barely moves without a thermal cycle: the fit gave
    // 0.018 mmHg/K (against the gas law's 2.6), and −0.98 and 39.6 on other runs
    const scenario = scenarioFromYaml(
      `
station: chamber
start: 2024-01-01T00:00:00Z
duration_h: 24
step_s: 10
seed: 1
events:
  - { at_h: 3, leak: { id: L1, module: vessel, law: orifice, cd: 0.6, diameter_mm: 0.2 } }
`,
    );
    const report = buildReport(runCase(scenario).monitor);
    expect(report.leak.rateKgPerDay).toBeGreaterThan(0.3);
    expect(report.leak.couplingMmHgPerK).toBeNull();
  });

  it('a capsule closed off without a thermometer: its leak alarmed, with evidence in proportion', () => {
    // haven's crew capsule has no thermometer; closed off for a day and a half, it starts to leak
    // 0.87 kg/day 32 h in. Its pressure falls 2.5 % by the end, deep enough to be fitted as a
    // decay, whose noise model the scans then read: in pascals, not ln p
    const scenario = scenarioFromYaml(`
station: haven
start: 2027-03-01T00:00:00Z
duration_h: 40
step_s: 10
seed: 4
crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.55, drift_K: 0.15, drift_timescale_h: 6, module_spread: 0.3 }
events:
  - { at_h: 2, hatch: hab-capsule, state: closed }
  - { at_h: 32, leak: { id: L1, module: capsule, law: orifice, cd: 0.6, diameter_mm: 0.3 } }
`);
    const { monitor } = runCase(scenario);
    const onsetS = scenario.startMs / 1000 + 32 * 3600;
    const leaks = monitor.alarms.filter((a) => a.kind === 'leak');
    expect(leaks.length).toBeGreaterThan(0);
    for (const alarm of leaks) {
      expect(alarm.modules).toEqual(['capsule']);
      expect(alarm.time).toBeGreaterThan(onsetS);
      const [low, high] = alarm.evidence?.rateKgPerDay90 ?? [0, 0];
      expect(high - low).toBeGreaterThan(0.01);
      expect(alarm.evidence?.statistic).toBeLessThan(100);
    }
    expect(buildReport(monitor).leak.locatedIn).toEqual(['capsule']);
  });
});
