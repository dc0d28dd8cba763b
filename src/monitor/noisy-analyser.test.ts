// haven's one ppN2 analyser gone noisy (0.5 → 5 mmHg) six hours in, no leak: the scans, judging by a
// noise model learnt before, read its scatter as leaks — CRITICAL at 28.5 kg/day, and DISTRESS then
// CRITICAL at 72.8 kg/day on other seeds — while the cabin's three gauges held. Now the analyser is
// named noisy and left out (the nitrogen carried on by p − ppO2 − ppCO2), and an alarm its loss the
// total pressure rules out is held.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../bench/cases.js';
import { havenScenario } from '../../test/scenario.js';
import { severityRank } from './alarms.js';

function noisyAnalyser(seed: number) {
  return runCase(havenScenario(seed, 12, 5, ['{ at_h: 6, sensor: PPN2_HAB, fault: { kind: noise, sd: 5 } }']))
    .monitor;
}

describe('an N2 analyser gone noisy', () => {
  it.each([3, 4, 5])('is named and left out, and no leak is graded above WARNING (seed %i)', (seed) => {
    const monitor = noisyAnalyser(seed);
    const fault = monitor.alarms.find((a) => a.kind === 'sensor-fault' && a.channel === 'PPN2_HAB');
    expect(fault?.message).toMatch(
      /^PPN2_HAB \(ppN2\) scatters .* left out of the nitrogen of hab, lab, capsule$/,
    );
    // within the hour the noise began
    expect(fault!.time - Date.parse('2024-03-01T06:00:00Z') / 1000).toBeLessThan(3600);
    const leaks = monitor.alarms.filter((a) => a.kind === 'leak' || a.kind === 'rapid-depress');
    expect(leaks.every((a) => severityRank(a.severity) <= severityRank('WARNING'))).toBe(true);
  });
});
