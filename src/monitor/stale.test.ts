// Stale channels: silence or repetition beyond what the sensor's noise allows, judged on the
// feed as it comes. On prk-2020's 13 months of 30-minute telemetry the monitor raised 1,994
// stale-data alarms, none for a stale channel: the Russian analyser (read every 60 s, 1 mmHg noise
// at 0.1 resolution) was called stale whenever two half-hourly readings happened to agree, and
// the Quest tanks (12 kPa steps, 2 kPa noise) whenever no gas was drawn for 6 h.
import { describe, expect, it } from 'vitest';
import { caseScenario, runCase } from '../../bench/cases.js';
import { loadStation } from '../config/index.js';
import { rngFor } from '../core/index.js';
import { buildReport } from './index.js';
import { checkSample, createChannelQuality, staleBySilence, sweepStale } from './quality.js';

const station = loadStation('iss');
const channel = (id: string): number => station.sensors.findIndex((s) => s.id === id);
const sensor = (id: string) => station.sensors[channel(id)]!;

/** Feeds the readings (SI, one per `everyS` from t = 0), sweeping after each; the stale sweeps' hits. */
function feed(id: string, readings: number[], everyS: number) {
  const q = createChannelQuality(station);
  const k = channel(id);
  const flagged: number[] = [];
  readings.forEach((v, i) => {
    checkSample(q, k, i * everyS, v, () => {});
    if (sweepStale(q, i * everyS + everyS - 1).includes(k)) flagged.push(i);
  });
  return { q, k, flagged };
}

/** A sensor's readings of a steady quantity: declared noise, rounded to its resolution (SI). */
function readingsOf(id: string, truePa: number, n: number, seed: number): number[] {
  const s = sensor(id);
  const scale = 133.322; // mmHg
  const rng = rngFor(seed, 'stale-test');
  return Array.from({ length: n }, () => {
    const v = truePa / scale + s.noiseSd * rng.normal();
    return Math.round(v / s.resolution) * s.resolution * scale;
  });
}

describe('stale channels', () => {
  it('does not call a noisy analyser written every 30 min stale when two readings agree', () => {
    const readings = readingsOf('PPO2_ZVEZDA_RO', 172 * 133.322, 2000, 1);
    // the feed holds plenty of chance repeats (1 in 36 at 1 mmHg noise, 0.1 resolution) …
    const repeats = readings.filter((v, i) => i > 0 && v === readings[i - 1]).length;
    expect(repeats).toBeGreaterThan(20);
    // … and none of them is a stale channel
    expect(feed('PPO2_ZVEZDA_RO', readings, 1800).flagged).toEqual([]);
  });

  it('calls the same analyser stale once it repeats a reading six times, by count', () => {
    const readings = readingsOf('PPO2_ZVEZDA_RO', 172 * 133.322, 100, 2);
    for (let i = 50; i < 60; i++) readings[i] = readings[49] as number;
    const q = createChannelQuality(station);
    const k = channel('PPO2_ZVEZDA_RO');
    const staleAt: number[] = [];
    readings.forEach((v, i) => {
      checkSample(q, k, i * 1800, v, () => {});
      if (q.stale[k] === 1) staleAt.push(i);
    });
    expect(staleAt[0]).toBe(55);
    expect(staleAt.at(-1)).toBe(59);
    expect(staleBySilence(q, k)).toBe(false);
  });

  it('lets a tank whose noise is below its resolution hold its reading for days', () => {
    // report-on-change: one reading, then nothing for three days of a tank not drawn on
    const q = createChannelQuality(station);
    const k = channel('AIRLOCK000057');
    checkSample(q, k, 0, 11_961_000, () => {});
    expect(sweepStale(q, 3 * 86_400)).toEqual([]);
    expect(q.stale[k]).toBe(0);
  });

  it('calls an analyser that reports on change stale after 6 readings of silence', () => {
    // the Lab MCA's ppN2: noise with no quantization, so every reading moves: silent past 42 min is frozen
    const q = createChannelQuality(station);
    const k = channel('USLAB000054');
    checkSample(q, k, 0, 75_000, () => {});
    expect(sweepStale(q, 6 * 420 - 1)).toEqual([]);
    expect(sweepStale(q, 6 * 420 + 1)).toEqual([k]);
  });

  it('calls a periodic channel that stops sending stale after six of its own intervals', () => {
    const every = 1800;
    const readings = readingsOf('P_SOYUZ_DM', 99_000, 50, 3);
    const q = createChannelQuality(station);
    const k = channel('P_SOYUZ_DM');
    readings.forEach((v, i) => {
      checkSample(q, k, i * every, v, () => {});
    });
    const last = (readings.length - 1) * every;
    // its silence limit is 6 h; at a 30-min cadence, six intervals are 3 h: the 6 h hold
    expect(sweepStale(q, last + 6 * 3600 - 1)).toEqual([]);
    expect(sweepStale(q, last + 6 * 3600 + 1)).toEqual([k]);
    expect(staleBySilence(q, k)).toBe(true);
    // a reading — even the same value — ends a silence
    checkSample(q, k, last + 7 * 3600, readings.at(-1) as number, () => {});
    expect(q.stale[k]).toBe(0);
  });
});

describe('stale-data alarms return to normal', () => {
  /** The stale-data alarms of a run of the ISS with these sensor events. */
  const staleAlarms = (seed: number, hours: number, events: string[]) => {
    const { monitor } = runCase(caseScenario({ seed, hours, events }));
    return { monitor, alarms: monitor.alarms.filter((a) => a.kind === 'stale-data') };
  };

  it('marks an analyser’s alarm back to normal when it moves again, and raises a new one when it stops again', () => {
    // the Lab's ppN2 reports on change and its noise moves every reading: 42 min unchanged is stale
    const { monitor, alarms } = staleAlarms(51, 4, [
      '{ at_h: 1, sensor: USLAB000054, fault: { kind: dropout, duration_h: 1 } }',
      '{ at_h: 2.5, sensor: USLAB000054, fault: { kind: dropout, duration_h: 1 } }',
    ]);
    expect(alarms.map((a) => a.channel)).toEqual(['USLAB000054', 'USLAB000054']);
    const start = monitor.firstS;
    alarms.forEach((alarm, i) => {
      const outS = start + (1 + 1.5 * i) * 3600;
      // 42 min after its last change, which is at most one update cycle before the outage
      expect(alarm.time - outS).toBeGreaterThan(2520 - 420);
      expect(alarm.time - outS).toBeLessThan(3600);
      // its first reading after the hour without any, which is at most one update cycle (7 min) late
      expect(alarm.cleared?.time).toBeGreaterThanOrEqual(outS + 3600);
      expect(alarm.cleared?.time).toBeLessThanOrEqual(outS + 3600 + 420);
      expect(alarm.cleared?.reason).toMatch(/^USLAB000054 changes again from 20/);
    });
    expect(monitor.updated.map((i) => monitor.alarms[i])).toEqual(alarms);
    const report = buildReport(monitor);
    expect(
      report.alarms.filter((a) => a.kind === 'stale-data').map((a) => a.cleared?.time.slice(11, 13)),
    ).toEqual(['02', '03']);
    expect(report.quality.staleChannels).toEqual([]);
  });

  it('marks a periodic channel’s alarm back to normal at its first reading after a silence', () => {
    const { monitor, alarms } = staleAlarms(53, 9, [
      '{ at_h: 1, sensor: P_ZARYA, fault: { kind: dropout, duration_h: 7 } }',
    ]);
    expect(alarms.map((a) => a.channel)).toEqual(['P_ZARYA']);
    const start = monitor.firstS;
    // 6 h after its last reading, a second before the outage
    expect(alarms[0]!.time - start).toBeGreaterThanOrEqual(7 * 3600 - 1);
    expect(alarms[0]!.cleared?.reason).toMatch(/^P_ZARYA reports again from 20/);
    expect(alarms[0]!.cleared!.time - start).toBeGreaterThanOrEqual(8 * 3600);
    expect(alarms[0]!.cleared!.time - start).toBeLessThan(8 * 3600 + 60);
  });

  it('keeps a frozen channel’s alarm standing while it stays frozen, and clears it when it moves', () => {
    const frozen = staleAlarms(52, 4, ['{ at_h: 1, sensor: P_ZARYA, fault: frozen }']);
    expect(frozen.alarms.map((a) => [a.channel, a.cleared])).toEqual([['P_ZARYA', undefined]]);
    const thawed = staleAlarms(52, 4, [
      '{ at_h: 1, sensor: P_ZARYA, fault: frozen }',
      '{ at_h: 2, sensor: P_ZARYA, fault: clear }',
    ]);
    expect(thawed.alarms.map((a) => a.channel)).toEqual(['P_ZARYA']);
    expect(thawed.alarms[0]!.cleared?.reason).toMatch(/^P_ZARYA changes again from /);
    expect(thawed.alarms[0]!.cleared!.time - thawed.monitor.firstS).toBeGreaterThanOrEqual(2 * 3600);
    expect(thawed.alarms[0]!.cleared!.time - thawed.monitor.firstS).toBeLessThan(2 * 3600 + 60);
  });
});

describe('drop-outs', () => {
  it('counts a periodic channel’s gaps longer than three of its intervals, and the time they cost', () => {
    const q = createChannelQuality(station);
    const k = channel('PPO2_ZVEZDA_RO');
    const readings = readingsOf('PPO2_ZVEZDA_RO', 172 * 133.322, 200, 4);
    // every 60 s, but nothing from reading 100 to 119 (a 21 min gap) and one reading missing at 150
    readings.forEach((v, i) => {
      if ((i > 100 && i < 120) || i === 150) return;
      checkSample(q, k, i * 60, v, () => {});
    });
    expect(q.dropouts[k]).toBe(1);
    expect(q.longestGapS[k]).toBe(20 * 60);
    expect(q.dropoutS[k]).toBeCloseTo(19 * 60, -1);
    // a report-on-change channel's silence is no drop-out
    const tank = channel('AIRLOCK000057');
    checkSample(q, tank, 0, 11_961_000, () => {});
    checkSample(q, tank, 60, 11_949_000, () => {});
    checkSample(q, tank, 86_400, 11_937_000, () => {});
    expect(q.dropouts[tank]).toBe(0);
  });

  it('lists a sensor that dropped out in the analysis', () => {
    const { monitor } = runCase(
      caseScenario({
        seed: 51,
        hours: 4,
        events: ['{ at_h: 1, sensor: P_ZARYA, fault: { kind: dropout, duration_h: 1 } }'],
      }),
    );
    const dropouts = buildReport(monitor).quality.dropouts;
    expect(dropouts.map((d) => d.channel)).toEqual(['P_ZARYA']);
    expect(dropouts[0]!.gaps).toBe(1);
    expect(dropouts[0]!.longestS).toBeGreaterThanOrEqual(3600);
    expect(dropouts[0]!.longestS).toBeLessThan(3600 + 60);
  });
});
