import { describe, expect, it } from 'vitest';
import { channelSeries, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { mmHgToPa } from '../core/index.js';
import { metabolicFactor, runSimulation } from './index.js';

const station = stationFromYaml(`
name: one cabin
pressure_mmHg: 760
composition: { N2: 0.78, O2: 0.21, CO2: 0.003, H2O: 0.007 }
modules: [{ id: cab, volume_m3: 100 }]
o2_generators: [{ id: gen, module: cab, rate_kg_day: 2.52 }]
scrubbers:
  - { id: co2, module: cab, gas: co2, nominal_kg_day: 60, reference_mmHg: 4 }
  - { id: dew, module: cab, gas: h2o, capacity_kg_day: 10, setpoint_mmHg: 8, band_mmHg: 1 }
sensors:
  - { id: PPCO2, module: cab, quantity: ppCO2, unit: mmHg, period_s: 60 }
  - { id: PPH2O, module: cab, quantity: ppH2O, unit: mmHg, period_s: 60 }
  - { id: GEN, generator: gen, quantity: o2_generation, unit: kg/day, period_s: 60 }
  - { id: CREW, quantity: crew_count, period_s: 60 }
`);

describe('crew and life support', () => {
  const run = runSimulation(
    scenarioFromYaml(
      `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: 48
crew: { count: 3 }
events: [{ at_h: 30, generator: gen, state: off }]
`,
      station,
    ),
  );

  it('the metabolic profile averages to exactly 1 over a day', () => {
    let sum = 0;
    for (let s = 0; s < 86400; s++) sum += metabolicFactor(s / 3600);
    expect(Math.abs(sum / 86400 - 1)).toBeLessThan(1e-12);
  });

  it('the crew uses 0.84 kg O2 and gives 1.0 kg CO2 per person-day (DOMAIN.md §5)', () => {
    const b = run.truth.budget.bySpeciesKg;
    expect(b.o2!.consumed).toBeCloseTo(0.84 * 3 * 2, 9);
    // generator: 2.52 kg/day for the first 30 h
    expect(b.o2!.added).toBeCloseTo((2.52 * 30) / 24, 9);
    expect(b.co2!.added).toBeCloseTo(1.0 * 3 * 2, 9);
  });

  it('a proportional CO2 bed settles where removal equals production: pp = p_ref·production/nominal', () => {
    const co2 = channelSeries(run.samples, station, 'PPCO2');
    // 09:00–15:00 UTC: steady daytime factor; production 3 kg/day × factor; nominal 60 kg/day at 4 mmHg (τ ≈ 23 min)
    const factor = metabolicFactor(12);
    const expected = (4 * 3 * factor) / 60;
    const i = co2.t.findIndex((t) => t >= co2.t[0]! + 14 * 3600);
    expect(Math.abs(co2.v[i]! - expected) / expected).toBeLessThan(0.01);
  });

  it('a set-point dehumidifier holds pp at set + band·production/capacity', () => {
    const h2o = channelSeries(run.samples, station, 'PPH2O');
    const factor = metabolicFactor(12);
    const expected = 8 + (1 * 1.8 * 3 * factor) / 10;
    const i = h2o.t.findIndex((t) => t >= h2o.t[0]! + 14 * 3600);
    expect(Math.abs(h2o.v[i]! - expected)).toBeLessThan(0.02);
    expect(mmHgToPa(h2o.v[i]!)).toBeGreaterThan(mmHgToPa(8));
  });

  it('reports generator output and crew count', () => {
    const gen = channelSeries(run.samples, station, 'GEN');
    expect(gen.v[0]).toBeCloseTo(2.52, 12);
    expect(gen.v.at(-1)).toBe(0);
    expect(new Set(channelSeries(run.samples, station, 'CREW').v)).toEqual(new Set([3]));
  });
});
