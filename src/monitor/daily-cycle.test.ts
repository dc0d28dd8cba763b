// A monitor that watches for days learns each group's daily cycle from the whole days before its
// day-long window (two at first, more as the watch goes on) and takes it out of its tests (estimate/daily-cycle.ts; issue 3 §3: a
// configured false-alarm rate, which a day's trend carrying the cycle's slope did not keep).
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import type { MonitorState } from './index.js';

const OMEGA = (2 * Math.PI) / 86400;
/** A cycle the station's air does not have, added to every pressure and ppN2 reading [Pa]: 25 Pa, peak at 21:00 UTC (a quarter of a day from the thermal cycle's peak, which the temperature coupling would take up). */
const AMPLITUDE_PA = 25;
const PEAK_S = 21 * 3600;

/** Simulated ISS days with hatch operations, the cycle added to the readings the inventory is made of. */
function watch(hours: number, add = true): MonitorState {
  const scenario = caseScenario({ seed: 21, hours, operations: true, events: [] });
  const added = scenario.station.sensors.map((s) => s.quantity === 'pressure' || s.quantity === 'ppN2');
  return runCase(scenario, {}, (buffer) => {
    for (let i = 0; i < buffer.length; i++)
      if (add && added[buffer.channel[i] as number])
        buffer.value[i] =
          (buffer.value[i] as number) +
          AMPLITUDE_PA * Math.cos(OMEGA * ((buffer.time[i] as number) - PEAK_S));
  }).monitor;
}

function mainGroup(monitor: MonitorState) {
  return monitor.finalGroups.reduce((a, g) => (g.series.model.volumeM3 > a.series.model.volumeM3 ? g : a));
}

describe('the daily cycle of a long watch', () => {
  it('is learnt from the two days before the day-long window', () => {
    // at 70 h those two days hold 46 h of data (four fifths of them are needed)
    const group = mainGroup(watch(70));
    const cycle = group.cycle;
    expect(cycle).not.toBeNull();
    // learnt over whole days that end where the day-long window begins
    const endS = group.series.t.at(-1) as number;
    expect((cycle?.toS ?? 0) - (cycle?.fromS ?? 0)).toBe(2 * 86400);
    expect(endS - (cycle?.toS ?? 0)).toBeGreaterThanOrEqual(24 * 3600 - 60);
    expect(endS - (cycle?.toS ?? 0)).toBeLessThan(25 * 3600 + 60);
    // the first harmonic is the added cycle, within three of its standard errors (the station's
    // own is a few pascals; the group's noise model, fitted with the added cycle in its residuals,
    // puts them at ~9 Pa), and told from none
    const c1 = cycle?.coefficients[0] as number;
    const d1 = cycle?.coefficients[1] as number;
    const seC = Math.sqrt(cycle?.covariance[0] as number);
    const seD = Math.sqrt(cycle?.covariance[7] as number);
    expect(seC).toBeLessThan(12);
    expect(Math.abs(c1 - AMPLITUDE_PA * Math.cos(OMEGA * PEAK_S))).toBeLessThan(3 * seC);
    expect(Math.abs(d1 - AMPLITUDE_PA * Math.sin(OMEGA * PEAK_S))).toBeLessThan(3 * seD);
    expect(Math.hypot(c1 / seC, d1 / seD)).toBeGreaterThan(2.5);
  }, 60_000);

  it('is learnt from more days as the watch goes on, and known better', () => {
    const short = mainGroup(watch(70)).cycle;
    const long = mainGroup(watch(150)).cycle;
    // the same days without the added cycle: the station's own (crew, thermal) and the noise
    const own = mainGroup(watch(150, false)).cycle;
    if (short === null || long === null || own === null) throw new Error('no cycle learnt');
    // at 150 h six whole days end where the day-long window begins (four fifths of them watched)
    expect((long.toS - long.fromS) / 86400).toBe(6);
    // a cycle over k days is known about √(k/2) times better than over two
    const se = (c: typeof long, j: number) => Math.sqrt(c.covariance[j * 7] as number);
    expect(se(long, 0)).toBeLessThan((se(short, 0) / Math.sqrt(3)) * 1.25);
    expect(se(long, 0)).toBeGreaterThan((se(short, 0) / Math.sqrt(3)) * 0.75);
    // and what the added cycle adds to the learnt one is the added cycle, within three of its
    // standard errors (at six days the cosine's came out 9.9 Pa, 2.2 of them, from it: the
    // temperature coupling and the noise model are fitted with the added cycle in the inventory)
    const dc = (long.coefficients[0] as number) - (own.coefficients[0] as number);
    const dd = (long.coefficients[1] as number) - (own.coefficients[1] as number);
    expect(Math.abs(dc - AMPLITUDE_PA * Math.cos(OMEGA * PEAK_S))).toBeLessThan(3 * se(long, 0));
    expect(Math.abs(dd - AMPLITUDE_PA * Math.sin(OMEGA * PEAK_S))).toBeLessThan(3 * se(long, 1));
  }, 180_000);
});
