// CSV specifics beyond the shared contract: files larger than one piece, quoting, line endings,
// stopping early, and how wide CSV counts its cells.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { mmHgToPa } from '../core/index.js';
import { type RowIssue, readTelemetry } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-csv-'));
const station = loadStation('haven');
const P_HAB = station.sensors.findIndex((s) => s.id === 'P_HAB');
const T_HAB = station.sensors.findIndex((s) => s.id === 'T_HAB');

async function read(path: string, batchSize?: number) {
  const issues: RowIssue[] = [];
  const telemetry = readTelemetry(path, { station, onIssue: (i) => issues.push(i), batchSize });
  const time: number[] = [];
  const channel: number[] = [];
  const value: number[] = [];
  for await (const b of telemetry.batches) {
    time.push(...b.time);
    channel.push(...b.channel);
    value.push(...b.value);
  }
  return { time, channel, value, issues, report: telemetry.report() };
}

describe('CSV long', () => {
  it('streams a file of many pieces, keeping file order and line numbers across them', async () => {
    const rows = 120_000; // ~6 MB: several 1 MiB pieces, each paused until the batches are taken
    const lines = ['time,channel,value'];
    const start = Date.UTC(2021, 0, 1) / 1000;
    for (let i = 0; i < rows; i++) {
      const t = new Date((start + Math.floor(i / 2)) * 1000).toISOString();
      lines.push(i % 2 === 0 ? `${t},"P_HAB",${700 + (i % 100)}` : `"${t}",T_HAB,"21.5"`);
    }
    lines[100_001] = '2021-01-01T10:00:00Z,P_HAB,oops';
    const path = join(dir, 'big.csv');
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);

    const { time, channel, value, issues, report } = await read(path, 10_000);
    expect(issues).toEqual([{ source: path, line: 100_002, reason: 'not a number', excerpt: 'oops' }]);
    expect(report).toMatchObject({ rows, samples: rows - 1, rejected: 1 });
    expect(time).toHaveLength(rows - 1);
    expect(time.every((t, i) => i === 0 || t >= (time[i - 1] as number))).toBe(true);
    expect(channel.slice(0, 4)).toEqual([P_HAB, T_HAB, P_HAB, T_HAB]);
    expect(value[0]).toBeCloseTo(mmHgToPa(700), 9);
    expect(value[1]).toBeCloseTo(21.5 + 273.15, 9);
  });

  it('names a row with an empty channel or value as missing a field, shown whole', async () => {
    const path = join(dir, 'empty-fields.csv');
    writeFileSync(
      path,
      'time,channel,value\n2021-01-01T00:00:00Z,P_HAB,\n2021-01-01T00:00:01Z,,745\n2021-01-01T00:00:02Z,P_HAB,745\n',
    );
    const { issues, report } = await read(path);
    // they had read 'not a number' and 'unknown channel' with nothing to show (an empty excerpt)
    expect(issues).toEqual([
      { source: path, line: 2, reason: 'missing field', excerpt: '2021-01-01T00:00:00Z,P_HAB,' },
      { source: path, line: 3, reason: 'missing field', excerpt: '2021-01-01T00:00:01Z,,745' },
    ]);
    expect(report).toMatchObject({ rows: 3, samples: 1, rejected: 2, unknownChannels: [] });
  });

  it('takes a unit column: a row in the declared unit is read, one in another rejected and counted', async () => {
    const path = join(dir, 'units.csv');
    writeFileSync(
      path,
      'time,channel,value,unit\n2021-01-01T00:00:00Z,P_HAB,745,mmHg\n2021-01-01T00:00:01Z,P_HAB,99.3,kPa\n' +
        '2021-01-01T00:00:02Z,P_HAB,746,MMHG\n2021-01-01T00:00:03Z,P_HAB,747,\n2021-01-01T00:00:04Z,P_HAB,748\n',
    );
    const { value, issues, report } = await read(path);
    expect(issues).toEqual([
      { source: path, line: 3, reason: 'not the declared unit', excerpt: 'kPa; P_HAB is in mmHg' },
      { source: path, line: 6, reason: 'wrong number of fields', excerpt: '2021-01-01T00:00:04Z,P_HAB,748' },
    ]);
    expect(report).toMatchObject({ rows: 5, samples: 3, rejected: 2, unknownChannels: [] });
    expect(value.map((v) => v / mmHgToPa(1))).toEqual([745, 746, 747].map((x) => expect.closeTo(x, 9)));
  });

  it('reads a file with a byte-order mark and CRLF line ends', async () => {
    const path = join(dir, 'bom.csv');
    writeFileSync(path, '\uFEFFtime,channel,value\r\n2021-01-01T00:00:00Z,P_HAB,745\r\n');
    expect((await read(path)).report).toMatchObject({ rows: 1, samples: 1 });
  });

  it('reads epoch-second times and zone offsets', async () => {
    const path = join(dir, 'epoch.csv');
    writeFileSync(
      path,
      'time,channel,value\n1609459200,P_HAB,745\n1609459200.5,P_HAB,745\n2021-01-01T02:00:01+02:00,P_HAB,745\n',
    );
    expect((await read(path)).time).toEqual([1609459200, 1609459200.5, 1609459201]);
  });

  it('rejects a row whose quote never ends as its first line, and reads every line after it', async () => {
    const path = join(dir, 'open-quote.csv');
    writeFileSync(
      path,
      'time,channel,value\n2021-01-01T00:00:00Z,P_HAB,745\n2021-01-01T00:00:01Z,"P_HAB,745\n2021-01-01T00:00:02Z,P_HAB,746\n',
    );
    const { time, issues, report } = await read(path);
    expect(time).toEqual([1609459200, 1609459202]);
    expect(issues.map((i) => [i.line, i.reason, i.excerpt])).toEqual([
      [3, 'malformed quotes', '2021-01-01T00:00:01Z,"P_HAB,745'],
    ]);
    expect(report).toMatchObject({ rows: 3, samples: 2, rejected: 1 });
  });

  it('gives up on a quoted field still open after 64 KiB and reads the 600,000 lines after it', async () => {
    const path = join(dir, 'runaway-quote.csv');
    const head = 'time,channel,value\n2021-01-01T00:00:00Z,P_HAB,745\n2021-01-01T00:00:01Z,"P_HAB,745\n';
    writeFileSync(path, head + '2021-01-01T00:00:02Z,P_HAB,745\n'.repeat(600_000));
    const { time, issues, report } = await read(path);
    expect(time).toHaveLength(600_001);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([[3, 'malformed quotes']]);
    expect(report).toMatchObject({ rows: 600_002, samples: 600_001, rejected: 1 });
  });

  it('reads an empty file as no samples, and an empty time as unparseable', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await read(empty)).report).toMatchObject({ rows: 0, samples: 0, rejected: 0 });
    const blankTime = join(dir, 'blank-time.csv');
    writeFileSync(blankTime, 'time,channel,value\n,P_HAB,745\n');
    expect((await read(blankTime)).issues.map((i) => i.reason)).toEqual(['unparseable time']);
  });

  it('stops reading when the consumer stops', async () => {
    const path = join(dir, 'stop.csv');
    const lines = ['time,channel,value'];
    for (let i = 0; i < 50_000; i++) lines.push(`${1609459200 + i},P_HAB,745`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const telemetry = readTelemetry(path, { station, batchSize: 100 });
    for await (const batch of telemetry.batches) {
      expect(batch.length).toBe(100);
      break;
    }
    expect(telemetry.report().samples).toBeLessThan(50_000);
  });
});

describe('CSV wide', () => {
  it('counts each non-empty cell as a reading and a line rejected as a whole once', async () => {
    const path = join(dir, 'wide.csv');
    writeFileSync(
      path,
      [
        'time,P_HAB,T_HAB,NOPE',
        '2021-01-01T00:00:00Z,745,22,', // two samples
        '2021-01-01T00:00:10Z,,,', // nothing
        '2021-01-01T00:00:20Z,x,22,5', // one sample, one 'not a number', one 'unknown channel'
        'noon,745,22,5', // the whole line: one 'unparseable time'
        '2021-01-01T00:00:30Z,745', // the whole line: one 'wrong number of fields'
      ].join('\n'),
    );
    const { channel, issues, report } = await read(path);
    expect(channel).toEqual([P_HAB, T_HAB, T_HAB]);
    expect(issues.map((i) => [i.line, i.reason, i.excerpt])).toEqual([
      [4, 'not a number', 'x'],
      [4, 'unknown channel', 'NOPE'],
      [5, 'unparseable time', 'noon'],
      [6, 'wrong number of fields', '2021-01-01T00:00:30Z,745'],
    ]);
    expect(report).toMatchObject({
      format: 'csv-wide',
      rows: 7,
      samples: 3,
      rejected: 4,
      byReason: {
        'not a number': 1,
        'unknown channel': 1,
        'unparseable time': 1,
        'wrong number of fields': 1,
      },
      unknownChannels: [{ channel: 'NOPE', count: 1 }],
    });
  });
});
