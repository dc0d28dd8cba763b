// The groups a plot draws beside the largest: haven's lab, holed and closed off, is one; the
// largest group never is, nor a group closed off with no leak in it.
import { describe, expect, it } from 'vitest';
import { havenDay } from '../../test/haven-day.js';
import { buildReport, leakGroups } from './index.js';

describe('leakGroups', () => {
  it('finds the lab closed off with a hole in it, with its checks from the closure to the end', () => {
    const monitor = havenDay(5, 6, [
      '{ at_h: 2, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }',
      '{ at_h: 2.3333, hatch: hab-lab, state: closed }',
      '{ at_h: 2.3333, hatch: hab-capsule, state: closed }',
    ]).monitor;
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
    const monitor = havenDay(6, 3, [
      '{ at_h: 1, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }',
    ]).monitor;
    expect(monitor.alarms.some((a) => a.kind === 'rapid-depress')).toBe(true);
    expect(leakGroups(monitor.segments, monitor.alarms, buildReport(monitor).leak.locatedIn)).toEqual([]);
  });
});
