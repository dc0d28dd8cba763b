// One contract for every telemetry format (CONTRACT.md §3): what is written is read back, bad rows
// are reported with file:line and reason and counted while the rest of the file is still read, strict
// mode stops at the first one, and unknown channels are listed once with their counts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { gmtDecimalFromEpochS, InputError, isoFromEpochS, toSI } from '../core/index.js';
import { formatValue, openTelemetryWriter } from '../export/index.js';
import {
  type IngestReport,
  type RowIssue,
  type RowReason,
  readTelemetry,
  type TelemetryFormat,
} from './index.js';

const station = loadStation('haven');
const names = station.sensors.map((s) => s.id);
const YEAR = 2020;
const root = mkdtempSync(join(tmpdir(), 'airtight-ingest-'));
let folders = 0;
const newFolder = (): string => {
  const dir = join(root, `case-${folders++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

interface Sample {
  time: number;
  channel: number;
  /** In the sensor's own unit, as files carry it. */
  raw: number;
}

/** Two hours across New Year at 10 s, channels at different rates and in different units. */
function makeSamples(): Sample[] {
  const start = Date.UTC(2020, 11, 31, 23) / 1000 + 0.25;
  const plan: [string, number, (i: number) => number][] = [
    ['P_HAB', 1, (i) => 745 + 0.7 * Math.sin(i / 13)], // mmHg
    ['T_HAB', 3, (i) => 22.4 + 0.01 * i], // degC
    ['O2GEN_HAB', 7, (i) => 2.004 + i / 1000], // kg/day
    ['HATCH_HAB_LAB', 60, (i) => (i / 60) % 2], // state
    ['CREW', 120, () => 3], // count
  ];
  const samples: Sample[] = [];
  for (let i = 0; i < 720; i++) {
    for (const [name, every, value] of plan) {
      if (i % every === 0)
        samples.push({ time: start + 10 * i, channel: names.indexOf(name), raw: value(i) });
    }
  }
  return samples;
}

/** How each format writes good rows and the bad rows it can have. */
interface Dialect {
  /** The format, and how the file is packed ('gzipped csv-long'). */
  name: string;
  format: TelemetryFormat;
  /** Writes the samples the way the project writes them; returns the path to read. */
  writeSamples(samples: Sample[]): Promise<string>;
  /** Writes lines (good and bad) for channel P_HAB into one file; returns the path to read and the file. */
  writeLines(lines: string[]): { path: string; file: string };
  header: string | undefined;
  good(time: number, raw: number): string;
  bad: [RowReason, (time: number) => string][];
  /** Rows with two channels the station does not have, `NOPE_A` three times and `NOPE_B` once. */
  writeUnknown(): { path: string; file: string };
  /** A bad row for strict mode, and the value its message names. */
  strictRow: [string, string];
}

async function writeWith(format: 'csv' | 'jsonl' | 'isslive', samples: Sample[]): Promise<string> {
  const dir = newFolder();
  const writer = openTelemetryWriter(format, dir, { channels: names, year: YEAR });
  await writer.write({
    time: Float64Array.from(samples, (s) => s.time),
    channel: Int32Array.from(samples, (s) => s.channel),
    value: Float64Array.from(samples, (s) => s.raw),
    length: samples.length,
  });
  const files = await writer.close();
  return format === 'isslive' ? dir : (files[0] as string);
}

function writeText(name: string, lines: string[]): { path: string; file: string } {
  const file = join(newFolder(), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { path: file, file };
}

const iso = isoFromEpochS;
const gmt = (time: number): string => gmtDecimalFromEpochS(time, YEAR).toFixed(8);

const csvLong: Dialect = {
  name: 'csv-long',
  format: 'csv-long',
  writeSamples: (samples) => writeWith('csv', samples),
  writeLines: (lines) => writeText('t.csv', lines),
  header: 'time,channel,value',
  good: (t, v) => `${iso(t)},"P_HAB",${formatValue(v)}`,
  bad: [
    // a quoted field may span lines: the line numbers after it must still be right
    ['unknown channel', (t) => `${iso(t)},"P_\nHAB",745`],
    ['unparseable time', (t) => `yesterday ${iso(t)},P_HAB,745`],
    ['time without zone', (t) => `${iso(t).slice(0, -1)},P_HAB,745`],
    ['not a number', (t) => `${iso(t)},P_HAB,745 mmHg`],
    ['not a number', (t) => `${iso(t)},P_HAB,Infinity`],
    ['missing field', (t) => `${iso(t)},P_HAB,`],
    ['wrong number of fields', (t) => `${iso(t)},P_HAB`],
    ['wrong number of fields', (t) => `${iso(t)},P_HAB,745,1`],
  ],
  writeUnknown: () =>
    writeText('u.csv', [
      'time,channel,value',
      '2021-01-01T00:00:00Z,NOPE_A,1',
      '2021-01-01T00:00:00Z,P_HAB,745',
      '2021-01-01T00:00:10Z,NOPE_A,1',
      '2021-01-01T00:00:10Z,NOPE_B,1',
      '2021-01-01T00:00:20Z,NOPE_A,1',
    ]),
  strictRow: ['2021-01-01T00:00:00Z,P_HAB,seven', 'seven'],
};

const csvWide: Dialect = {
  name: 'csv-wide',
  format: 'csv-wide',
  async writeSamples(samples) {
    const lines = [`time,${names.map((n) => `"${n}"`).join(',')}`];
    const byTime = new Map<number, Sample[]>();
    for (const s of samples) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s]);
    for (const [time, row] of byTime) {
      const cells = names.map((_, k) => {
        const s = row.find((r) => r.channel === k);
        return s === undefined ? '' : formatValue(s.raw);
      });
      lines.push(`${iso(time)},${cells.join(',')}`);
    }
    return writeText('wide.csv', lines).path;
  },
  writeLines: (lines) => writeText('t.csv', lines),
  header: 'time,P_HAB,T_HAB',
  good: (t, v) => `${iso(t)},${formatValue(v)},`,
  bad: [
    ['unparseable time', () => 'yesterday,745,'],
    ['time without zone', (t) => `${iso(t).slice(0, -1)},745,`],
    ['not a number', (t) => `${iso(t)},745 mmHg,`],
    ['wrong number of fields', (t) => `${iso(t)},745`],
    ['wrong number of fields', (t) => `${iso(t)},745,22,1`],
  ],
  writeUnknown: () =>
    writeText('u.csv', [
      'time,NOPE_A,P_HAB,NOPE_B',
      '2021-01-01T00:00:00Z,1,745,',
      '2021-01-01T00:00:10Z,1,,1',
      '2021-01-01T00:00:20Z,1,745,',
    ]),
  strictRow: ['2021-01-01T00:00:00Z,seven,', 'seven'],
};

const jsonl: Dialect = {
  name: 'jsonl',
  format: 'jsonl',
  writeSamples: (samples) => writeWith('jsonl', samples),
  writeLines: (lines) => writeText('t.jsonl', lines),
  header: undefined,
  good: (t, v) => JSON.stringify({ time: iso(t), channel: 'P_HAB', value: v }),
  bad: [
    ['invalid JSON', (t) => `{"time":"${iso(t)}","channel":"P_HAB","value":745`],
    ['not a JSON object', () => '[1, 2, 3]'],
    ['not a JSON object', () => '745'],
    ['not a JSON object', () => 'null'],
    ['missing field', (t) => JSON.stringify({ time: iso(t), channel: 'P_HAB' })],
    ['missing field', (t) => JSON.stringify({ time: iso(t), channel: 'P_HAB', value: null })],
    ['unparseable time', () => JSON.stringify({ time: 'yesterday', channel: 'P_HAB', value: 745 })],
    ['unparseable time', () => JSON.stringify({ time: true, channel: 'P_HAB', value: 745 })],
    ['time without zone', (t) => JSON.stringify({ time: iso(t).slice(0, -1), channel: 'P_HAB', value: 745 })],
    ['not a number', (t) => JSON.stringify({ time: iso(t), channel: 'P_HAB', value: 'seven' })],
    ['not a number', (t) => `{"time":"${iso(t)}","channel":"P_HAB","value":1e999}`],
    ['unknown channel', (t) => JSON.stringify({ time: iso(t), channel: 'p_hab', value: 745 })],
  ],
  writeUnknown: () =>
    writeText(
      'u.jsonl',
      [
        ['2021-01-01T00:00:00Z', 'NOPE_A'],
        ['2021-01-01T00:00:00Z', 'P_HAB'],
        ['2021-01-01T00:00:10Z', 'NOPE_A'],
        ['2021-01-01T00:00:10Z', 'NOPE_B'],
        ['2021-01-01T00:00:20Z', 'NOPE_A'],
      ].map(([time, channel]) => JSON.stringify({ time, channel, value: 1 })),
    ),
  strictRow: ['{"time":"2021-01-01T00:00:00Z","channel":"P_HAB","value":"seven"}', 'seven'],
};

const issLive: Dialect = {
  name: 'isslive',
  format: 'isslive',
  writeSamples: (samples) => writeWith('isslive', samples),
  writeLines(lines) {
    const { file } = writeText('P_HAB.txt', lines);
    return { path: join(file, '..'), file };
  },
  header: undefined,
  good: (t, v) => `${gmt(t)} ${formatValue(v)} `,
  bad: [
    ['wrong number of fields', (t) => `${gmt(t)}`],
    ['wrong number of fields', (t) => `${gmt(t)} 745 1`],
    ['unparseable time', () => 'noon 745'],
    ['not a number', (t) => `${gmt(t)} 745mmHg`],
    ['out of order', (t) => `${gmt(t - 3600)} 745`],
  ],
  writeUnknown() {
    const { file } = writeText('NOPE_A.txt', ['8808.0 1', '8808.1 1', '', '8808.2 1']);
    const dir = join(file, '..');
    writeFileSync(join(dir, 'NOPE_B.txt'), '8808.0 1\n');
    writeFileSync(join(dir, 'P_HAB.txt'), '8808.0 745\n');
    writeFileSync(join(dir, 'README.md'), '# not telemetry\n');
    return { path: dir, file };
  },
  strictRow: ['8808.0 seven', 'seven'],
};

/**
 * A file format's files gzipped (`t.csv.gz`; an ISS Live folder's `<channel>.txt.gz`): read through
 * gunzip, the same samples, issues and lines.
 */
function gzipped(dialect: Dialect): Dialect {
  const pack = (file: string): string => {
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(file)));
    rmSync(file);
    return gz;
  };
  // a folder's every channel file, or the one file
  const packPath = (path: string): string => {
    if (!statSync(path).isDirectory()) return pack(path);
    for (const name of readdirSync(path)) if (name.endsWith('.txt')) pack(join(path, name));
    return path;
  };
  const packed = ({ path, file }: { path: string; file: string }) => ({
    path: packPath(path),
    file: `${file}.gz`,
  });
  return {
    ...dialect,
    name: `gzipped ${dialect.name}`,
    writeSamples: async (samples) => packPath(await dialect.writeSamples(samples)),
    writeLines: (lines) => packed(dialect.writeLines(lines)),
    writeUnknown: () => packed(dialect.writeUnknown()),
  };
}

interface ReadResult {
  samples: { time: number; channel: number; value: number }[];
  issues: RowIssue[];
  report: IngestReport;
  batchLengths: number[];
}

async function readAll(
  path: string,
  options: { strict?: boolean; batchSize?: number } = {},
): Promise<ReadResult> {
  const issues: RowIssue[] = [];
  const read = readTelemetry(path, { station, year: YEAR, onIssue: (i) => issues.push(i), ...options });
  const samples: ReadResult['samples'] = [];
  const batchLengths: number[] = [];
  for await (const batch of read.batches) {
    batchLengths.push(batch.length);
    for (let i = 0; i < batch.length; i++) {
      samples.push({ time: batch.time[i]!, channel: batch.channel[i]!, value: batch.value[i]! });
    }
  }
  return { samples, issues, report: read.report(), batchLengths };
}

const byTimeAndChannel = (a: { time: number; channel: number }, b: { time: number; channel: number }) =>
  a.time - b.time || a.channel - b.channel;

describe.each([csvLong, csvWide, jsonl, issLive, ...[csvLong, csvWide, jsonl, issLive].map(gzipped)])(
  '$name reader',
  (dialect) => {
    it('reads back what was written: time to the millisecond, values in SI to 1e-9', async () => {
      const written = makeSamples();
      const path = await dialect.writeSamples(written);
      const { samples, issues, report, batchLengths } = await readAll(path, { batchSize: 1000 });

      expect(issues).toEqual([]);
      expect(report).toMatchObject({ format: dialect.format, rows: written.length, samples: written.length });
      expect(report.rejected).toBe(0);
      expect(batchLengths.every((n) => n <= 1000)).toBe(true);
      expect(batchLengths.slice(0, -1).every((n) => n === 1000)).toBe(true);
      const expected = written
        .map((s) => ({ ...s, value: toSI(s.raw, station.sensors[s.channel]!.unit) }))
        .sort(byTimeAndChannel);
      const got = [...samples].sort(byTimeAndChannel);
      expect(got).toHaveLength(expected.length);
      got.forEach((s, i) => {
        const want = expected[i]!;
        expect(Math.round(s.time * 1000), `sample ${i}`).toBe(Math.round(want.time * 1000));
        expect(s.channel, `sample ${i}`).toBe(want.channel);
        expect(
          Math.abs(s.value - want.value),
          `sample ${i}: ${s.value} vs ${want.value}`,
        ).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(want.value), 1e-300));
      });
      expect(report.firstTime).toBeCloseTo(expected[0]!.time, 3);
      expect(report.lastTime).toBeCloseTo(expected.at(-1)!.time, 3);
      if (dialect.format === 'isslive') {
        // merged from one file per channel into one stream, non-decreasing in time
        expect(samples.every((s, i) => i === 0 || s.time >= samples[i - 1]!.time)).toBe(true);
      }
    });

    it('reports each bad row with file, line and reason, counts it, and reads the rest', async () => {
      const start = Date.UTC(2021, 0, 1) / 1000;
      const lines: string[] = dialect.header === undefined ? [] : [dialect.header];
      const expectedIssues: { line: number; reason: RowReason }[] = [];
      let good = 0;
      let line = lines.length;
      let t = start;
      const addGood = () => {
        lines.push(dialect.good(t, 745 + good / 10));
        line++;
        good++;
        t += 60;
      };
      addGood();
      for (const [reason, render] of dialect.bad) {
        addGood();
        const text = render(t);
        lines.push(text);
        expectedIssues.push({ line: line + 1, reason });
        line += 1 + (text.match(/\n/g)?.length ?? 0);
        addGood();
      }
      lines.push('');
      line++;
      addGood();
      const { path, file } = dialect.writeLines(lines);

      const { samples, issues, report } = await readAll(path);
      expect(issues.map(({ line, reason }) => ({ line, reason }))).toEqual(expectedIssues);
      for (const issue of issues) {
        expect(issue.source).toBe(file);
        expect(issue.excerpt).toBeDefined();
        expect(issue.excerpt!.length).toBeLessThanOrEqual(80);
      }
      expect(samples).toHaveLength(good);
      expect(samples.map((s) => s.value)).toEqual(
        Array.from({ length: good }, (_, i) => toSI(745 + i / 10, 'mmHg')).map((v) => expect.closeTo(v, 6)),
      );
      const counts: Record<string, number> = {};
      for (const { reason } of expectedIssues) counts[reason] = (counts[reason] ?? 0) + 1;
      expect(report.byReason).toEqual(counts);
      expect(report).toMatchObject({
        rows: good + expectedIssues.length,
        samples: good,
        rejected: expectedIssues.length,
      });
      expect(report.rows).toBe(report.samples + report.rejected);
    });

    it('stops at the first bad row in strict mode, naming file:line, reason and value', async () => {
      const t = Date.UTC(2021, 0, 1) / 1000;
      const head = dialect.header === undefined ? [] : [dialect.header];
      const [bad, value] = dialect.strictRow;
      const { path, file } = dialect.writeLines([
        ...head,
        dialect.good(t, 745),
        bad,
        dialect.good(t + 60, 746),
      ]);
      const line = head.length + 2;

      const error = await readAll(path, { strict: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        `${file}: line ${line}: not a number (got ${JSON.stringify(value)})`,
      );
    });

    it('lists each unknown channel once with its count, and reports it once', async () => {
      const { path } = dialect.writeUnknown();
      const { samples, issues, report } = await readAll(path);
      expect(samples).toHaveLength(dialect.format === 'csv-wide' ? 2 : 1);
      expect(issues.map((i) => [i.reason, i.excerpt])).toEqual([
        ['unknown channel', 'NOPE_A'],
        ['unknown channel', 'NOPE_B'],
      ]);
      expect(report.unknownChannels).toEqual([
        { channel: 'NOPE_A', count: 3 },
        { channel: 'NOPE_B', count: 1 },
      ]);
      expect(report.byReason).toEqual({ 'unknown channel': 4 });
      expect(report.rows).toBe(report.samples + report.rejected);
    });

    it('reads a header-only file or a blank channel file as no samples', async () => {
      const { path } = dialect.writeLines(dialect.header === undefined ? [''] : [dialect.header]);
      const { samples, issues, report } = await readAll(path);
      expect(samples).toEqual([]);
      expect(issues).toEqual([]);
      expect(report).toMatchObject({
        rows: 0,
        samples: 0,
        rejected: 0,
        firstTime: null,
        lastTime: null,
        firstTimeUtc: null,
      });
    });
  },
);

describe('an ISS Live folder with a channel both plain and gzipped', () => {
  it('is an error naming the folder and the two files', () => {
    const dir = newFolder();
    writeFileSync(join(dir, 'P_HAB.txt'), '8808.0 745\n');
    writeFileSync(join(dir, 'P_HAB.txt.gz'), gzipSync('8808.0 745\n'));
    return expect(readAll(dir)).rejects.toThrow(
      new InputError({
        source: dir,
        problem: 'holds channel P_HAB twice, plain and gzipped: keep one',
        value: ['P_HAB.txt', 'P_HAB.txt.gz'],
      }),
    );
  });
});

describe('a gzipped file that cannot be read', () => {
  const lines = [
    'time,channel,value',
    ...Array.from({ length: 20_000 }, (_, i) => `${iso(1.6e9 + i)},P_HAB,${745 + (i % 7) / 10}`),
  ];
  const whole = gzipSync(`${lines.join('\n')}\n`);

  it('cut short: an error naming the file and saying so, not a quietly shorter read', async () => {
    const file = join(newFolder(), 'cut.csv.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      `${file}: gzip data cut short: the file ends before its compressed data does (an incomplete copy?)`,
    );
  });

  it('not gzip at all: an error naming the file and zlib’s reason', async () => {
    const file = join(newFolder(), 'plain.csv.gz');
    writeFileSync(file, `${lines.slice(0, 3).join('\n')}\n`);
    await expect(readAll(file)).rejects.toThrow(
      new InputError({ source: file, problem: 'not gzip data, or corrupt (incorrect header check)' }),
    );
  });
});
