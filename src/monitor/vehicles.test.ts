// Vehicles come and go: an undocked vehicle's hatches shut and its channels fall silent, which is
// not a sensor fault nor stale data; a vehicle that docks reports again and joins when its hatch
// opens. The monitor follows both from the data.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { channelSeries, scenarioFromYaml, simulatedBatches, stationFromYaml } from '../../test/scenario.js';
import { runSimulation } from '../sim/index.js';
import { buildReport, createMonitor, finishMonitor, monitorBatch } from './index.js';

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

describe('a stale channel leaving with its vehicle', () => {
  it('has its stale-data alarm returned to normal at the undocking: it is no longer expected', () => {
    // the Soyuz's orbital-module thermometer freezes at hour 27 (stale after 43 identical readings
    // a minute apart: a frozen channel may repeat after its vehicle left), the Soyuz leaves at 28;
    // its other channels fall silent
    const scenario = caseScenario({
      seed: 5,
      hours: 30,
      events: ['{ at_h: 27, sensor: T_SOYUZ_OM, fault: frozen }', '{ at_h: 28, undock: soyuz }'],
    });
    const { monitor } = runCase(scenario);
    const hours = (t: number): number => (t - scenario.startMs / 1000) / 3600;
    expect(
      monitor.vehicleEvents.map((e) => [e.vehicle, e.event, Math.round(hours(e.atS) * 100) / 100]),
    ).toEqual([['soyuz', 'undocked', 28.25]]);
    const stale = monitor.alarms.filter((a) => a.kind === 'stale-data');
    expect(stale.map((a) => a.channel)).toEqual(['T_SOYUZ_OM']);
    expect(hours(stale[0]!.time)).toBeGreaterThan(27);
    expect(hours(stale[0]!.time)).toBeLessThan(27.75);
    expect(hours(stale[0]!.cleared?.time ?? Number.NaN)).toBeCloseTo(28.25, 2);
    expect(stale[0]!.cleared?.reason).toMatch(
      /^soyuz undocked \(taken so at .*\): T_SOYUZ_OM no longer expected$/,
    );
    expect(monitor.updated.map((i) => monitor.alarms[i])).toEqual(stale);
    // its repeats after the undocking do not dock it again
    expect(monitor.alarms.filter((a) => a.kind !== 'stale-data')).toEqual([]);
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

describe('a vehicle read only by a slow gauge', () => {
  // a habitat read every 10 s and a docked capsule whose one gauge reads every 5 minutes: its
  // silence means it left only after six of those (30 min), and only while the feed flows
  const station = stationFromYaml(`
name: habitat and capsule
pressure_mmHg: 750
modules:
  - { id: hab, volume_m3: 80 }
  - { id: cap, volume_m3: 9, vehicle: capsule }
vehicles: [{ id: capsule, kind: crew-dragon, crew_seats: 4 }]
hatches:
  - { id: hab-cap, between: [hab, cap], closable: true }
sensors:
  - { id: P_HAB, module: hab, quantity: pressure, unit: mmHg, period_s: 10, noise_sd: 0.05, resolution: 0.01 }
  - { id: P_CAP, module: cap, quantity: pressure, unit: mmHg, period_s: 300, noise_sd: 0.3, resolution: 0.1 }
  - { id: H_CAP, hatch: hab-cap, quantity: hatch, report_on_change: true }
`);
  /** Runs `events` over 6 h, the whole feed lost for `lost` [h from, h to], into a fresh monitor. */
  function run(events: string[], lost: [number, number] | null) {
    const scenario = scenarioFromYaml(
      `station: inline\nstart: 2027-01-01T00:00:00Z\nduration_h: 6\nstep_s: 10\nseed: 2\nevents: [${events.join(', ')}]\n`,
      station,
    );
    const monitor = createMonitor(station);
    const startS = scenario.startMs / 1000;
    for (const batch of simulatedBatches(scenario, 30)) {
      const keep = Array.from({ length: batch.length }, (_, i) => i).filter((i) => {
        const h = ((batch.time[i] as number) - startS) / 3600;
        return lost === null || h < lost[0] || h >= lost[1];
      });
      monitorBatch(monitor, {
        time: Float64Array.from(keep, (i) => batch.time[i] as number),
        channel: Int32Array.from(keep, (i) => batch.channel[i] as number),
        value: Float64Array.from(keep, (i) => batch.value[i] as number),
        length: keep.length,
      });
    }
    finishMonitor(monitor);
    const events_ = monitor.vehicleEvents.map((e) => [e.vehicle, e.event, Math.round((e.atS - startS) / 60)]);
    return { monitor, events: events_ };
  }

  it('is taken as undocked after six of its gauge’s periods of silence', () => {
    const { monitor, events } = run(['{ at_h: 2, undock: capsule }'], null);
    // its last reading came in the 5 minutes before hour 2; 30 minutes of silence after it
    expect(events.map((e) => e.slice(0, 2))).toEqual([['capsule', 'undocked']]);
    expect(events[0]?.[2]).toBeGreaterThanOrEqual(145);
    expect(events[0]?.[2]).toBeLessThanOrEqual(151);
    expect(monitor.alarms.filter((a) => a.kind === 'stale-data')).toEqual([]);
  });

  it('is not taken as undocked, closed off, when the whole feed is lost for 42 minutes', () => {
    // (the feed resumes between two of the gauge's readings)
    const { monitor, events } = run(['{ at_h: 1, hatch: hab-cap, state: closed }'], [2, 2.7]);
    expect(events).toEqual([]);
    expect(monitor.alarms.filter((a) => a.kind === 'leak' || a.kind === 'sensor-fault')).toEqual([]);
  });
});
