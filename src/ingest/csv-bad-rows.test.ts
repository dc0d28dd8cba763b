// Bad text in telemetry files: each bad row is counted with its line and reason, and every line after
// it is still read (rows read = samples + rejected); a header that cannot be read right is refused.
// JSON Lines' unit and out-of-range numbers sit here too, beside CSV's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { InputError, mmHgToPa } from '../core/index.js';
import { MAX_LINE_CHARS } from './csv-chunks.js';
import { type RowIssue, readTelemetry } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-bad-rows-'));
const station = loadStation('haven');
const START = Date.UTC(2021, 0, 1) / 1000;
const iso = (s: number): string => new Date(s * 1000).toISOString();

let files = 0;
function write(lines: string[], newline = '\n', extension = 'csv'): string {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, lines.join(newline) + newline);
  return path;
}

async function read(path: string) {
  const issues: RowIssue[] = [];
  const telemetry = readTelemetry(path, { station, onIssue: (i) => issues.push(i) });
  const time: number[] = [];
  const value: number[] = [];
  for await (const b of telemetry.batches) {
    time.push(...b.time);
    value.push(...b.value);
  }
  const report = telemetry.report();
  expect(report.rows).toBe(report.samples + report.rejected);
  return { time, value, issues, report, said: issues.map((i) => [i.line, i.reason, i.excerpt]) };
}

/** `count` long rows of P_HAB, one a second, plain or with quoted channels. */
function rows(count: number, quoted = false): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${iso(START + i)},${quoted ? '"P_HAB"' : 'P_HAB'},${700 + (i % 50)}`,
  );
}

describe('CSV: a stray quote or a long line costs its own line only', () => {
  const stray = [
    ['an open quote', '2021-01-01T05:00:00Z,"P_HAB,1'],
    ['text after a closing quote', '2021-01-01T05:00:00Z,"P_HAB"x,1'],
    ['an escaped quote at the end', '2021-01-01T05:00:00Z,P_HAB,"1""'],
  ];
  it.each(
    stray.flatMap(([what, row]) => [
      [what, row, 'plain', '\n'],
      [what, row, 'quoted', '\n'],
      [what, row, 'plain', '\r\n'],
    ]),
  )('rejects %s (%s rows, %j), then reads the 3,000 rows after it', async (_, row, form, newline) => {
    const body = rows(5000, form === 'quoted');
    const path = write(
      ['time,channel,value', ...body.slice(0, 2000), row as string, ...body.slice(2000)],
      newline,
    );
    const { time, said, report } = await read(path);
    expect(said).toEqual([[2002, 'malformed quotes', row]]);
    expect(report).toMatchObject({ rows: 5001, samples: 5000, rejected: 1 });
    expect(time.at(-1)).toBe(START + 4999);
  });

  it('rejects many malformed rows in one piece, each on its line', async () => {
    const body = rows(3000, true).map((row, i) => (i % 20 === 7 ? row.replace('"P_HAB"', '"P_HAB"x') : row));
    const path = write(['time,channel,value', ...body]);
    const { said, report } = await read(path);
    expect(report).toMatchObject({ rows: 3000, samples: 2850, rejected: 150 });
    expect(said.slice(0, 2)).toEqual([
      [9, 'malformed quotes', body[7]],
      [29, 'malformed quotes', body[27]],
    ]);
    expect(said.at(-1)).toEqual([2989, 'malformed quotes', body[2987]]);
  });

  it('rejects a line too long as such, and reads on after its line break', async () => {
    const long = `2021-01-01T05:00:00Z,P_HAB,${'9'.repeat(MAX_LINE_CHARS + 10)}`;
    const body = rows(5000);
    const path = write(['time,channel,value', ...body.slice(0, 2000), long, ...body.slice(2000)]);
    const { time, said, report } = await read(path);
    expect(said).toEqual([[2002, 'line too long', `${long.slice(0, 77)}...`]]);
    expect(report).toMatchObject({ rows: 5001, samples: 5000, rejected: 1 });
    expect(time.at(-1)).toBe(START + 4999);
  });

  it('keeps line numbers right after a quoted field that holds a line break', async () => {
    const path = write([
      'time,channel,value',
      ...rows(3),
      `${iso(START)},"P_\nHAB",745`,
      ...rows(3),
      'noon,P_HAB,1',
    ]);
    const { said, report } = await read(path);
    expect(said).toEqual([
      [5, 'unknown channel', 'P_\nHAB'],
      [10, 'unparseable time', 'noon'],
    ]);
    expect(report).toMatchObject({ rows: 8, samples: 6, rejected: 2 });
  });
});

describe('CSV: spaces, tabs and CRs around fields', () => {
  it('reads an LF file whose second half ends its lines in CRLF', async () => {
    const body = rows(5000);
    const path = join(dir, 'append-crlf.csv');
    writeFileSync(
      path,
      `time,channel,value\n${body.slice(0, 2500).join('\n')}\n${body.slice(2500).join('\r\n')}\r\n`,
    );
    const { value, said, report } = await read(path);
    expect(said).toEqual([]);
    expect(report).toMatchObject({ rows: 5000, samples: 5000, rejected: 0 });
    expect(value.at(-1)).toBeCloseTo(mmHgToPa(749), 9);
  });

  it('reads a file whose header ends in LF and its rows in CRLF', async () => {
    const path = join(dir, 'header-lf.csv');
    writeFileSync(path, `time,channel,value\n${rows(300).join('\r\n')}\r\n`);
    expect((await read(path)).report).toMatchObject({ rows: 300, samples: 300, rejected: 0 });
  });

  it('trims spaces and tabs after commas, in long rows', async () => {
    const path = write([
      'time, channel, value',
      ...rows(100).map((row) => row.split(',').join(', ')),
      `${iso(START + 100)},\tP_HAB\t, 745 `,
      `${iso(START + 101)}, NOPE , 745`,
      `${iso(START + 102)}, P_HAB,  `,
      `${iso(START + 103)}, P_HAB, 7 45`,
      ` ${iso(START + 104)} ,P_HAB,745`,
    ]);
    const { time, said, report } = await read(path);
    expect(said).toEqual([
      [103, 'unknown channel', 'NOPE'],
      [104, 'missing field', `${iso(START + 102)}, P_HAB,  `],
      [105, 'not a number', ' 7 45'],
    ]);
    expect(report).toMatchObject({ format: 'csv-long', rows: 105, samples: 102, rejected: 3 });
    expect(time.at(-1)).toBe(START + 104);
  });

  it('trims spaces and CRs in wide rows; a blank cell is no sample', async () => {
    const path = write(
      ['time, P_HAB, T_HAB', `${iso(START)}, 745 , 21`, `${iso(START + 1)}, , `, ` ${iso(START + 2)},746,\t`],
      '\r\n',
    );
    const { said, report } = await read(path);
    expect(said).toEqual([]);
    expect(report).toMatchObject({ format: 'csv-wide', rows: 3, samples: 3, rejected: 0 });
  });
});

describe('CSV headers', () => {
  it('reads a long header with a trailing comma, rows with or without one', async () => {
    const body = rows(100);
    const path = write([
      'time,channel,value,',
      ...body.map((row, i) => (i % 2 === 0 ? `${row},` : row)),
      `${iso(START + 100)},P_HAB,745,x`,
    ]);
    const { said, report } = await read(path);
    expect(said).toEqual([[102, 'wrong number of fields', `${iso(START + 100)},P_HAB,745,x`]]);
    expect(report).toMatchObject({ format: 'csv-long', rows: 101, samples: 100, rejected: 1 });
  });

  it('keeps a fourth column unit, with or without a trailing comma', async () => {
    const path = write([
      'time,channel,value,unit,',
      `${iso(START)},P_HAB,745,mmHg,`,
      `${iso(START + 1)},P_HAB,99.3,kPa`,
      `${iso(START + 2)},P_HAB,746,`,
    ]);
    const { said, report } = await read(path);
    expect(said).toEqual([[3, 'not the declared unit', 'kPa; P_HAB is in mmHg']]);
    expect(report).toMatchObject({ format: 'csv-long', rows: 3, samples: 2, rejected: 1 });
  });

  it('refuses a long header with a column it would not read, naming file, line and column', () => {
    const path = write(['', 'time,channel,value,quality', `${iso(START)},P_HAB,745,bad`]);
    expect(() => readTelemetry(path, { station })).toThrow(InputError);
    expect(() => readTelemetry(path, { station })).toThrow(
      `${path}: line 2: column 4 'quality' is not read: a long header is time,channel,value with an optional unit after it (got "time,channel,value,quality")`,
    );
  });

  it('reads a wide header with a trailing comma, rows with or without one', async () => {
    const path = write(['time,P_HAB,T_HAB,', `${iso(START)},745,21,`, `${iso(START + 1)},746,22`]);
    const { said, report } = await read(path);
    expect(said).toEqual([]);
    expect(report).toMatchObject({ format: 'csv-wide', rows: 4, samples: 4, rejected: 0 });
  });

  it('refuses a wide header that names a channel twice, naming file, line and channel', () => {
    const path = write(['time,P_HAB,T_HAB, P_HAB', `${iso(START)},745,21,746`]);
    expect(() => readTelemetry(path, { station })).toThrow(
      `${path}: line 1: columns 2 and 4 name the same channel (got "P_HAB")`,
    );
  });
});

describe('decimal numbers only', () => {
  it('rejects hexadecimal, binary and octal values and epoch times in CSV', async () => {
    const path = write([
      'time,channel,value',
      `${iso(START)},P_HAB,760`,
      `${iso(START + 10)},P_HAB,0x2F8`,
      `${iso(START + 20)},P_HAB,0b1011111000`,
      `${iso(START + 30)},P_HAB,0o1370`,
      '0x5FEE6600,P_HAB,760',
      `${iso(START + 40)},P_HAB,761`,
    ]);
    const { said, report } = await read(path);
    expect(said).toEqual([
      [3, 'not a number', '0x2F8'],
      [4, 'not a number', '0b1011111000'],
      [5, 'not a number', '0o1370'],
      [6, 'unparseable time', '0x5FEE6600'],
    ]);
    expect(report).toMatchObject({ rows: 6, samples: 2, rejected: 4 });
  });
});

describe('JSON Lines beside CSV', () => {
  it('takes an empty unit as none, as an empty unit cell in CSV', async () => {
    const record = (unit: string, value: number) =>
      JSON.stringify({ time: iso(START + value - 700), channel: 'P_HAB', value, unit });
    const path = write(
      [record('', 745), record(' ', 746), record('mmHg', 747), record('kPa', 748)],
      '\n',
      'jsonl',
    );
    const { said, report } = await read(path);
    expect(said).toEqual([[4, 'not the declared unit', 'kPa; P_HAB is in mmHg']]);
    expect(report).toMatchObject({ rows: 4, samples: 3, rejected: 1 });
  });

  it('shows a number past a double as the record wrote it', async () => {
    const path = write(
      [
        `{"time":"${iso(START)}","channel":"P_HAB","value":1e999}`,
        `{"time":-1E+999,"channel":"P_HAB","value":745}`,
        `{"time":"${iso(START + 1)}","channel":"P_HAB","value":745}`,
      ],
      '\n',
      'jsonl',
    );
    const { said, report } = await read(path);
    expect(said).toEqual([
      [1, 'not a number', '1e999'],
      [2, 'unparseable time', '-1E+999'],
    ]);
    expect(report).toMatchObject({ rows: 3, samples: 1, rejected: 2 });
  });
});
