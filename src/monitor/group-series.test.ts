import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { describeGroup } from './group-model.js';
import { createGroupSeries, emptyPeriod, periodView, recordPeriod } from './group-series.js';

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
