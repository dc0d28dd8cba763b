// A leak that begins inside a hatch configuration: the period's row carries the onset an alarm
// dated and the rate on each side of it, which a straight line over the whole period mixes.
import { describe, expect, it } from 'vitest';
import { havenDay } from '../../test/haven-day.js';
import { buildReport } from './index.js';

const HOLE_AT_2H = '{ at_h: 2, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }';

describe('a leak onset inside a configuration period', () => {
  it('is dated to within a minute, with no leak before it and the hole’s rate since', () => {
    const { monitor, truth } = havenDay(11, 3, [HOLE_AT_2H]);
    const [row] = buildReport(monitor).segments;
    const onset = row?.onset;
    expect(onset).toBeTruthy();
    const onsetS = Date.parse(onset?.time ?? '') / 1000;
    expect(onsetS - (monitor.firstS + 2 * 3600)).toBeGreaterThanOrEqual(0);
    expect(onsetS - (monitor.firstS + 2 * 3600)).toBeLessThan(60);
    // before: the tight station (its interval holds 0 and is a few kg/day wide)
    const [lowBefore, highBefore] = onset?.rateBeforeKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(lowBefore).toBeLessThanOrEqual(0);
    expect(highBefore).toBeGreaterThanOrEqual(0);
    expect(highBefore - lowBefore).toBeLessThan(5);
    // since: the hole's rate at the end of the run, hundreds of kg/day
    const truthAtEnd = truth.leaks[0]?.rate_kg_per_day.at(-1)?.[1] ?? Number.NaN;
    expect(truthAtEnd).toBeGreaterThan(200);
    expect(Math.abs((onset?.rateSinceKgPerDay ?? 0) / truthAtEnd - 1)).toBeLessThan(0.05);
    const [lowSince, highSince] = onset?.rateSinceKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(lowSince).toBeLessThanOrEqual(truthAtEnd);
    expect(highSince).toBeGreaterThanOrEqual(truthAtEnd);
  });

  it('gives the rapid fall’s rate when the hatches closed too soon after for a trend', () => {
    const { monitor, truth } = havenDay(12, 3, [
      HOLE_AT_2H,
      '{ at_h: 2.1667, hatch: hab-lab, state: closed }',
      '{ at_h: 2.1667, hatch: hab-capsule, state: closed }',
    ]);
    const report = buildReport(monitor);
    const first = report.segments[0];
    const rapid = report.alarms.find((a) => a.kind === 'rapid-depress');
    expect(first?.onset?.rateSinceKgPerDay).toBe(rapid?.evidence?.rateKgPerDay);
    expect(first?.onset?.rateSinceKgPerDay90).toBeNull();
    // the hole's rate at its start (the alarm reads the whole station's fall as air)
    const truthAtStart = truth.leaks[0]?.rate_kg_per_day[0]?.[1] ?? Number.NaN;
    expect(Math.abs((first?.onset?.rateSinceKgPerDay ?? 0) / truthAtStart - 1)).toBeLessThan(0.15);
    // the lab alone, closed off with the hole in it, leaks from its start: no onset inside
    const lab = report.segments.find((s) => s.modules.join(',') === 'lab');
    expect(lab?.rateKgPerDay).toBeGreaterThan(100);
    expect(lab?.onset).toBeNull();
    // the rest waited for its analysers after the closure; that is no mixing of air
    expect(report.segments.every((s) => s.mixingUntil === null)).toBe(true);
    expect(report.leak.note).toBeNull();
  });

  it('is absent with no leak', () => {
    const { monitor } = havenDay(13, 3, []);
    expect(buildReport(monitor).segments.map((s) => s.onset)).toEqual([null]);
  });
});
