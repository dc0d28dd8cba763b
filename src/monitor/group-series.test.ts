import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { describeGroup } from './group-model.js';
import { appendBin, createGroupSeries, emptyPeriod, periodView, recordPeriod } from './group-series.js';

describe('a configuration period’s bins', () => {
  const station = loadStation('iss');
  const series = createGroupSeries(describeGroup(station, [0, 1]), 60);
  const push = (k: number) => {
    series.t.push(60 * k);
    series.pressure.push(100_000 - k);
    series.total.push(99_000 - k);
    series.inventory.push(75_000 - k);
    series.fraction.push(0.75);
    series.temperature.push(k % 7);
  };

  it('keeps the last `keep` to 1.25·`keep` bins, in order, every column alike', () => {
    const period = emptyPeriod();
    const keep = 400;
    for (let k = 0; k < 2_000; k++) {
      push(k);
      recordPeriod(period, series, keep);
      const n = period.t.length;
      expect(n).toBe(k < keep + keep / 4 ? k + 1 : n);
      expect(n).toBeLessThanOrEqual(keep + keep / 4);
      if (k >= keep) expect(n).toBeGreaterThanOrEqual(keep);
    }
    const n = period.t.length;
    const first = 2_000 - n;
    expect(period.t).toEqual(Array.from({ length: n }, (_, i) => 60 * (first + i)));
    expect(period.inventory).toEqual(Array.from({ length: n }, (_, i) => 75_000 - (first + i)));
    expect(period.temperature).toEqual(Array.from({ length: n }, (_, i) => (first + i) % 7));
    for (const column of [period.pressure, period.total, period.fraction]) expect(column).toHaveLength(n);
  });

  it('reads as the series with the period’s bins in place of the trailing window', () => {
    const period = emptyPeriod();
    push(5_000);
    recordPeriod(period, series, 10);
    const view = periodView(series, period);
    expect(view.t).toBe(period.t);
    expect(view.inventory).toBe(period.inventory);
    expect(view.model).toBe(series.model);
    expect(view.reference).toBe(series.reference);
  });
});

describe('gas added from a store', () => {
  it('stays counted while the tank’s reading is stale or missing, and moves again when it returns', () => {
    const station = loadStation('iss');
    const modules = station.modules.map((_, i) => i);
    const model = describeGroup(station, modules);
    const store = model.stores.find((s) => station.sensors[s.channel]?.id === 'AIRLOCK000057');
    if (store === undefined) throw new Error('the ISS model has no N2 tank channel');
    const series = createGroupSeries(model, 60);
    const means = new Float64Array(station.sensors.length).fill(Number.NaN);
    const excluded = new Uint8Array(station.sensors.length);
    for (const k of model.pressure) means[k] = 99_000;
    // the tank falls 100 kPa into the cabin, is then silent for an hour (stale: no value), then reads again
    const tank = [...Array(30).fill(12_000_000), ...Array(60).fill(11_900_000)];
    tank.push(...Array(60).fill(Number.NaN), ...Array(30).fill(11_900_000));
    tank.forEach((v, i) => {
      means[store.channel] = v;
      appendBin(series, 60 * i, means, excluded);
    });
    const addedAt = (i: number) => (series.pressure[i] as number) - (series.total[i] as number);
    expect(addedAt(89)).toBeGreaterThan(0);
    for (let i = 90; i < 150; i++) expect(addedAt(i)).toBe(addedAt(89));
    expect(series.inventory[149]).toBe(series.inventory[89]);
    // back on the same reading: no step either way (the smoothing had all but settled)
    expect(Math.abs(addedAt(179) - addedAt(89))).toBeLessThan(1e-5 * addedAt(89));
  });
});

describe('combined readings when a sensor drops out and returns', () => {
  it('hold their level however often a sensor that reads apart comes and goes', () => {
    const station = loadStation('iss');
    const model = describeGroup(
      station,
      station.modules.map((_, i) => i),
    );
    const channel = (id: string) => station.sensors.findIndex((s) => s.id === id);
    const lab = channel('USLAB000054');
    const node3 = channel('NODE3000002');
    const zvezda = channel('PPN2_ZVEZDA_RO');
    const pressureLab = channel('USLAB000058');
    expect(model.nitrogen.map((s) => s.ppN2)).toEqual(expect.arrayContaining([lab, node3, zvezda]));
    const series = createGroupSeries(model, 60);
    const excluded = new Uint8Array(station.sensors.length);
    const means = new Float64Array(station.sensors.length).fill(Number.NaN);
    means[pressureLab] = 99_000;
    means[lab] = 74_800;
    means[node3] = 74_800;
    means[zvezda] = 74_800;
    appendBin(series, 0, means, excluded);
    // Node 3's analyser now reads 30 Pa above the others and reports every other bin only (as in
    // telemetry sampled every 30 min, or across losses of signal); the others hold still
    means[node3] = 74_830;
    for (let i = 1; i <= 400; i++) {
      means[node3] = i % 2 === 1 ? 74_830 : Number.NaN;
      means[pressureLab] = i % 3 === 0 ? Number.NaN : 99_000;
      appendBin(series, 60 * i, means, excluded);
    }
    // the level moves once, when Node 3 first reads apart, and never again (it fell by a
    // weighted-mean step at each drop-out before: −2,950 Pa over these 200 cycles)
    const settled = series.inventory.slice(2);
    expect(Math.max(...settled) - Math.min(...settled)).toBeLessThan(1e-6);
    expect(Math.abs((series.inventory.at(-1) as number) - 74_800)).toBeLessThan(31);
  });
});
