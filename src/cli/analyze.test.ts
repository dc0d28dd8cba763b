import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import type { AnalysisReport } from '../monitor/index.js';
import {
  clearBandNote,
  gainingSpansNote,
  locatedPhrase,
  sinceOnsetReserve,
  throughputLine,
} from './commands/analyze.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-analyze-'));
const realDay = fileURLToPath(new URL('../../data/iss-usos-2018-day285', import.meta.url));

function chamberCsv(extraRows: string[]): string {
  const rows = ['time,channel,value'];
  for (let s = 0; s <= 4 * 3600; s += 10) {
    const time = new Date(Date.UTC(2020, 0, 1) + s * 1000).toISOString();
    rows.push(`${time},P_VESSEL,${(101325 * Math.exp(-s / 2e6)).toFixed(3)}`);
    rows.push(`${time},T_VESSEL,295.15`);
  }
  const path = join(dir, `chamber-${extraRows.length}.csv`);
  writeFileSync(path, [...rows.slice(0, 100), ...extraRows, ...rows.slice(100)].join('\n'));
  return path;
}

describe('airtight analyze', () => {
  it('reports the rate over --window-h, and refuses a window shorter than the scans need or an evacuation pressure above the cabin', async () => {
    // the vessel tight for 8 h, then losing 0.1 Pa/s (about 0.5 kg/day) for 6 h
    const rows = ['time,channel,value'];
    for (let s = 0; s <= 14 * 3600; s += 10) {
      const time = new Date(Date.UTC(2020, 0, 1) + s * 1000).toISOString();
      const p = 101325 - 0.1 * Math.max(0, s - 8 * 3600) + 0.5 * Math.sin(s / 97);
      rows.push(`${time},P_VESSEL,${p.toFixed(3)}`, `${time},T_VESSEL,295.15`);
    }
    const path = join(dir, 'window.csv');
    writeFileSync(path, rows.join('\n'));
    const rate = async (hours: number): Promise<number> => {
      const result = await runCli([
        'analyze',
        path,
        '--station',
        'chamber',
        '--json',
        '--window-h',
        String(hours),
      ]);
      expect(result.code, result.err).toBe(0);
      return JSON.parse(result.out).leak.rateKgPerDay;
    };
    const truth = (0.1 * 5 * 0.028965 * 86400) / (8.314462618 * 295.15);
    const six = await rate(6);
    expect(Math.abs(six / truth - 1)).toBeLessThan(0.05);
    // twelve hours hold six tight ones: the rate over them is an average
    expect(await rate(12)).toBeLessThan(0.8 * six);
    const text = await runCli(['analyze', path, '--station', 'chamber', '--window-h', '6']);
    expect(text.out).toMatch(/Leak rate at the end \(over the last 6 h at most\)/);
    const short = await runCli(['analyze', path, '--station', 'chamber', '--window-h', '4']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/--window-h 4 is shorter than 6 h/);
    const evacuation = await runCli(['analyze', path, '--station', 'chamber', '--evacuation-mmhg', '800']);
    expect(evacuation.code).toBe(2);
    expect(evacuation.err).toMatch(
      /--evacuation-mmhg 800 is not below the station's nominal pressure \(760 mmHg\)/,
    );
  });

  it('prints the CONTRACT.md §5 JSON for the real ISS day', async () => {
    const result = await runCli(['analyze', realDay, '--station', 'iss', '--year', '2018', '--json']);
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ station: 'iss', leak: { detected: false, firstAlarm: null } });
    expect(typeof report.from).toBe('string');
    expect(report.leak.rateKgPerDay90).toHaveLength(2);
    expect(report.segments[0]).toEqual(
      expect.objectContaining({
        from: expect.any(String),
        to: expect.any(String),
        modules: expect.any(Array),
        rateKgPerDay: expect.any(Number),
      }),
    );
    expect(Array.isArray(report.alarms)).toBe(true);
    // quality rejections by channel add up to the totals by reason, each with its first and last time
    const byChannel: { channel: string; reason: string; count: number; first: string; last: string }[] =
      report.quality.rejectedByChannel;
    const sums: Record<string, number> = {};
    for (const r of byChannel) sums[r.reason] = (sums[r.reason] ?? 0) + r.count;
    expect(sums).toEqual(report.quality.rejected);
    expect(byChannel).toContainEqual(
      expect.objectContaining({ channel: 'NODE3000011', reason: 'duplicate timestamp', count: 2 }),
    );
    for (const r of byChannel)
      expect(r.first <= r.last && r.first >= report.from && r.last <= report.to).toBe(true);
  });

  it('reads on past bad rows, counts them by reason, and lists an unknown channel once', async () => {
    const path = chamberCsv([
      'yesterday,P_VESSEL,1',
      '2020-01-01T00:20:00Z,P_GHOST,5',
      '2020-01-01T00:21:00Z,P_GHOST,6',
      '2020-01-01T00:22:00Z,P_VESSEL,abc',
    ]);
    const result = await runCli(['analyze', path, '--station', 'chamber', '--json']);
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.ingest.byReason).toEqual({
      'unparseable time': 1,
      'unknown channel': 2,
      'not a number': 1,
    });
    expect(report.ingest.unknownChannels).toEqual([{ channel: 'P_GHOST', count: 2 }]);
    expect(report.ingest.rows).toBe(report.ingest.samples + report.ingest.rejected);
    // each bad row named with file:line, the unknown channel once
    expect(result.err.match(/P_GHOST/g)).toHaveLength(1);
    expect(result.err).toContain(`airtight: ${path}: line 101: unparseable time (got "yesterday")\n`);
  });

  it('stops at the first bad row with --strict (exit 2, file:line)', async () => {
    const path = chamberCsv(['yesterday,P_VESSEL,1']);
    const result = await runCli(['analyze', path, '--station', 'chamber', '--strict']);
    expect(result.code).toBe(2);
    // in the words the row is read past with, without --strict
    expect(result.err).toBe(`airtight: ${path}: line 101: unparseable time (got "yesterday")\n`);
  });

  it('needs --year for an ISS Live folder, and a readable path (exit 2)', async () => {
    const noYear = await runCli(['analyze', realDay, '--station', 'iss']);
    expect(noYear.code).toBe(2);
    expect(noYear.err).toContain('--year');
    const missing = await runCli(['analyze', join(dir, 'nothing.csv'), '--station', 'chamber']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nothing.csv');
  });

  it('writes a plot', async () => {
    const png = join(dir, 'real.png');
    const result = await runCli(['analyze', realDay, '--station', 'iss', '--year', '2018', '--plot', png]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(`Plot: ${png}`);
    // a day's recording is all in its monitor's first day: the report says which windows were judged
    expect(result.out).toContain(
      'Watched 23.94 h: in its first day a monitor tests trends only over windows up to a third of its watch, here up to 4 h',
    );
    expect(readFileSync(png).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('draws a module closed off with the leak beside the largest group, from the folder simulate wrote', async () => {
    const scenario = join(dir, 'haven-lab.yaml');
    writeFileSync(
      scenario,
      `name: haven-lab
description: a hole in haven's lab, closed off 20 minutes later
station: haven
start: 2027-02-01T00:00:00Z
duration_h: 4
step_s: 1
seed: 5
crew: { count: 4 }
events:
  - { at_h: 2, leak: { id: hole, module: lab, law: orifice, cd: 0.7, diameter_mm: 5 } }
  - { at_h: 2.3333, hatch: hab-lab, state: closed }
`,
    );
    const out = join(dir, 'haven-lab');
    expect((await runCli(['simulate', '--scenario', scenario, '--out', out, '--quiet'])).code).toBe(0);
    const svg = join(dir, 'haven-lab.svg');
    // no --station: the folder's truth.json names the run's station
    const result = await runCli(['analyze', out, '--plot', svg]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('on station haven');
    expect(result.out).toContain('located in lab');
    // the station's first period holds the hole's onset: dated, with the rate on either side
    expect(result.out).toMatch(
      /Leaks that began inside a period.*\n {2}hab, lab, capsule, 00:00 to 02:20: began 2027-02-01T02:00:\d\dZ; before -?\d[\d.]* kg\/day \(90 %: [^)]*\), since \d{3}/,
    );
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('Cabin pressure: the largest group, and modules closed off with the leak');
    // the legends name both lines, on the pressure and on the rate panel
    expect(text.match(/>largest group</g)?.length).toBe(2);
    expect(text.match(/>lab</g)?.length).toBe(2);
    // the hatch strip names each configuration: who is joined, who is apart
    expect(text).toContain('>hab, lab, capsule joined<');
    expect(text).toContain('>hab, capsule joined; apart: lab<');
  });

  it('says what a rate at the end whose interval lies wholly below zero means', async () => {
    // the one-volume bench station's gauge, rising 0.375 mmHg a day with nothing added
    const rows = ['time,channel,value'];
    for (let i = 0; i < 8640; i++) {
      const wobble = 0.05 * Math.sin(i * 0.7) + 0.03 * Math.sin(i * 2.9);
      rows.push(
        `${new Date(Date.UTC(2026, 0, 10) + i * 10_000).toISOString()},P,${(760 + (0.375 * i) / 8640 + wobble).toFixed(4)}`,
      );
    }
    const csv = join(dir, 'gaining.csv');
    writeFileSync(csv, rows.join('\n'));
    const station = fileURLToPath(new URL('../../bench/white-noise-station.yaml', import.meta.url));
    const result = await runCli(['analyze', csv, '--station', station]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(
      /Leak rate at the end \(over the last day at most\): -0\.\d+ kg\/day \(90 %: -[\d.]+ to -[\d.]+\)/,
    );
    expect(result.out).toContain('That rate: the inventory rose with no gas added that the telemetry shows');
    expect(result.out).toMatch(
      /Groups that read as gaining gas, their whole interval below zero:\n {2}cabin, 2026-01-10T00:00 to 2026-01-11T00:00: -0\.\d+ kg\/day/,
    );
  });

  it('names the stretches of checks whose band lies wholly below zero, not a lone one', () => {
    const t0 = Date.UTC(2026, 0, 10, 9) / 1000;
    const t = Array.from({ length: 10 }, (_, i) => t0 + 300 * i);
    expect(gainingSpansNote(t, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1])).toEqual([]);
    // one check below zero alone; then 09:20–09:30 (three checks) and 09:40–09:45 at the end
    const [line] = gainingSpansNote(t, [-1, 2, 3, 1, -0.1, -2, -3, 1, -1, -2]);
    expect(line).toMatch(
      /^Leak rate band wholly below zero 09:20–09:30, 09:40–09:45 UTC: the inventory rose with no gas added/,
    );
    const t12 = Array.from({ length: 12 }, (_, i) => t0 + 300 * i);
    const many = t12.map((_, i) => (i % 3 === 2 ? 1 : -1));
    expect(gainingSpansNote(t12, many)[0]).toContain('09:00–09:05, 09:15–09:20, 09:30–09:35 and 1 more UTC');
  });

  it('says how long the band was clear of zero before the first alarm, and why that is no detection', () => {
    const t0 = Date.UTC(2018, 7, 29, 18) / 1000;
    // checks every 5 min for 12 h; the band's low end clears zero at 3 h, dips at 4 h, clears again
    const t = Array.from({ length: 145 }, (_, i) => t0 + 300 * i);
    const low = t.map((_, i) => (i >= 36 && i !== 48 ? 1e-5 : -1e-5));
    const monitor = (firstS: number) =>
      ({
        firstS,
        options: { falseAlarmsPerDay: 1 / 90 },
        timeline: { checks: { t, rateKgPerS: t.map(() => 0), low, high: t.map(() => 1) } },
      }) as unknown as Parameters<typeof clearBandNote>[0];
    const alarmAt = (s: number) =>
      ({ leak: { firstAlarm: new Date(s * 1000).toISOString() } }) as Parameters<typeof clearBandNote>[1];
    // the alarm at 10:00 of the watch: clear since the dip's end (4 h 05 min), 5.9 h before it
    expect(clearBandNote(monitor(t0), alarmAt(t0 + 10 * 3600))).toBe(
      "The largest group's leak rate band was clear of zero from 22:05 UTC, 5.9 h before the first alarm: a 90 % band clear of zero is not yet a detection, an alarm is held to one false alarm per 90 days, and in its first day a monitor tests windows of at most a third of its watch.",
    );
    // a monitor past its first day says nothing of it
    expect(clearBandNote(monitor(t0 - 86400), alarmAt(t0 + 10 * 3600))).toMatch(/per 90 days\.$/);
    // clear for less than an hour before the alarm, or not at all, or no alarm: nothing to say
    expect(clearBandNote(monitor(t0), alarmAt(t0 + 4.5 * 3600))).toBeNull();
    expect(clearBandNote(monitor(t0), alarmAt(t0 + 2 * 3600))).toBeNull();
    expect(
      clearBandNote(monitor(t0), { leak: { firstAlarm: null } } as Parameters<typeof clearBandNote>[1]),
    ).toBeNull();
  });

  it('gives a measured leak as leak testers count it', () => {
    // dry air weighs 1.2929 kg/m³ at 0 °C and 1 atm (published): 1.2929 mg/s, 0.1117 kg/day, is
    // one standard cm³/s (60 sccm), 0.101 Pa·m³/s
    expect(throughputLine(1.2929e-6 * 86400, 0.0289647)).toBe(
      'As throughput: 0.112 kg/day of cabin gas is 1 std cm³/s (60 sccm), 0.101 Pa·m³/s (1.01 mbar·L/s) at 0 °C',
    );
    expect(throughputLine(0, 0.029)).toBeNull();
    expect(throughputLine(-0.4, 0.029)).toBeNull();
    expect(throughputLine(null, 0.029)).toBeNull();
  });

  it('says "located in" a few modules, and "confined to" a larger set by what it leaves out', () => {
    const row = (modules: string[]) => ({ modules }) as Parameters<typeof locatedPhrase>[1][number];
    const station = Array.from({ length: 27 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const segments = [row(station), row(['progress-aft'])];
    expect(locatedPhrase(['m03'], segments)).toBe('located in m03');
    expect(locatedPhrase(station.slice(0, 6), segments)).toBe(`located in ${station.slice(0, 6).join(', ')}`);
    expect(locatedPhrase(station, segments)).toBe('confined to 27 modules (all but progress-aft)');
    // more left out than a list holds: the first few, and where the rest are
    expect(locatedPhrase(station.slice(0, 8), segments)).toBe(
      'confined to 8 modules (m00, m01, m02, …; --json lists them)',
    );
  });
});

describe('airtight analyze of a folder simulate wrote', () => {
  it('takes the station as the run had it: modules not present are not counted', async () => {
    // 2 h of the ISS without Nauka and Prichal (as in 2020), in 10 s steps
    const scenario = join(dir, 'no-nauka.yaml');
    writeFileSync(
      scenario,
      [
        'name: no-nauka',
        'station: iss',
        'start: 2020-09-01T00:00:00Z',
        'duration_h: 2',
        'step_s: 10',
        'seed: 5',
        'initial:',
        '  present: { nauka: false, prichal: false }',
        'events:',
        '  - { at_h: 1, undock: progress-poisk }',
      ].join('\n'),
    );
    const out = join(dir, 'no-nauka');
    const sim = await runCli(['simulate', '--scenario', scenario, '--out', out, '--quiet']);
    expect(sim.code, sim.err).toBe(0);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth.modulesPresentAtStart).toContain('zvezda-ro');
    expect(truth.modulesPresentAtStart).not.toContain('nauka');
    const result = await runCli(['analyze', out, '--station', 'iss', '--json', '--quiet']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain('the simulated station had nauka, prichal not present; analysed as it was');
    // a vehicle that left on the way is named, and followed from the data: its hatch shut and its
    // channels silent, it is taken as undocked
    expect(result.err).toContain(
      "the run's station changed on the way (undock progress-poisk at 2020-09-01T01:00:00.000Z); vehicles followed",
    );
    const report = JSON.parse(result.out);
    expect(report.vehicles.map((v: { vehicle: string; event: string }) => [v.vehicle, v.event])).toEqual([
      ['progress-poisk', 'undocked'],
    ]);
    expect(report.quality.staleChannels).toEqual([]);
    const modules = report.segments.flatMap((s: { modules: string[] }) => s.modules);
    expect(modules).toContain('zvezda-ro');
    expect(modules).not.toContain('nauka');
    expect(modules).not.toContain('prichal');
    // the telemetry alone, without truth.json beside it, is analysed on the station file (nauka
    // there): its hatch channel, reading shut with nothing docked at the port, keeps it out of the
    // station's group, and with no reading of its own it is in no group
    const alone = join(dir, 'no-nauka-alone.csv');
    writeFileSync(alone, readFileSync(join(out, 'telemetry.csv')));
    const plain = await runCli(['analyze', alone, '--station', 'iss', '--json', '--quiet']);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).not.toContain('not present');
    expect(JSON.parse(plain.out).segments.flatMap((s: { modules: string[] }) => s.modules)).not.toContain(
      'nauka',
    );
    // and it needs --station: nothing beside it names one
    const unnamed = await runCli(['analyze', alone, '--quiet']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.err).toContain('--station is required');
    expect(unnamed.err).toContain('no-nauka-alone.csv');
  });
});

describe('the reserve at the rate since the onset', () => {
  const report = (reserveTimeMin: number): AnalysisReport =>
    ({
      leak: { reserveTimeH: 103 * 24, reserveModules: ['vessel'] },
      alarms: [
        {
          time: '2020-08-21T16:09:30.000Z',
          severity: 'WATCH',
          kind: 'leak',
          modules: ['vessel'],
          message: '',
          reserveTimeMin,
          reserveTimeMin90: [24 * 1440, 36 * 1440],
          evidence: { rateSinceKgPerDay: 0.093, since: '2020-08-21T16:00:00.000Z' },
        },
      ],
    }) as unknown as AnalysisReport;

  it("is said beside the report's when under half of it: the report's rate is the window's average", () => {
    expect(sinceOnsetReserve(report(29 * 1440))).toBe(
      ' at the rate above, an average over its window; 29 days (90 %: 24 days to 36 days) at the 0.093 kg/day since the onset its last leak alarm dated (16:00Z), as of that alarm (16:09Z)',
    );
  });

  it('is not said when the two agree within a factor of two', () => {
    expect(sinceOnsetReserve(report(80 * 1440))).toBe('');
  });
});
