import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { CREW_STATION_YAML, writeCrewTelemetry } from '../../../test/crew-telemetry.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-module station with round numbers, for hand computation (its sensors play no part in a forecast). */
const STATION = CREW_STATION_YAML;
writeFileSync(join(dir, 'tank.yaml'), STATION);

describe('airtight forecast', () => {
  it('--deterministic --json equals the hand computation', async () => {
    const r = await runCli([
      'forecast',
      '--station',
      join(dir, 'tank.yaml'),
      '--leak-kg-day',
      '0.5',
      '--deterministic',
      '--json',
      '--start',
      '2026-01-01T00:00:00Z',
      '--horizon-days',
      '1000',
    ]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    // mass fractions: O2 0.22·31.998 / (0.22·31.998 + 0.78·28.014) = 0.243646…, N2 0.756354…
    const wO2 = (0.22 * 31.998) / (0.22 * 31.998 + 0.78 * 28.014);
    const use = 2 * 0.84 + 0.5 * wO2 - 1.0; // kg/day from the O2 stores
    const floor = 10 * 2 * 0.84; // 16.8 kg
    expect(out.o2.initialKg).toBe(100);
    expect(out.o2.floorKg).toBeCloseTo(floor, 6);
    expect(out.o2.netUseKgPerDay).toBeCloseTo(use, 4);
    for (const q of ['p10', 'p50', 'p90']) expect(out.o2.daysToFloor[q]).toBeCloseTo((100 - floor) / use, 1);
    // N2 floor: one repress of the 10 m³ module, m = x_N2·M_N2·pV/(RT) = 0.78·0.028014·101325·10/(8.314462618·295.15)
    const n2Floor = (0.78 * 0.028014 * 101325 * 10) / (8.314462618 * 295.15);
    expect(out.n2.floorKg).toBeCloseTo(n2Floor, 1);
    expect(out.n2.daysToFloor.p50).toBeCloseTo((80 - n2Floor) / (0.5 * (1 - wO2)), 1);
    expect(out.whatIfs.map((w: { name: string }) => w.name)).toEqual([
      'baseline',
      'repair',
      'extra-flight',
      'generator-outage',
    ]);
    // repair ÷3 with no background: N2 lasts three times as long
    const repair = out.whatIfs.find((w: { name: string }) => w.name === 'repair');
    expect(repair.n2.daysToFloor.p50).toBeCloseTo(3 * out.n2.daysToFloor.p50, 0);
    expect(out.fan.day).toHaveLength(1001);
  });

  it('prints a readable table with what-ifs side by side, and draws the fan', async () => {
    const plot = join(dir, 'fan.svg');
    const r = await runCli([
      'forecast',
      '--station',
      'iss',
      '--leak-kg-day',
      '0.9:0.2',
      '--manifest',
      'test/fixtures/forecast-manifest.yaml',
      '--leak-module',
      'zvezda-prk',
      '--paths',
      '2000',
      '--plot',
      plot,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Reserve policy: O2 ≥ 45 days/);
    expect(r.out).toMatch(/hatch closed for good: zvezda-prk/);
    expect(r.out).toMatch(/zvezda-prk held at 200 mmHg/);
    expect(r.out).toMatch(/repair cuts the leak ÷3/);
    expect(r.out).toMatch(/extra cargo flight/);
    expect(r.out).toMatch(/elektron out for 30 days/);
    expect(r.out).toMatch(/next resupply/);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/);
  });

  it('takes the leak from telemetry when asked', async () => {
    const r = await runCli([
      'forecast',
      '--station',
      'iss',
      '--telemetry',
      'data/iss-usos-2018-day285',
      '--year',
      '2018',
      '--paths',
      '500',
      '--json',
      '--no-what-ifs',
    ]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.leak.source).toMatch(/^telemetry/);
    expect(out.leak.sdKgPerDay).toBeGreaterThan(0);
    // starts where the data end (day 285 of 2018 + 23.7 h of GMT-decimal data)
    expect(out.start).toMatch(/^2018-10-13T/);
    expect(out.whatIfs).toHaveLength(1);
    // ISS Live has no crew channel: the station's nominal crew
    expect(out.policy).toMatchObject({ crew: 7, crewSource: "the station's nominal crew" });
  }, 120_000);

  it("takes the crew aboard from the telemetry's crew_count (a manifest's crew before it)", async () => {
    const { station, telemetry } = writeCrewTelemetry(dir);
    const args = ['forecast', '--station', station, '--telemetry', telemetry, '--paths', '200', '--json'];
    const r = await runCli([...args, '--no-what-ifs']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.policy).toMatchObject({ crew: 3, crewSource: "the telemetry's crew_count" });
    // the floor is reserve days × crew × O2 use: 10 × 3 × 0.84, not the nominal 2's 16.8
    expect(out.o2.floorKg).toBeCloseTo(25.2, 6);
    const manifest = join(dir, 'crew-manifest.yaml');
    writeFileSync(
      manifest,
      'start: 2027-03-01T06:00:00Z\ncrew:\n  - { from: 2027-03-01T06:00:00Z, count: 4 }\n',
    );
    const planned = await runCli([...args, '--no-what-ifs', '--manifest', manifest]);
    expect(planned.code, planned.err).toBe(0);
    expect(JSON.parse(planned.out).policy).toMatchObject({ crew: 4, crewSource: 'the manifest' });
  }, 60_000);

  it('--leak-kg-day with --telemetry: the leak given, the start and crew from the telemetry', async () => {
    const { station, telemetry } = writeCrewTelemetry(dir);
    const r = await runCli([
      'forecast',
      '--station',
      station,
      '--telemetry',
      telemetry,
      '--leak-kg-day',
      '0.4:0.1',
      '--paths',
      '200',
      '--json',
      '--no-what-ifs',
    ]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.leak).toMatchObject({ meanKgPerDay: 0.4, sdKgPerDay: 0.1 });
    expect(out.leak.source).toMatch(/^given \(--leak-kg-day\); start and crew from /);
    // not now: where the telemetry ends
    expect(out.start).toMatch(/^2027-/);
    expect(out.policy).toMatchObject({ crew: 3, crewSource: "the telemetry's crew_count" });
  }, 60_000);

  it('names the bad field and value (exit 2)', async () => {
    const missing = await runCli(['forecast', '--station', 'iss']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--telemetry <path> or --leak-kg-day/);
    const leak = await runCli(['forecast', '--station', 'iss', '--leak-kg-day', 'lots']);
    expect(leak.code).toBe(2);
    expect(leak.err).toMatch(/--leak-kg-day must be .*"lots"/);
    const module = await runCli([
      'forecast',
      '--station',
      'iss',
      '--leak-kg-day',
      '1',
      '--leak-module',
      'attic',
    ]);
    expect(module.code).toBe(2);
    expect(module.err).toMatch(/--leak-module: module 'attic' is not in station 'iss'.*"attic"/);
    const held = await runCli([
      'forecast',
      '--station',
      'iss',
      '--leak-kg-day',
      '0.5',
      '--leak-module',
      'zvezda-prk',
      '--low-pressure-mmhg',
      '2000',
    ]);
    expect(held.code).toBe(2);
    expect(held.err).toMatch(
      /--low-pressure-mmhg 2000 is not below the station's nominal pressure \(745 mmHg\)/,
    );
    writeFileSync(
      join(dir, 'bad.yaml'),
      'flights:\n  - { id: p1, arrive: 2026-02-10T00:00:00Z, o2_kg: -5 }\n',
    );
    const manifest = await runCli([
      'forecast',
      '--station',
      'iss',
      '--leak-kg-day',
      '1',
      '--manifest',
      join(dir, 'bad.yaml'),
    ]);
    expect(manifest.code).toBe(2);
    expect(manifest.err).toMatch(/bad\.yaml: line 2, flights\[0\]\.o2_kg: must be ≥ 0 \(got -5\)/);
    const outage = await runCli([
      'forecast',
      '--station',
      'iss',
      '--leak-kg-day',
      '1',
      '--outage',
      'toaster:3',
    ]);
    expect(outage.code).toBe(2);
    expect(outage.err).toMatch(/--outage: 'toaster' is not a working O2 generator/);
  });
});
