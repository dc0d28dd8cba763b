// haven reads its nitrogen with one analyser. Frozen, it goes stale, and the N2 inventory had no
// reading left: a 2 kg/day leak went unseen for the 22 h after it began, the cabin's pressure
// falling 2.5 kg/day's worth. The inventory is now carried on by p − ppO2 − ppCO2 (the total
// pressure alone follows the crew's breathing and the O2 generator: carried at the nitrogen's
// share, it raised leak alarms on leak-free days), its estimates and scans started afresh there.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../bench/cases.js';
import { havenScenario } from '../../test/scenario.js';
import { buildReport } from './index.js';

function frozenAnalyser(seed: number, leak: string[]) {
  return runCase(havenScenario(seed, 30, 5, ['{ at_h: 4, sensor: PPN2_HAB, fault: frozen }', ...leak]));
}

describe('a station whose only N2 analyser freezes', () => {
  it('still finds and sizes a leak from the pressure less ppO2 and ppCO2', () => {
    const { monitor } = frozenAnalyser(3, [
      '{ at_h: 8, leak: { id: L1, module: lab, law: orifice, cd: 0.6, rate_kg_day: 2.0 } }',
    ]);
    const onset = Date.parse('2024-03-01T08:00:00Z') / 1000;
    expect(monitor.alarms.some((a) => a.kind === 'stale-data' && a.channel === 'PPN2_HAB')).toBe(true);
    const leaks = monitor.alarms.filter((a) => a.kind === 'leak');
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks[0]!.time).toBeGreaterThan(onset);
    expect(leaks[0]!.time - onset).toBeLessThan(12 * 3600);
    const { leak } = buildReport(monitor);
    expect(leak.rateKgPerDay).toBeGreaterThan(2 * 0.8);
    expect(leak.rateKgPerDay).toBeLessThan(2 * 1.2);
  });

  it.each([1, 2])('raises no leak alarm without a leak (seed %i)', (seed) => {
    const { monitor } = frozenAnalyser(seed, []);
    expect(monitor.alarms.filter((a) => a.kind === 'leak' || a.kind === 'rapid-depress')).toEqual([]);
    expect(buildReport(monitor).leak.rateKgPerDay).not.toBeNull();
  });
});
