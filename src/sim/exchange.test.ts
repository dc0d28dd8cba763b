import { describe, expect, it } from 'vitest';
import { channelSeries, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { runSimulation } from './index.js';

const station = stationFromYaml(`
name: three modules
pressure_mmHg: 760
modules:
  - { id: a, volume_m3: 50, air_temperature_degC: 20 }
  - { id: b, volume_m3: 20, air_temperature_degC: 25, pressure_mmHg: 700 }
  - { id: c, volume_m3: 5 }
hatches:
  - { id: ab, between: [a, b] }
  - { id: bc, between: [b, c], state: closed }
sensors:
  - { id: PA, module: a, quantity: pressure, unit: Pa, period_s: 60 }
  - { id: PB, module: b, quantity: pressure, unit: Pa, period_s: 60 }
  - { id: PC, module: c, quantity: pressure, unit: Pa, period_s: 60 }
  - { id: O2A, module: a, quantity: ppO2, unit: Pa, period_s: 60 }
  - { id: O2B, module: b, quantity: ppO2, unit: Pa, period_s: 60 }
`);

const scenario = scenarioFromYaml(
  `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: 4
events:
  - { at_h: 0.5, leak: { id: L, module: c, law: orifice, cd: 0.6, diameter_mm: 1 } }
  - { at_h: 1, hatch: bc, state: open }
  - { at_h: 2, hatch: ab, state: closed }
`,
  station,
);

describe('hatches', () => {
  const { samples } = runSimulation(scenario);
  const pa = channelSeries(samples, station, 'PA');
  const pb = channelSeries(samples, station, 'PB');
  const pc = channelSeries(samples, station, 'PC');
  const at = (s: { t: number[]; v: number[] }, h: number) => s.v[Math.round(h * 60)]!;

  it('modules joined by an open hatch reach one pressure, the mass-weighted mean, even at different temperatures', () => {
    // start: a at 760 mmHg, b at 700 mmHg, joined: n = Σ p_i V_i/(R T_i), p = n R / Σ V_i/T_i
    const [ta, tb] = [293.15, 298.15];
    const pA0 = 101325;
    const pB0 = (700 / 760) * 101325;
    const expected = (pA0 * (50 / ta) + pB0 * (20 / tb)) / (50 / ta + 20 / tb);
    expect(Math.abs(at(pa, 0) - expected) / expected).toBeLessThan(1e-12);
    expect(Math.abs(at(pb, 0) - at(pa, 0)) / at(pa, 0)).toBeLessThan(1e-12);
  });

  it('a closed hatch keeps a leak to its side, an open one spreads it, closing splits again', () => {
    // 0.5–1 h: c leaks alone behind a closed hatch; a and b do not move
    expect(at(pc, 0.99)).toBeLessThan(at(pc, 0.5) * 0.99);
    expect(at(pa, 0.99)).toBe(at(pa, 0.5));
    // 1–2 h: all three share the loss
    expect(Math.abs(at(pa, 1.5) - at(pc, 1.5)) / at(pa, 1.5)).toBeLessThan(1e-12);
    expect(at(pa, 1.99)).toBeLessThan(at(pa, 1.01));
    // 2–4 h: a is cut off and holds; b and c keep falling together
    expect(at(pa, 3.9)).toBe(at(pa, 2.01));
    expect(at(pb, 3.9)).toBeLessThan(at(pb, 2.01));
    expect(Math.abs(at(pb, 3.9) - at(pc, 3.9)) / at(pb, 3.9)).toBeLessThan(1e-12);
  });
});

describe('ventilation', () => {
  it('moves CO2 exhaled in one module to the next at q·Δx plus what the pressure-equalising flow carries', () => {
    const twin = stationFromYaml(`
name: twin
pressure_mmHg: 760
modules: [{ id: a, volume_m3: 40 }, { id: b, volume_m3: 20 }]
hatches: [{ id: ab, between: [a, b], ventilation_m3_s: 0.05 }]
sensors:
  - { id: P, module: a, quantity: pressure, unit: Pa, period_s: 60 }
  - { id: CA, module: a, quantity: ppCO2, unit: Pa, period_s: 60 }
  - { id: CB, module: b, quantity: ppCO2, unit: Pa, period_s: 60 }
`);
    const run = runSimulation(
      scenarioFromYaml(
        `
station: inline
start: 2020-01-01T10:00:00Z
duration_h: 4
crew: { count: 3, modules: [b] }
`,
        twin,
      ),
    );
    const p = channelSeries(run.samples, twin, 'P').v;
    const ca = channelSeries(run.samples, twin, 'CA').v;
    const cb = channelSeries(run.samples, twin, 'CB').v;
    const R = 8.314462618;
    const T = 295.15;
    const molesPerPa = 40 / (R * T); // module a
    for (const i of [60, 120, 239]) {
      // CO2 balance of module a over one minute, all from telemetry: d(n_CO2,a)/dt = q·(x_b − x_a) + F·x_b,
      // with q = Q·p/(R·T) exchanged each way and F = dn_a/dt the equalising inflow from b.
      const flux = (molesPerPa * (ca[i + 1]! - ca[i]!)) / 60;
      const inflow = (molesPerPa * (p[i + 1]! - p[i]!)) / 60;
      const q = (0.05 * p[i]!) / (R * T);
      const xa = ca[i]! / p[i]!;
      const xb = cb[i]! / p[i]!;
      const expected = q * (xb - xa) + inflow * xb;
      expect(Math.abs(flux - expected) / expected, `minute ${i}: ${flux} vs ${expected} mol/s`).toBeLessThan(
        0.005,
      );
    }
    expect(cb.at(-1)!).toBeGreaterThan(ca.at(-1)!);
  });

  it('gives the same gradient at 1 s and 10 min steps through a chain with a small module in the middle', () => {
    const chain = stationFromYaml(`
name: chain
pressure_mmHg: 760
modules: [{ id: a, volume_m3: 80 }, { id: tunnel, volume_m3: 3 }, { id: b, volume_m3: 80 }]
hatches: [{ id: at, between: [a, tunnel] }, { id: tb, between: [tunnel, b] }]
o2_generators: [{ id: gen, module: a, rate_kg_day: 3 }]
sensors:
  - { id: OA, module: a, quantity: ppO2, unit: mmHg, period_s: 600 }
  - { id: OB, module: b, quantity: ppO2, unit: mmHg, period_s: 600 }
`);
    const gradient = (step: number) => {
      const run = runSimulation(
        scenarioFromYaml(
          `
station: inline
start: 2020-01-01T10:00:00Z
duration_h: 12
step_s: ${step}
crew: { count: 3, modules: [b] }
`,
          chain,
        ),
      );
      const oa = channelSeries(run.samples, chain, 'OA').v;
      const ob = channelSeries(run.samples, chain, 'OB').v;
      return oa.at(-1)! - ob.at(-1)!;
    };
    const fine = gradient(1);
    const coarse = gradient(600);
    expect(fine).toBeGreaterThan(0.05);
    expect(Math.abs(coarse - fine) / fine, `${fine} vs ${coarse} mmHg`).toBeLessThan(0.03);
  });
});
