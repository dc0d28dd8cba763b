import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channelSeries, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { GAS_CONSTANT, mmHgToPa, paToMmHg } from '../core/index.js';
import { runSimulation } from './index.js';

// Independent constants for the references (not imported from the code under test).
const GAMMA = 1.4;
const CHOKED = Math.sqrt(GAMMA) * (2 / (GAMMA + 1)) ** ((GAMMA + 1) / (2 * (GAMMA - 1)));
const AIR_MOLAR_MASS = 0.77 * 0.0280134 + 0.225 * 0.0319988 + 0.004 * 0.0440095 + 0.001 * 0.01801528;
const R_AIR = GAS_CONSTANT / AIR_MOLAR_MASS;

const oneVolume = (volume: number, pressureMmHg: number) =>
  stationFromYaml(`
name: one volume
pressure_mmHg: ${pressureMmHg}
air_temperature_degC: 22
modules: [{ id: v, volume_m3: ${volume} }]
sensors: [{ id: P, module: v, quantity: pressure, unit: Pa, period_s: 60 }]
`);

describe('choked orifice to vacuum', () => {
  it('one closed volume decays exponentially with τ = V/(C_d·A·Γ·sqrt(R·T)) to 1e-4 over 3τ', () => {
    const station = oneVolume(5, 760);
    const cd = 0.6;
    const d = 2e-3;
    const T = 295.15;
    const tau = 5 / (cd * ((Math.PI * d * d) / 4) * CHOKED * Math.sqrt(R_AIR * T));
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: ${(3 * tau) / 3600 + 0.02}
step_s: 1
events: [{ at_h: 0, leak: { id: hole, module: v, law: orifice, cd: ${cd}, diameter_mm: ${d * 1000} } }]
`,
      station,
    );
    const p = channelSeries(runSimulation(scenario).samples, station, 'P');
    let worst = 0;
    p.t.forEach((t, i) => {
      const elapsed = t - p.t[0]!;
      if (elapsed > 3 * tau) return;
      const expected = 101325 * Math.exp(-elapsed / tau);
      worst = Math.max(worst, Math.abs((p.v[i]! - expected) / expected));
    });
    expect(p.t.at(-1)! - p.t[0]!).toBeGreaterThan(3 * tau);
    expect(worst, `tau ${tau.toFixed(1)} s`).toBeLessThan(1e-4);
  });

  it('matches DOMAIN.md scale: a 1 mm hole at C_d = 1 loses ~16 kg/day at 101 kPa, 295 K', () => {
    const station = oneVolume(1000, 760);
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: 0.01
events: [{ at_h: 0, leak: { id: hole, module: v, law: orifice, cd: 1, diameter_mm: 1 } }]
`,
      station,
    );
    const rate = runSimulation(scenario).truth.leaks[0]!.rate_kg_per_day[0]![1];
    // DOMAIN.md §3: ṁ ≈ 0.0404·C_d·A·p/√T [kg/s]
    const approx = ((((0.0404 * Math.PI * 1e-6) / 4) * 101325) / Math.sqrt(295.15)) * 86400;
    expect(rate).toBeGreaterThan(15);
    expect(rate).toBeLessThan(17);
    expect(Math.abs(rate - approx) / approx).toBeLessThan(0.01);
  });
});

describe('viscous crack, ṁ = c·p²', () => {
  it('reproduces the March 2021 PrK test: 730 → 678 mmHg in 11.5 h with k = 0.91e-5 /(mmHg·h)', () => {
    const volume = 5;
    const T = 295.15;
    const kSI = 0.91e-5 / (mmHgToPa(1) * 3600); // per (Pa·s)
    const c = (kSI * volume) / (R_AIR * T); // DOMAIN.md §1: c = k·V/(R·T)
    const station = oneVolume(volume, 730);
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2021-03-12T00:00:00Z
duration_h: 11.5
events: [{ at_h: 0, leak: { id: crack, module: v, law: crack, c_kg_s_Pa2: ${c} } }]
`,
      station,
    );
    const p = channelSeries(runSimulation(scenario).samples, station, 'P');
    const end = paToMmHg(p.v.at(-1)!);
    expect(Math.abs(end - 678), `end ${end.toFixed(2)} mmHg`).toBeLessThan(1);
    // and 1/p is linear in time (the closed form) at every sample
    const p0 = p.v[0]!;
    p.t.forEach((t, i) => {
      const expected = 1 / (1 / p0 + kSI * (t - p.t[0]!));
      expect(Math.abs(p.v[i]! - expected) / expected).toBeLessThan(1e-9);
    });
  });
});

describe('two modules joined by a closed hatch with a seeping seal, leaking by both laws', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../test/fixtures/two-volume-leak.json', import.meta.url), 'utf8'),
  ) as {
    volumes_m3: [number, number];
    seal_conductance_kg_s_Pa: number;
    orifice: { cd: number; diameter_mm: number };
    crack_c_kg_s_Pa2: number;
    pA_Pa: number[];
    pB_Pa: number[];
  };

  it('agrees with scipy DOP853 (scripts/fixtures/two_volume_leak.py) to 2e-6 relative over 24 h', () => {
    const station = stationFromYaml(`
name: two volumes
pressure_mmHg: 760
modules: [{ id: a, volume_m3: ${fixture.volumes_m3[0]} }, { id: b, volume_m3: ${fixture.volumes_m3[1]} }]
hatches: [{ id: ab, between: [a, b], state: closed, seal_leak_kg_s_Pa: ${fixture.seal_conductance_kg_s_Pa} }]
sensors:
  - { id: PA, module: a, quantity: pressure, unit: Pa, period_s: 3600 }
  - { id: PB, module: b, quantity: pressure, unit: Pa, period_s: 3600 }
`);
    const scenario = scenarioFromYaml(
      `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: 24
events:
  - { at_h: 0, leak: { id: hole, module: b, law: orifice, cd: ${fixture.orifice.cd}, diameter_mm: ${fixture.orifice.diameter_mm} } }
  - { at_h: 0, leak: { id: crack, module: b, law: crack, c_kg_s_Pa2: ${fixture.crack_c_kg_s_Pa2} } }
`,
      station,
    );
    const { samples } = runSimulation(scenario);
    const pa = channelSeries(samples, station, 'PA').v;
    const pb = channelSeries(samples, station, 'PB').v;
    expect(pa).toHaveLength(25);
    // Splitting the seal flow from the leak flow within a 1 s step errs by ~dt/τ of the slowest
    // coupling (τ ~ days here), so agreement to a few 1e-6 is expected, not machine precision.
    fixture.pA_Pa.forEach((ref, h) => {
      expect(Math.abs(pa[h]! - ref) / ref, `pA at ${h} h`).toBeLessThan(2e-6);
      expect(Math.abs(pb[h]! - fixture.pB_Pa[h]!) / fixture.pB_Pa[h]!, `pB at ${h} h`).toBeLessThan(2e-6);
    });
    expect(fixture.pB_Pa.at(-1)!).toBeLessThan(0.9 * fixture.pB_Pa[0]!);
  });
});
