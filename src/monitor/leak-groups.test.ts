// The groups a plot draws beside the largest: haven's lab, holed and closed off, is one; the
// largest group never is, nor a group closed off with no leak in it.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { buildReport, leakGroups } from './index.js';

const HAVEN_DAY = `crew: { count: 4 }
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.4, drift_K: 0.1, drift_timescale_h: 6, module_spread: 0.2 }`;

/** A simulated haven day with these events, watched by a fresh monitor. */
const havenCase = (seed: number, hours: number, events: string[]) =>
  runCase(caseScenario({ seed, hours, station: 'haven', extra: HAVEN_DAY, events })).monitor;

describe('leakGroups', () => {
  it('finds the lab closed off with a hole in it, with its checks from the closure to the end', () => {
    const monitor = havenCase(5, 6, [
      '{ at_h: 2, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }',
      '{ at_h: 2.3333, hatch: hab-lab, state: closed }',
      '{ at_h: 2.3333, hatch: hab-capsule, state: closed }',
    ]);
    const report = buildReport(monitor);
    const groups = leakGroups(monitor.segments, monitor.alarms, report.leak.locatedIn);
    // the capsule, closed off too but tight, is not drawn; the hab, the largest group, never is
    expect(groups.map((g) => g.modules)).toEqual([['lab']]);
    const checks = groups[0]?.checks ?? [];
    const closedS = monitor.firstS + 2.3333 * 3600;
    expect(checks[0]?.t).toBeGreaterThanOrEqual(closedS);
    expect(checks[0]?.t).toBeLessThan(closedS + 1800);
    expect(checks.at(-1)?.t).toBeGreaterThan(monitor.lastS - 600);
    // the lab's pressure falls and its rate is the hole's (hundreds of kg/day), in time order
    expect(checks.every((c, i) => i === 0 || c.t > (checks[i - 1]?.t ?? 0))).toBe(true);
    expect((checks.at(-1)?.pressure ?? 0) / (checks[0]?.pressure ?? 1)).toBeLessThan(0.8);
    expect((checks.at(-1)?.rate ?? 0) * 86400).toBeGreaterThan(50);
  });

  it('draws nothing beside the largest group when no group was closed off', () => {
    const monitor = havenCase(6, 3, [
      '{ at_h: 1, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }',
    ]);
    expect(monitor.alarms.some((a) => a.kind === 'rapid-depress')).toBe(true);
    expect(leakGroups(monitor.segments, monitor.alarms, buildReport(monitor).leak.locatedIn)).toEqual([]);
  });
});
