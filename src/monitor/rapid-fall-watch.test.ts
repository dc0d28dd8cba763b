// The rapid watch on a ground vessel (stations/chamber.yaml, 5 m³): one fall raises one alarm, a
// fall its air's temperature explains raises none, a real one during a thermal cycle is read net of
// it, and a crack's reserve time is its own law's. Every count below was measured before the change
// it guards (in the comments); the truth is the simulator's.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { isoFromEpochS, mmHgToPa } from '../core/index.js';
import type { Alarm } from './alarms.js';
import type { MonitorState } from './monitor-state.js';
import { buildReport } from './report.js';

const STEADY =
  'thermal: { orbital_amplitude_K: 0, daily_amplitude_K: 0.3, drift_K: 0.05, drift_timescale_h: 3, module_spread: 0 }';

/** A thermal-vacuum cycle: the vessel's air swings ±3 K every 90 minutes (up to 32 mmHg/h). */
const CYCLING =
  'thermal: { orbital_amplitude_K: 3, orbital_period_min: 90, daily_amplitude_K: 2, drift_K: 0.05, drift_timescale_h: 3, module_spread: 0 }';

function vessel(seed: number, hours: number, extra: string, events: string[]) {
  return runCase(caseScenario({ seed, hours, station: 'chamber', extra, events }));
}

const rapidOf = (monitor: MonitorState): Alarm[] => monitor.alarms.filter((a) => a.kind === 'rapid-depress');

describe('a slow hole whose minute readings straddle the reporting cut-off', () => {
  it('raises one alarm for its one fall, and keeps its reading current', () => {
    // 0.45 mm at C_d 0.6: 10.4 mmHg/h, 32 h from 490 mmHg; a minute's reading said 15 to 35 h, so
    // before the fall was kept while alarmed it ended and began again 74 times in 9 h (with the
    // vessel's two gauges now pooled, a minute reads it nearer the truth, and it is alarmed once a
    // reading puts the limit within a day: 2.9 h in, at 23.5 h, when 29.2 h were left)
    const { monitor } = vessel(1, 10, STEADY, [
      '{ at_h: 1, leak: { id: L, module: vessel, law: orifice, diameter_mm: 0.45, cd: 0.6 } }',
    ]);
    const rapid = rapidOf(monitor);
    expect(rapid).toHaveLength(1);
    const [alarm] = rapid;
    expect((alarm?.time ?? 0) - monitor.firstS).toBeGreaterThan(3600);
    expect(alarm?.reserveTimeMin).toBeLessThan(24 * 60);
    expect(alarm?.latest?.updates ?? 0).toBeGreaterThan(0);
    // and its last reading is the fit since the fall began, hours of it
    expect(alarm?.latest?.message).toMatch(/over the [1-9]\d\d min since the fall began/);
    // a fall that goes on is not over
    expect(alarm?.cleared).toBeUndefined();
  });
});

describe("a vessel's air on a thermal cycle", () => {
  it.each([1, 2])('raises no rapid-depress alarm in a day without a leak (seed %i)', (seed) => {
    // before the air's temperature was taken out of the fall: 17 and 19 WARNINGs
    const { monitor } = vessel(seed, 24, CYCLING, []);
    expect(rapidOf(monitor)).toHaveLength(0);
  });

  it('raises none as the air is cooled 10 K in an hour and warmed back in half an hour', () => {
    // 26 mmHg/h down at the ramp's start: a WARNING 15 s in before the cooling was read
    const { monitor } = vessel(1, 12, STEADY, [
      '{ at_h: 3, temperature: { delta_K: -10, ramp_h: 1 } }',
      '{ at_h: 7, temperature: { delta_K: 10, ramp_h: 0.5 } }',
    ]);
    expect(rapidOf(monitor)).toHaveLength(0);
  });

  it('alarms a 1 mm hole within two minutes, its rate net of the cycle', () => {
    // before: a false WARNING 1.5 h before the hole, then the hole's
    const { monitor, truth } = vessel(1, 12, CYCLING, [
      '{ at_h: 2, leak: { id: L, module: vessel, law: orifice, diameter_mm: 1, cd: 0.6 } }',
    ]);
    const rapid = rapidOf(monitor);
    const onsetS = monitor.firstS + 2 * 3600;
    expect(rapid.every((a) => a.time >= onsetS)).toBe(true);
    const first = rapid[0];
    // (a fall while the air cools holds a whole minute before its alarm)
    expect((first?.time ?? Number.POSITIVE_INFINITY) - onsetS).toBeLessThan(120);
    // the hole's rate as it opened (the truth's first record), against the first reading
    const trueRate = truth.leaks[0]?.rate_kg_per_day[0]?.[1] ?? Number.NaN;
    const told = first?.evidence?.rateKgPerDay ?? Number.NaN;
    expect(told / trueRate).toBeGreaterThan(0.85);
    expect(told / trueRate).toBeLessThan(1.15);
  });
});

describe("a vessel's two gauges on a slow crack", () => {
  it('raise no rapid alarm for a fall two days from the limit', () => {
    // a sixth of the air a day (~5 mmHg/h, 51 h from 490 mmHg): the reference gauge read 5.2 mmHg/h,
    // the manometer's last three samples 15.1, and the fall was told at the manometer's 15.1, a
    // CRITICAL 21.8 h from the limit 33 minutes in
    const { monitor } = vessel(7, 2, STEADY, [
      '{ at_h: 0, leak: { id: L, module: vessel, law: crack, rate_kg_day: 1 } }',
    ]);
    expect(rapidOf(monitor)).toEqual([]);
  });
});

describe('a crack emptying the vessel in six and a half hours', () => {
  it("tells the reserve time by the crack's law, the true crossing inside its interval", () => {
    const crack = ['{ at_h: 1, leak: { id: L, module: vessel, law: crack, rate_kg_day: 12 } }'];
    // when the vessel's pressure reached 490 mmHg, from its minute bins
    const whole = vessel(1, 8, STEADY, crack).monitor.segments.at(-1);
    const limit = mmHgToPa(490);
    const i = whole?.pressure.findIndex((p) => p < limit) ?? -1;
    expect(i).toBeGreaterThan(0);
    const t = whole?.t ?? [];
    const p = whole?.pressure ?? [];
    const crossingS =
      (t[i - 1] as number) +
      (((t[i] as number) - (t[i - 1] as number)) * ((p[i - 1] as number) - limit)) /
        ((p[i - 1] as number) - (p[i] as number));
    // the same run stopped about an hour before: its standing alarm's last reading (read as an
    // orifice, the fit restarted as the fall left its curve and the interval's upper end was 64.5 min
    // when 68.6 were left)
    const { monitor } = vessel(1, 6.5, STEADY, crack);
    const standing = rapidOf(monitor).at(-1);
    const reading = standing?.latest;
    expect(reading?.message).toMatch(/a crack's flow/);
    const [low, high] = reading?.reserveTimeMin90 ?? [Number.NaN, Number.NaN];
    const left = (crossingS - (reading?.time ?? Number.NaN)) / 60;
    expect(left).toBeGreaterThan(45);
    expect(left).toBeGreaterThanOrEqual((low as number) - 0.5);
    expect(left).toBeLessThanOrEqual((high as number) + 0.5);
  });
});

describe('a fall that stops or slows', () => {
  /** A 1 mm hole at C_d 0.6 (51 mmHg/h, ~10 kg/day) from hour 1, plugged or shrunk at hour 1.5. */
  const hole = (then: string) => [
    '{ at_h: 1, leak: { id: L, module: vessel, law: orifice, diameter_mm: 1, cd: 0.6 } }',
    `{ at_h: 1.5, ${then} }`,
  ];

  it('returns its alarm to normal ten minutes after the hole is plugged, telling the pressure since', () => {
    // until this, the CRITICAL stood for the rest of the run with the vessel tight again
    const { monitor, truth } = vessel(5, 3, STEADY, hole('leak_stop: L'));
    const rapid = rapidOf(monitor);
    expect(rapid).toHaveLength(1);
    const cleared = rapid[0]?.cleared;
    if (cleared === undefined) throw new Error('the alarm did not return to normal');
    const stopS = monitor.firstS + 1.5 * 3600;
    // last seen at most a minute after the stop (its last minute's slope), then ten minutes unseen
    expect(cleared.time - stopS).toBeGreaterThanOrEqual(600);
    expect(cleared.time - stopS).toBeLessThanOrEqual(600 + 90);
    const m = cleared.reason.match(
      /^vessel last seen falling at 01:3\d:\d\dZ; the fall stopped: (-?[\d.]+) mmHg\/h since \(90 %: (-?[\d.]+) to (-?[\d.]+)\); ([\d.]+) mmHg now$/,
    );
    if (m === null) throw new Error(`unexpected reason: ${cleared.reason}`);
    const [rate, low, high, now] = m.slice(1).map(Number) as [number, number, number, number];
    // tight again: the interval holds zero and is a fraction of a mmHg/h wide (the gauge reads 0.02 mmHg)
    expect(low).toBeLessThanOrEqual(0);
    expect(high).toBeGreaterThanOrEqual(0);
    expect(high - low).toBeLessThan(1);
    expect(Math.abs(rate)).toBeLessThan(0.5);
    // 760 less half an hour at ~51 mmHg/h
    expect(now).toBeGreaterThan(730);
    expect(now).toBeLessThan(740);
    // the report's rate at the end is the one since: the vessel tight (it read 2.23 kg/day, 1.4 to
    // 3.06, a straight line through the fall and after, and a 25 h reserve time)
    const report = buildReport(monitor);
    expect(report.leak.afterFall).toEqual({
      time: isoFromEpochS(rapid[0]?.evidence?.until ?? 0),
      how: 'stopped',
    });
    const [lowEnd, highEnd] = report.leak.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(lowEnd).toBeLessThanOrEqual(0);
    expect(highEnd).toBeGreaterThanOrEqual(0);
    expect(highEnd - lowEnd).toBeLessThan(0.05);
    expect(report.leak.reserveTimeH).toBeNull();
    // and the period's onset is split at the fall's end: the hole's rate as it was plugged while it fell
    const onset = report.segments[0]?.onset;
    expect(onset?.fallEnded?.how).toBe('stopped');
    const plugged = truth.leaks[0]?.rate_kg_per_day.filter(([, r]) => r > 0).at(-1)?.[1] ?? Number.NaN;
    expect(Math.abs((onset?.rateSinceKgPerDay ?? Number.NaN) / plugged - 1)).toBeLessThan(0.05);
  });

  it('keeps the alarm of a vessel emptied below the evacuation pressure: it falls no more, but is not back to normal', () => {
    // 10 mm at C_d 0.6: 490 mmHg in 3.5 min, a near vacuum within the hour, its fall then unseen
    const { monitor } = vessel(5, 2.5, STEADY, [
      '{ at_h: 0.5, leak: { id: L, module: vessel, law: orifice, diameter_mm: 10, cd: 0.6 } }',
    ]);
    const rapid = rapidOf(monitor);
    expect(rapid.map((a) => a.severity)).toEqual(['SEVERE']);
    expect(rapid[0]?.cleared).toBeUndefined();
    expect(monitor.segments.at(-1)?.pressurePa).toBeLessThan(mmHgToPa(5));
  });

  it('holds the alarm of a fall slowed below the watch while it is still within two days of the limit', () => {
    // three hours of the 1 mm hole bring the vessel to ~620 mmHg; shrunk then to ~4 mmHg/h (a sixth
    // of its air a day), below the 5 mmHg/h the watch counts but ~32 h from 490 mmHg: not back to normal
    const { monitor } = vessel(5, 5.5, STEADY, [
      '{ at_h: 1, leak: { id: L, module: vessel, law: orifice, diameter_mm: 1, cd: 0.6 } }',
      '{ at_h: 4, leak_change: { id: L, rate_kg_day: 0.96 } }',
    ]);
    const rapid = rapidOf(monitor);
    expect(rapid).toHaveLength(1);
    expect(rapid[0]?.cleared).toBeUndefined();
    expect(rapid[0]?.evidence?.until).toBeUndefined();
  });

  it('says a fall slowed beyond the watch is still falling, with its time to the limit', () => {
    // shrunk to 0.5 kg/day: ~2.6 mmHg/h, under the 5 mmHg/h the rapid watch counts, ~4 days to 490
    const { monitor, truth } = vessel(5, 3, STEADY, hole('leak_change: { id: L, rate_kg_day: 0.5 }'));
    const cleared = rapidOf(monitor)[0]?.cleared;
    const m = cleared?.reason.match(
      /the fall slowed: ([\d.]+) mmHg\/h since \(90 %: ([\d.]+) to ([\d.]+)\), ([\d.]+) h from 490 mmHg at that rate; [\d.]+ mmHg now$/,
    );
    if (m === null || m === undefined) throw new Error(`unexpected reason: ${cleared?.reason}`);
    const [rate, low, high, hours] = m.slice(1).map(Number) as [number, number, number, number];
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThanOrEqual(rate);
    expect(high).toBeGreaterThanOrEqual(rate);
    // 0.5 kg/day of the vessel's ~5.9 kg at 735 mmHg: 735 × 0.5 / 5.9 / 24 = 2.6 mmHg/h
    expect(rate).toBeGreaterThan(2.6 * 0.7);
    expect(rate).toBeLessThan(2.6 * 1.3);
    expect(hours).toBeGreaterThan(60);
    expect(hours).toBeLessThan(140);
    // the rate at the end is the one since it slowed, its interval holding the truth (it read 2.46
    // kg/day, a straight line through the fall and after)
    const report = buildReport(monitor);
    expect(report.leak.afterFall?.how).toBe('slowed');
    const atEnd = truth.leaks[0]?.rate_kg_per_day.at(-1)?.[1] ?? Number.NaN;
    const [lowEnd, highEnd] = report.leak.rateKgPerDay90 ?? [Number.NaN, Number.NaN];
    expect(Math.abs((report.leak.rateKgPerDay ?? Number.NaN) / atEnd - 1)).toBeLessThan(0.05);
    expect(lowEnd).toBeLessThan(atEnd * 1.01);
    expect(highEnd).toBeGreaterThan(atEnd * 0.99);
  });
});
