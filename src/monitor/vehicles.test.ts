// Vehicles come and go: an undocked vehicle's hatches shut and its channels fall silent, which is
// not a sensor fault nor stale data; a vehicle that docks reports again and joins when its hatch
// opens. The monitor follows both from the data.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { channelSeries } from '../../test/scenario.js';
import { runSimulation } from '../sim/index.js';
import { buildReport } from './index.js';

describe('a vehicle undocking and docking again', () => {
  // the Crew Dragon leaves at hour 28 of a simulated ISS day (a day watched first), comes back at
  // hour 34 at 760 mmHg, and its hatch opens at 36
  const scenario = caseScenario({
    seed: 5,
    hours: 44,
    events: [
      '{ at_h: 28, undock: crew-dragon }',
      '{ at_h: 34, dock: { vehicle: crew-dragon, pressure_mmHg: 760 } }',
      '{ at_h: 36, hatch: pma2-crew-dragon, state: open }',
    ],
  });
  const { monitor } = runCase(scenario);
  const report = buildReport(monitor);
  const hoursOf = (iso: string): number => (Date.parse(iso) - scenario.startMs) / 3_600_000;

  it('is taken as undocked when its hatch is shut and its channels fall silent, and as docked when they report', () => {
    expect(report.vehicles.map((v) => [v.vehicle, v.event, Math.round(hoursOf(v.at) * 100) / 100])).toEqual([
      // 15 minutes of silence after the undocking
      ['crew-dragon', 'undocked', 28.25],
      ['crew-dragon', 'docked', 34],
    ]);
    const during = report.segments.filter((s) => hoursOf(s.from) >= 28.1 && hoursOf(s.to) <= 34);
    expect(during.length).toBeGreaterThan(0);
    for (const s of during) expect(s.modules).not.toContain('crew-dragon');
    const last = report.segments.filter((s) => hoursOf(s.from) >= 36);
    expect(last.some((s) => s.modules.includes('crew-dragon') && s.modules.includes('us-lab'))).toBe(true);
  });

  it('raises no alarm: the silence is its leaving, not a sensor fault or stale data', () => {
    // before, its pressure sensor held its last reading in the station's group, was called faulty
    // 1.7 h later (0.3 mmHg below the rest), and its thermometer stale after 6 h
    expect(monitor.alarms).toEqual([]);
    expect(report.quality.staleChannels).toEqual([]);
    expect(report.leak.detected).toBe(false);
  });

  it('sees the port’s hatch shut at the undocking (the configuration changes there)', () => {
    expect(report.segments.some((s) => Math.abs(hoursOf(s.from) - 28) < 0.05)).toBe(true);
  });
});

describe('the simulated hatch channel of a port with nothing docked', () => {
  it('reads shut (it read nothing, so the monitor never saw the undocking close it)', () => {
    const scenario = caseScenario({ seed: 1, hours: 2, events: ['{ at_h: 1, undock: crew-dragon }'] });
    const { samples } = runSimulation(scenario);
    const hatch = channelSeries(samples, scenario.station, 'HATCH_PMA2_CREW_DRAGON');
    const after = hatch.t.flatMap((t, i) => (t >= scenario.startMs / 1000 + 3600 ? [hatch.v[i]] : []));
    expect(hatch.v[0]).toBe(1);
    expect(after).toEqual([0]);
  });
});
