import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { epochSFromGmtDecimal } from '../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-sim-'));
const scenario = join(dir, 'scenario.yaml');
writeFileSync(
  scenario,
  `station: chamber
start: 2020-12-31T23:00:00Z
duration_h: 2
seed: 5
events:
  - { at_h: 0.5, leak: { id: L1, module: vessel, law: orifice, cd: 0.6, diameter_mm: 0.5 } }
  - { at_h: 1.5, leak_stop: L1 }
  - { at_h: 1, sensor: P_VESSEL_GAUGE, fault: frozen }
`,
);

type Row = [number, string, number];

function readCsv(path: string): Row[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(header).toBe('time,channel,value');
  return lines.map((line) => {
    const [time, channel, value] = line.split(',');
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    return [Date.parse(time as string) / 1000, channel as string, Number(value)];
  });
}

function readJsonl(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const o = JSON.parse(line) as { time: string; channel: string; value: number };
      return [Date.parse(o.time) / 1000, o.channel, o.value];
    });
}

function readIssLive(folder: string, year: number): Row[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) =>
      readFileSync(join(folder, f), 'utf8')
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')
        .map((line): Row => {
          const [gmt, value] = line.split(' ');
          return [
            Math.round(epochSFromGmtDecimal(Number(gmt), year) * 1000) / 1000,
            f.replace(/\.txt$/, ''),
            Number(value),
          ];
        }),
    );
}

const key = (r: Row): string => `${r[0].toFixed(3)} ${r[1]} ${r[2]}`;

describe('airtight simulate', () => {
  it('writes the same samples as CSV, JSON Lines and ISS Live, plus truth.json', async () => {
    const runs = await Promise.all(
      (['csv', 'jsonl', 'isslive'] as const).map(async (format) => {
        const out = join(dir, format);
        const result = await runCli(['simulate', '--scenario', scenario, '--out', out, '--format', format]);
        expect(result.code, result.err).toBe(0);
        expect(result.out).toContain('leak L1 in vessel (orifice)');
        return out;
      }),
    );
    const csv = readCsv(join(runs[0] as string, 'telemetry.csv'));
    const jsonl = readJsonl(join(runs[1] as string, 'telemetry.jsonl'));
    // the ISS Live clock counts from the start year and runs past New Year (day 366+ of 2020)
    const iss = readIssLive(runs[2] as string, 2020);
    expect(csv.length).toBeGreaterThan(7000);
    expect(jsonl.map(key)).toEqual(csv.map(key));
    expect(new Set(iss.map(key))).toEqual(new Set(csv.map(key)));
    expect(Math.max(...csv.map((r) => r[0]))).toBe(Date.UTC(2021, 0, 1, 1) / 1000);

    // a frozen gauge repeats its last reading
    const gauge = csv.filter((r) => r[1] === 'P_VESSEL_GAUGE' && r[0] >= Date.UTC(2021, 0, 1, 0) / 1000);
    expect(new Set(gauge.map((r) => r[2])).size).toBe(1);

    const truth = JSON.parse(readFileSync(join(runs[0] as string, 'truth.json'), 'utf8'));
    expect(truth.leaks).toHaveLength(1);
    const leak = truth.leaks[0];
    expect(leak).toMatchObject({
      id: 'L1',
      module: 'vessel',
      start: '2020-12-31T23:30:00.000Z',
      stop: '2021-01-01T00:30:00.000Z',
    });
    expect(leak.rate_kg_per_day[0][0]).toBe('2020-12-31T23:30:00.000Z');
    expect(leak.rate_kg_per_day[0][1]).toBeGreaterThan(2);
    expect(leak.rate_kg_per_day.at(-1)).toEqual(['2021-01-01T00:30:00.000Z', 0]);
    expect(Math.abs(truth.budget.closureRelative)).toBeLessThan(1e-12);
  });

  it('replays from the seed, and --seed changes the noise', async () => {
    const run = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      expect((await runCli(['simulate', '--scenario', scenario, '--out', out, ...extra])).code).toBe(0);
      return readFileSync(join(out, 'telemetry.csv'), 'utf8');
    };
    const a = await run('a', []);
    const b = await run('b', []);
    const c = await run('c', ['--seed', '6']);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('writes the telemetry gzipped with --gzip: the same bytes inflated, and analyze reads the folder', async () => {
    const run = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      const result = await runCli(['simulate', '--scenario', scenario, '--out', out, '--quiet', ...extra]);
      expect(result.code, result.err).toBe(0);
      return { out, said: result.out };
    };
    const plain = await run('plain-csv', []);
    const packed = await run('gzip-csv', ['--gzip']);
    expect(readdirSync(packed.out).sort()).toEqual(['telemetry.csv.gz', 'truth.json']);
    expect(packed.said).toContain('telemetry.csv.gz');
    const bytes = readFileSync(join(packed.out, 'telemetry.csv.gz'));
    expect(bytes.length).toBeLessThan(readFileSync(join(plain.out, 'telemetry.csv')).length / 4);
    expect(gunzipSync(bytes).toString('utf8')).toBe(readFileSync(join(plain.out, 'telemetry.csv'), 'utf8'));
    // an ISS Live folder of <channel>.txt.gz, one per channel
    const iss = await run('gzip-isslive', ['--format', 'isslive', '--gzip']);
    const channelFiles = readdirSync(iss.out).filter((f) => f !== 'truth.json');
    expect(channelFiles.length).toBeGreaterThan(3);
    expect(channelFiles.every((f) => f.endsWith('.txt.gz'))).toBe(true);
    // analyze takes the folder simulate wrote, gzipped, as the plain one
    const analysis = async (out: string) => {
      const result = await runCli(['analyze', out, '--json']);
      expect(result.code, result.err).toBe(0);
      const { ingest, ...rest } = JSON.parse(result.out);
      return { rest, rows: ingest.rows, rejected: ingest.rejected };
    };
    expect(await analysis(packed.out)).toEqual(await analysis(plain.out));
  });

  it("names a station file's path in truth.json, so that its run is analysed from anywhere without --station", async () => {
    const own = join(dir, 'own');
    mkdirSync(own, { recursive: true });
    writeFileSync(
      join(own, 'tank.yaml'),
      readFileSync(join(process.cwd(), 'stations', 'chamber.yaml'), 'utf8'),
    );
    writeFileSync(
      join(own, 'run.yaml'),
      'station: ./tank.yaml\nstart: 2024-01-01T00:00:00Z\nduration_h: 1\nseed: 2\n',
    );
    const out = join(own, 'out');
    const simulated = await runCli([
      'simulate',
      '--scenario',
      join(own, 'run.yaml'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(simulated.code, simulated.err).toBe(0);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(truth).toMatchObject({ station: 'tank', stationFile: join(own, 'tank.yaml') });
    // from another folder, where 'tank' names nothing
    const analysed = await runCli(['analyze', out, '--json'], tmpdir());
    expect(analysed.code, analysed.err).toBe(0);
    expect(JSON.parse(analysed.out).station).toBe('tank');
    // a built-in station has no file to name
    const builtin = await runCli([
      'simulate',
      '--scenario',
      scenario,
      '--out',
      join(own, 'builtin'),
      '--quiet',
    ]);
    expect(builtin.code, builtin.err).toBe(0);
    expect(JSON.parse(readFileSync(join(own, 'builtin', 'truth.json'), 'utf8')).stationFile).toBeUndefined();
  });

  it('removes the telemetry an earlier run wrote into the folder in another form, and only that', async () => {
    const out = join(dir, 'rerun');
    const simulate = (extra: string[]) =>
      runCli(['simulate', '--scenario', scenario, '--out', out, '--quiet', ...extra]);
    expect((await simulate(['--format', 'isslive'])).code).toBe(0);
    const channelFiles = readdirSync(out).filter((f) => f.endsWith('.txt'));
    expect(channelFiles.length).toBeGreaterThan(3);
    const rerun = await simulate([]);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.err).toContain(
      `removed ${channelFiles.length} telemetry files an earlier run wrote in another form: `,
    );
    expect(readdirSync(out).sort()).toEqual(['telemetry.csv', 'truth.json']);
    // the same form is overwritten, as before; the other, removed and said
    expect((await simulate(['--gzip'])).err).toContain(
      'removed 1 telemetry file an earlier run wrote in another form: telemetry.csv',
    );
    expect(readdirSync(out).sort()).toEqual(['telemetry.csv.gz', 'truth.json']);
    // a folder no run wrote (no truth.json) keeps whatever it holds, channel-named or not
    const other = join(dir, 'not-a-run');
    mkdirSync(other);
    writeFileSync(join(other, `${channelFiles[0]}`), '8808.0 745\n');
    expect((await runCli(['simulate', '--scenario', scenario, '--out', other, '--quiet'])).err).toBe('');
    expect(readdirSync(other).sort()).toEqual([channelFiles[0], 'telemetry.csv', 'truth.json'].sort());
  });
});
