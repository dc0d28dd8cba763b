import { describe, expect, it } from 'vitest';
import { channelSeries, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { runSimulation } from './index.js';

const station = stationFromYaml(`
name: everything station
pressure_mmHg: 760
crew: { nominal: 4 }
modules:
  - { id: hab, volume_m3: 80 }
  - { id: lab, volume_m3: 45 }
  - { id: lock, volume_m3: 6, habitable: false }
  - { id: cap, volume_m3: 9.3, vehicle: capsule }
vehicles: [{ id: capsule, kind: crew-dragon, crew_seats: 4 }]
hatches:
  - { id: hab-lab, between: [hab, lab] }
  - { id: hab-lock, between: [hab, lock], state: closed, seal_leak_kg_s_Pa: 1e-11 }
  - { id: hab-cap, between: [hab, cap] }
gas_stores:
  - { id: o2, gas: o2, mass_kg: 100, volume_m3: 0.4, module: hab }
  - { id: n2, gas: n2, mass_kg: 100, volume_m3: 0.4, module: hab }
  - { id: air, gas: air, mass_kg: 50, volume_m3: 0.4, module: lab }
o2_generators: [{ id: ogs, module: hab, rate_kg_day: 3.4, mtbf_h: 200, mttr_h: 20 }]
scrubbers:
  - { id: cdra, module: hab, gas: co2, nominal_kg_day: 4, reference_mmHg: 2.5 }
  - { id: chx, module: lab, gas: h2o, capacity_kg_day: 9, setpoint_mmHg: 8, band_mmHg: 1 }
sensors:
  - { id: P_HAB, module: hab, quantity: pressure, unit: mmHg, period_s: 600 }
  - { id: P_LAB, module: lab, quantity: pressure, unit: mmHg, period_s: 600 }
  - { id: P_LOCK, module: lock, quantity: pressure, unit: mmHg, period_s: 600 }
`);

describe('gas budget', () => {
  it('modules + vented + consumed + departed − added stays equal to the initial mass to 1e-9 over 30 days with every process active', () => {
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2020-08-01T00:00:00Z
duration_h: 720
step_s: 10
seed: 7
crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.4, daily_amplitude_K: 1.0, drift_K: 0.3, module_spread: 0.3 }
life_support: { random_failures: true }
events:
  - { at_h: 1, leak: { id: crack, module: lab, law: crack, rate_kg_day: 0.5 } }
  - { at_h: 2, leak: { id: hole, module: hab, law: orifice, cd: 0.6, diameter_mm: 0.2 } }
  - { at_h: 50, leak_change: { id: crack, rate_kg_day: 1.4, ramp_h: 100 } }
  - { at_h: 60, hatch: hab-lab, state: closed }
  - { at_h: 90, hatch: hab-lab, state: open }
  - { at_h: 100, depress: { module: lock, pump_into: hab, pump_to_mmHg: 258, pump_flow_kg_h: 20 } }
  - { at_h: 110, equalize: { module: lock, from: hab, valve_diameter_mm: 8 } }
  - { at_h: 130, hatch: hab-cap, state: closed }
  - { at_h: 131, undock: capsule }
  - { at_h: 200, dock: { vehicle: capsule, pressure_mmHg: 750 } }
  - { at_h: 201, hatch: hab-cap, state: open }
  - { at_h: 250, repress: { store: n2, until_mmHg: 765 } }
  - { at_h: 260, repress: { store: air, mass_kg: 5 } }
  - { at_h: 300, generator: ogs, state: off }
  - { at_h: 310, scrubber: cdra, state: off }
  - { at_h: 320, scrubber: cdra, state: on }
  - { at_h: 330, generator: ogs, state: on, rate_kg_day: 4 }
  - { at_h: 400, temperature: { modules: [lab], delta_K: 2, ramp_h: 3 } }
  - { at_h: 450, crew: { count: 2, modules: [lab] } }
  - { at_h: 600, leak_stop: hole }
  - { at_h: 650, repress: { store: o2, mass_kg: 3 } }
`,
      station,
    );
    const { truth, samples } = runSimulation(scenario);
    const b = truth.budget;
    expect(b.ventedKg).toBeGreaterThan(10);
    expect(b.consumedKg).toBeGreaterThan(50);
    expect(b.addedKg).toBeGreaterThan(50);
    expect(b.departedKg).toBeGreaterThan(5);
    expect(Math.abs(b.closureRelative), JSON.stringify(b)).toBeLessThan(1e-9);
    // the airlock went down and came back up
    const lock = channelSeries(samples, station, 'P_LOCK');
    const at = (h: number) => lock.v[lock.t.findIndex((t) => t >= lock.t[0]! + h * 3600)]!;
    expect(at(100.6)).toBeLessThan(1);
    expect(at(112)).toBeGreaterThan(700);
  });
});
