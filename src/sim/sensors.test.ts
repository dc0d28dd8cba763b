import { describe, expect, it } from 'vitest';
import { channelSeries, scenarioFromYaml, stationFromYaml } from '../../test/scenario.js';
import { runSimulation } from './index.js';

// A constant cabin (no leak, constant temperature): every deviation of a reading is the sensor's.
const station = stationFromYaml(`
name: sensor bench
pressure_mmHg: 760
modules: [{ id: cab, volume_m3: 50 }]
sensors:
  - { id: IDEAL, module: cab, quantity: pressure, unit: mmHg }
  - { id: NOISY, module: cab, quantity: pressure, unit: mmHg, noise_sd: 0.5 }
  - { id: COARSE, module: cab, quantity: pressure, unit: mmHg, noise_sd: 0.3, resolution: 1, report_on_change: true }
  - { id: SLOW, module: cab, quantity: pressure, unit: kPa, period_s: 60, phase_s: 30, bias: 0.2, drift_per_day: 2.4 }
  - { id: LOSSY, module: cab, quantity: pressure, unit: psi, dropout_probability: 0.25 }
  - { id: TEMP, module: cab, quantity: temperature, unit: degF }
  - { id: FAULTY, module: cab, quantity: pressure, unit: mmHg, noise_sd: 0.1 }
`);

const run = runSimulation(
  scenarioFromYaml(
    `
station: inline
start: 2020-01-01T00:00:00Z
duration_h: 6
seed: 11
events:
  - { at_h: 1, sensor: FAULTY, fault: frozen }
  - { at_h: 2, sensor: FAULTY, fault: clear }
  - { at_h: 2.5, sensor: FAULTY, fault: { kind: bias, value: 3 } }
  - { at_h: 3, sensor: FAULTY, fault: { kind: dropout, duration_h: 0.5 } }
  - { at_h: 3.75, sensor: FAULTY, fault: { kind: spike, value: 50 } }
  - { at_h: 4, sensor: FAULTY, fault: failed }
  - { at_h: 5, sensor: FAULTY, fault: clear }
  - { at_h: 5, sensor: FAULTY, fault: { kind: resolution, value: 2 } }
  - { at_h: 5, sensor: FAULTY, fault: { kind: period, seconds: 10 } }
`,
    station,
  ),
);
const series = (id: string) => channelSeries(run.samples, station, id);
const t0 = Date.UTC(2020, 0, 1) / 1000;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};

describe('sensor model', () => {
  it('an ideal sensor reads the truth every step, converted to its unit', () => {
    const ideal = series('IDEAL');
    expect(ideal.v).toHaveLength(6 * 3600 + 1);
    expect(new Set(ideal.v.map((v) => v.toFixed(9)))).toEqual(new Set(['760.000000000']));
    expect(series('TEMP').v[0]).toBeCloseTo(71.6, 9); // 22 °C in °F
  });

  it('noise has the declared standard deviation (±3 % with 21,601 samples)', () => {
    const v = series('NOISY').v;
    expect(Math.abs(mean(v) - 760)).toBeLessThan(0.02);
    expect(Math.abs(sd(v) - 0.5) / 0.5).toBeLessThan(0.03);
  });

  it('quantizes to the resolution and reports only changes', () => {
    const coarse = series('COARSE');
    expect(coarse.v.every((v) => Number.isInteger(v))).toBe(true);
    for (let i = 1; i < coarse.v.length; i++) expect(coarse.v[i]).not.toBe(coarse.v[i - 1]);
    // with noise 0.3 around a boundary-free value of 760, readings flip to 759/761 only occasionally
    expect(coarse.v.length).toBeGreaterThan(10);
    expect(coarse.v.length).toBeLessThan(21601 / 5);
  });

  it('keeps its period and phase, with bias and linear drift', () => {
    const slow = series('SLOW');
    expect(slow.t[0]).toBe(t0 + 30);
    expect(slow.t[1]! - slow.t[0]!).toBe(60);
    // 101.325 kPa + 0.2 bias + 2.4 kPa/day drift
    slow.t.forEach((t, i) => {
      expect(slow.v[i]).toBeCloseTo(101.325 + 0.2 + (2.4 * (t - t0)) / 86400, 6);
    });
  });

  it('drops the declared fraction of samples', () => {
    const lossy = series('LOSSY');
    const kept = lossy.v.length / (6 * 3600 + 1);
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.01);
    expect(lossy.v[0]).toBeCloseTo(14.6959, 4); // 1 atm in psi
  });

  it('faults: frozen, clear, bias, dropout, spike, failed, and changed resolution and period', () => {
    const f = series('FAULTY');
    const during = (fromH: number, toH: number) =>
      f.v.filter((_, i) => f.t[i]! >= t0 + fromH * 3600 && f.t[i]! < t0 + toH * 3600);
    expect(new Set(during(1, 2)).size).toBe(1); // frozen repeats one reading
    expect(during(1, 2)).toHaveLength(3600);
    expect(sd(during(2, 2.5))).toBeGreaterThan(0.05); // noisy again after clear
    expect(Math.abs(mean(during(2.5, 3)) - 763)).toBeLessThan(0.02); // +3 bias
    expect(during(3, 3.5)).toHaveLength(0); // dropout
    expect(Math.max(...during(3.5, 4))).toBeGreaterThan(800); // one spike of +50
    expect(during(3.5, 4).filter((v) => v > 800)).toHaveLength(1);
    expect(during(4, 5)).toHaveLength(0); // failed
    const late = during(5, 6.1);
    expect(late).toHaveLength(361); // every 10 s, to the end
    expect(late.every((v) => v % 2 === 0)).toBe(true); // 2 mmHg steps
  });
});
