import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

/** A crack repaired at `repairH` from 1.2 kg/day to `after` kg/day, on the small `haven` station. */
function scenario(after: number, repairH: number, durationH: number): string {
  return `name: repair-test
station: haven
start: 2021-03-06T00:00:00Z
duration_h: ${durationH}
step_s: 10
seed: 5
crew: { count: 4 }   # O2 use 4 × 0.84 = 3.4 kg/day = haven's OGS: the cabin composition stays put
thermal: { orbital_amplitude_K: 0.05, daily_amplitude_K: 0.3, drift_K: 0.1, drift_timescale_h: 6 }
events:
  - { at_h: 0, leak: { id: crack, module: lab, law: crack, rate_kg_day: 1.2 } }
  - { at_h: ${repairH}, leak_change: { id: crack, rate_kg_day: ${after} } }
`;
}

interface Truth {
  leaks: { id: string; rate_kg_per_day: [string, number][] }[];
}

/** Mean true leak rate [kg/day] over [from, to) (epoch ms), from truth.json. */
function meanTrueRate(truth: Truth, from: number, to: number): number {
  const rows = truth.leaks
    .flatMap((l) => l.rate_kg_per_day)
    .filter(([t]) => Date.parse(t) >= from && Date.parse(t) < to);
  return rows.reduce((s, [, v]) => s + v, 0) / rows.length;
}

describe('airtight verify-repair on simulated telemetry', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airtight-repair-'));
    writeFileSync(join(dir, 'partial.yaml'), scenario(0.4, 24, 48));
    writeFileSync(join(dir, 'small.yaml'), scenario(0.05, 40, 44));
    for (const name of ['partial', 'small']) {
      const r = await runCli([
        'simulate',
        '--scenario',
        join(dir, `${name}.yaml`),
        '--out',
        join(dir, name),
        '--quiet',
      ]);
      expect(r.code, r.err).toBe(0);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('detects a threefold-but-not-zero reduction, with intervals covering the truth', async () => {
    const r = await runCli([
      'verify-repair',
      join(dir, 'partial', 'telemetry.csv'),
      '--station',
      'haven',
      '--at',
      '2021-03-07T00:00:00Z',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    const truth = JSON.parse(readFileSync(join(dir, 'partial', 'truth.json'), 'utf8')) as Truth;
    const repair = Date.parse('2021-03-07T00:00:00Z');
    const before = meanTrueRate(truth, repair - 24 * 3.6e6, repair);
    const after = meanTrueRate(truth, repair, repair + 24 * 3.6e6);
    const factor = before / after;
    expect(factor).toBeGreaterThan(2.5);
    expect(out.before.interval[0]).toBeLessThan(before);
    expect(out.before.interval[1]).toBeGreaterThan(before);
    expect(out.after.interval[0]).toBeLessThan(after);
    expect(out.after.interval[1]).toBeGreaterThan(after);
    expect(out.reduction.interval[0]).toBeLessThan(factor);
    expect(out.reduction.interval[1]).toBeGreaterThan(factor);
    expect(out.reduction.significant).toBe(true);
    expect(out.residual.significant).toBe(true);
    expect(out.verdict).toBe('partial');
    expect(out.monitoring.hoursMore).toBe(0);
  }, 120_000);

  it('is inconclusive on a small residual 4 h after the repair and says how many hours more to watch', async () => {
    const r = await runCli([
      'verify-repair',
      join(dir, 'small', 'telemetry.csv'),
      '--station',
      'haven',
      '--at',
      '+40h',
      '--target-kg-day',
      '0.05',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/RESIDUAL NOT YET KNOWN/);
    expect(r.out).toMatch(/keep watching \d+ h more/);
  }, 120_000);

  it("reads the station from a simulated folder's truth.json, and times the repair from the data's own start", async () => {
    // --at +24h is 24 h after the first sample (00:00:00), not after the first bin's midpoint (00:00:30)
    const r = await runCli(['verify-repair', join(dir, 'small'), '--at', '+24h', '--json', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.station).toBe('haven');
    expect(out.repairAt).toBe('2021-03-07T00:00:00.000Z');
    const text = await runCli(['verify-repair', join(dir, 'small'), '--at', '+24h', '--quiet']);
    expect(text.out).toContain('Repair at 2021-03-07T00:00Z\n');
    // the text names each side's first and last bins as the JSON does, to the second
    expect(text.out).toMatch(/Before 2021-03-06T00:00:30Z to 2021-03-06T23:59:30Z/);
    // the data end: 44 h, the last sample at 2021-03-07T20:00:00
    const late = await runCli(['verify-repair', join(dir, 'small'), '--at', '+44h', '--quiet']);
    expect(late.code).toBe(2);
    expect(late.err).toContain(
      'the repair time must fall inside the data (2021-03-06T00:00:00.000Z to 2021-03-07T20:00:00.000Z)',
    );
  }, 120_000);

  it('rejects a repair time outside the data, naming the option and value (exit 2)', async () => {
    // two hours of one-minute haven readings, enough for the monitor to run quickly
    const rows = ['time,channel,value'];
    for (let m = 0; m < 120; m++) {
      const time = new Date(Date.parse('2021-03-06T00:00:00Z') + m * 60000).toISOString();
      rows.push(
        `${time},P_HAB,${760 - m * 0.001}`,
        `${time},PPN2_HAB,${585 - m * 0.001}`,
        `${time},T_HAB,22`,
      );
    }
    const file = join(dir, 'short.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await runCli(['verify-repair', file, '--station', 'haven', '--at', '2022-01-01T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--at: the repair time must fall inside the data .*2022-01-01/);
    const bad = await runCli(['verify-repair', file, '--station', 'haven', '--at', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--at must be .*"yesterday"/);
  }, 120_000);
});
