// Time order of CSV and JSON Lines files (TimeOrder): rows put back in order within 10 minutes, rows
// further behind rejected, a file out of time order stopped, implausible times and rows far from the
// rows around them rejected with file:line, and real gaps kept.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { InputError } from '../core/index.js';
import { type RowIssue, readTelemetry } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'airtight-time-order-'));
let files = 0;
const station = loadStation('haven');
const START = Date.UTC(2020, 7, 20) / 1000;

interface Row {
  /** Epoch seconds, or the time text as written. */
  time: number | string;
  channel: string;
  value: number;
}

type Format = 'csv-long' | 'csv-wide' | 'jsonl';

/** ISO 8601 for a number of epoch seconds up to 2200, other numbers as they are. */
const iso = (t: number | string): string =>
  typeof t === 'string' ? t : t >= 0 && t < 7.2e9 ? new Date(t * 1000).toISOString() : String(t);

/** Writes rows in the format; wide CSV gets one line per row, the other channel's cell empty. */
function write(format: Format, rows: Row[]): string {
  const path = join(root, `case-${files++}.${format === 'jsonl' ? 'jsonl' : 'csv'}`);
  const lines =
    format === 'csv-long'
      ? ['time,channel,value', ...rows.map((r) => `${iso(r.time)},${r.channel},${r.value}`)]
      : format === 'csv-wide'
        ? [
            'time,P_HAB,T_HAB',
            ...rows.map(
              (r) =>
                `${iso(r.time)},${r.channel === 'P_HAB' ? r.value : ''},${r.channel === 'T_HAB' ? r.value : ''}`,
            ),
          ]
        : rows.map((r) => JSON.stringify({ time: r.time, channel: r.channel, value: r.value }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The line a row is on: CSV has a header line. */
const lineOf = (format: Format, index: number): number => index + (format === 'jsonl' ? 1 : 2);

async function read(path: string) {
  const issues: RowIssue[] = [];
  const telemetry = readTelemetry(path, { station, onIssue: (i) => issues.push(i) });
  const times: number[] = [];
  for await (const b of telemetry.batches) for (let i = 0; i < b.length; i++) times.push(b.time[i] as number);
  const report = telemetry.report();
  expect(report.rows).toBe(report.samples + report.rejected);
  return { times, issues, report };
}

/** P_HAB and T_HAB every 10 s for `count` steps from `from`. */
function steady(count: number, from = START): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({ time: from + 10 * i, channel: 'P_HAB', value: 745 });
    rows.push({ time: from + 10 * i, channel: 'T_HAB', value: 22 });
  }
  return rows;
}

const sorted = (times: number[]) => [...times].sort((a, b) => a - b);
const formats: Format[] = ['csv-long', 'csv-wide', 'jsonl'];

describe.each(formats)('%s time order', (format) => {
  it('puts rows up to 10 minutes out of order back in order', async () => {
    const rows = steady(300);
    // reverse blocks of 40 rows (200 s), and read one row 9 minutes late
    for (let b = 0; b + 40 <= rows.length; b += 40) rows.splice(b, 40, ...rows.slice(b, b + 40).reverse());
    rows.splice(279, 0, ...rows.splice(192, 1));
    const { times, issues, report } = await read(write(format, rows));
    expect(issues).toEqual([]);
    expect(report).toMatchObject({ rows: 600, samples: 600, rejected: 0 });
    expect(times).toEqual(sorted(rows.map((r) => r.time as number)));
  });

  it('rejects a row more than 10 minutes behind the newest, with its line, and reads on', async () => {
    const rows = steady(200);
    rows.splice(150, 0, { time: START + 10, channel: 'P_HAB', value: 745 }); // 12 minutes behind
    const { times, issues, report } = await read(write(format, rows));
    expect(issues.map((i) => [i.line, i.reason])).toEqual([[lineOf(format, 150), 'out of order']]);
    expect(report).toMatchObject({ rows: 401, samples: 400, rejected: 1, byReason: { 'out of order': 1 } });
    expect(times.at(-1)).toBe(START + 1990);
  });

  it('stops a file that is not in time order (sorted by channel) with an InputError', async () => {
    const rows = steady(1500);
    const byChannel = [
      ...rows.filter((r) => r.channel === 'P_HAB'),
      ...rows.filter((r) => r.channel === 'T_HAB'),
    ];
    const read1 = read(write(format, byChannel));
    await expect(read1).rejects.toThrow(InputError);
    await expect(read1).rejects.toThrow(
      new RegExp(`line ${lineOf(format, 1500)}: rows must be in time order.*sort the file by time`),
    );
  });

  it('rejects times outside 1970 to 2200, saying when they look like epoch milliseconds', async () => {
    const rows = steady(100);
    rows.splice(20, 0, { time: (START + 100) * 1000, channel: 'P_HAB', value: 745 });
    rows.splice(40, 0, { time: 1e13, channel: 'P_HAB', value: 745 });
    rows.splice(60, 0, { time: 3.6e19, channel: 'P_HAB', value: 745 });
    rows.splice(80, 0, { time: '2250-01-01T00:00:00Z', channel: 'P_HAB', value: 745 });
    const { times, issues, report } = await read(write(format, rows));
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [lineOf(format, 20), 'time in epoch milliseconds, not seconds'],
      [lineOf(format, 40), 'time out of range'],
      [lineOf(format, 60), 'time out of range'],
      [lineOf(format, 80), 'time out of range'],
    ]);
    expect(report).toMatchObject({ rows: 204, samples: 200, rejected: 4 });
    expect(times).toEqual(sorted(steady(100).map((r) => r.time as number)));
  });

  it('rejects a row far ahead of the rows around it (a mistyped day) and reads the rows after it', async () => {
    const rows = steady(200);
    rows[101] = { ...(rows[101] as Row), time: (rows[101]?.time as number) + 3 * 86400 };
    const { times, issues, report } = await read(write(format, rows));
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [lineOf(format, 101), 'time far from the rows around it'],
    ]);
    expect(report).toMatchObject({ rows: 400, samples: 399, rejected: 1 });
    expect(times.at(-1)).toBe(START + 1990);
  });

  it('rejects a stray row long before the data (time 0), so the data starts where it does', async () => {
    const rows = [{ time: 0, channel: 'P_HAB', value: 745 }, ...steady(100)];
    const { times, issues, report } = await read(write(format, rows));
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [lineOf(format, 0), 'time far from the rows around it'],
    ]);
    expect(report).toMatchObject({ rows: 201, samples: 200, rejected: 1, firstTime: START });
    expect(times[0]).toBe(START);
  });

  it('keeps a real gap: the data resumes hours later and goes on, even for a few last rows', async () => {
    // 2 h of loss of signal, then 100 steps; then 5 h more and 2 last steps
    const rows = [...steady(100), ...steady(100, START + 3 * 3600), ...steady(2, START + 9 * 3600)];
    const { times, issues, report } = await read(write(format, rows));
    expect(issues).toEqual([]);
    expect(report).toMatchObject({ rows: 404, samples: 404, rejected: 0 });
    expect(times).toEqual(rows.map((r) => r.time));
  });
});

describe('time order across files', () => {
  it('checks the year of an ISS Live folder against the plausible range', () => {
    const dir = mkdtempSync(join(root, 'iss-'));
    writeFileSync(join(dir, 'P_HAB.txt'), '300.0 745\n');
    expect(() => readTelemetry(dir, { station, year: 275760 })).toThrow(/year must be from 1970 to 2199/);
    expect(() => readTelemetry(dir, { station, year: 1969 })).toThrow(InputError);
    expect(() => readTelemetry(dir, { station, year: 2199 })).not.toThrow();
  });
});
