import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { InputError } from '../core/index.js';
import { detectFormat, readTelemetry, telemetryPath } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'airtight-detect-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const station = loadStation('haven');

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('detectFormat', () => {
  it('tells the formats apart by folder, extension and CSV header', () => {
    const folder = join(dir, 'isslive');
    mkdirSync(folder);
    expect(detectFormat(folder)).toBe('isslive');
    expect(detectFormat(file('a.jsonl', ''))).toBe('jsonl');
    expect(detectFormat(file('a.NDJSON', ''))).toBe('jsonl');
    expect(detectFormat(file('long.csv', 'time,channel,value\n2020-01-01T00:00:00Z,P_HAB,1\n'))).toBe(
      'csv-long',
    );
    expect(detectFormat(file('wide.csv', 'time,P_HAB,"T_HAB"\n'))).toBe('csv-wide');
    expect(detectFormat(file('one.csv', 'time,P_HAB'))).toBe('csv-wide');
  });

  it('reads the format of a gzipped file past its .gz, the CSV form from its inflated header', () => {
    const gz = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, gzipSync(text));
      return path;
    };
    expect(detectFormat(gz('long.csv.gz', 'time,channel,value\n2020-01-01T00:00:00Z,P_HAB,1\n'))).toBe(
      'csv-long',
    );
    // a header longer than a gzip block: inflated as far as the first MiB of the file goes
    const channels = Array.from({ length: 40_000 }, (_, i) => `C${i}`).join(',');
    expect(detectFormat(gz('wide.CSV.GZ', `time,${channels}\n`))).toBe('csv-wide');
    expect(detectFormat(gz('a.jsonl.gz', ''))).toBe('jsonl');
    // a head that packs a thousandfold (50 MB in ~50 KB) is inflated from a smaller start, not whole
    expect(detectFormat(gz('packs.csv.gz', `time,channel,value\n${'0'.repeat(50e6)}`))).toBe('csv-long');
    expect(detectFormat(gz('empty.csv.gz', ''))).toBe('csv-long');
    expect(inputError(() => detectFormat(gz('a.gz', 'x'))).problem).toMatch(/^unknown telemetry format/);
    const packed = join(dir, 'packed');
    mkdirSync(packed);
    writeFileSync(join(packed, 'telemetry.csv.gz'), gzipSync('time,channel,value\n'));
    expect(telemetryPath(packed)).toBe(join(packed, 'telemetry.csv.gz'));
  });

  it('accepts a byte-order mark, CRLF, spaces around names and blank lines before the header', () => {
    expect(detectFormat(file('bom.csv', '\uFEFFtime,channel,value\r\n'))).toBe('csv-long');
    expect(detectFormat(file('spaced.csv', '\n\n time , channel , value \n'))).toBe('csv-long');
  });

  it('reads an empty CSV as long (it has no samples either way)', () => {
    expect(detectFormat(file('empty.csv', ''))).toBe('csv-long');
    expect(detectFormat(file('blank.csv', '\n \n'))).toBe('csv-long');
  });

  it('names file, line and header when a CSV header is neither form', () => {
    const path = file('bad.csv', '\ntimestamp,channel,value\n');
    expect(inputError(() => detectFormat(path)).message).toBe(
      `${path}: line 2: header must be time,channel,value (long; a unit column may follow) or time,<channel>,<channel>,… (wide) (got "timestamp,channel,value")`,
    );
    expect(inputError(() => detectFormat(file('time.csv', 'time\n'))).where).toBe('line 1');
  });

  it('refuses other extensions and unreadable paths, naming the path and the reason', () => {
    const txt = file('telemetry.txt', '');
    expect(inputError(() => detectFormat(txt)).message).toBe(
      `${txt}: unknown telemetry format: expected an ISS Live folder, a .csv, .jsonl or .ndjson file (or one of these gzipped, .gz)`,
    );
    const missing = join(dir, 'nope.csv');
    expect(inputError(() => detectFormat(missing)).message).toBe(`${missing}: no such file`);
    expect(inputError(() => readTelemetry(missing, { station })).message).toBe(`${missing}: no such file`);
  });

  it.skipIf(process.getuid?.() === 0)('says permission denied for a file it may not read', () => {
    const secret = file('secret.jsonl', '');
    chmodSync(secret, 0o000);
    expect(inputError(() => readTelemetry(secret, { station })).message).toBe(`${secret}: permission denied`);
  });
});

describe('telemetryPath', () => {
  it('reads a folder holding one telemetry file and no ISS Live file as that file (simulate --out)', async () => {
    const folder = join(dir, 'simulated');
    mkdirSync(folder);
    writeFileSync(join(folder, 'truth.json'), '{}');
    const csv = join(folder, 'telemetry.csv');
    writeFileSync(csv, 'time,channel,value\n2020-01-01T00:00:00Z,P_HAB,760\n');
    expect(telemetryPath(folder)).toBe(csv);
    const read = readTelemetry(folder, { station });
    let samples = 0;
    for await (const batch of read.batches) samples += batch.length;
    expect(samples).toBe(1);
    expect(read.report().files).toEqual([csv]);
  });

  it('leaves a file and an ISS Live folder as they are', () => {
    const csv = file('alone.csv', 'time,channel,value\n');
    expect(telemetryPath(csv)).toBe(csv);
    const live = join(dir, 'live-and-csv');
    mkdirSync(live);
    writeFileSync(join(live, 'P_HAB.txt'), '');
    writeFileSync(join(live, 'export.csv'), 'time,channel,value\n');
    expect(telemetryPath(live)).toBe(live);
  });

  it('names what a folder holds when it holds no telemetry, or several files', () => {
    const two = join(dir, 'two-files');
    mkdirSync(two);
    writeFileSync(join(two, 'a.csv'), 'time,channel,value\n');
    writeFileSync(join(two, 'b.jsonl'), '');
    expect(inputError(() => telemetryPath(two)).message).toBe(
      `${two}: holds 2 telemetry files and no ISS Live <channel>.txt file: name the one to read (got "a.csv, b.jsonl")`,
    );
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.md'), '');
    expect(inputError(() => telemetryPath(empty)).message).toBe(
      `${empty}: holds no telemetry: expected ISS Live <channel>.txt files, or one .csv, .jsonl or .ndjson file (or .gz of one)`,
    );
  });
});

describe('JSON Lines records that name their unit', () => {
  it('reads the declared unit (case aside) and rejects, counted, any other', async () => {
    const declared = station.sensors.find((s) => s.id === 'P_HAB')!.unit;
    const path = file(
      'units.jsonl',
      [
        `{"time":"2020-01-01T00:00:00Z","channel":"P_HAB","value":745,"unit":"${declared.toUpperCase()}"}`,
        '{"time":"2020-01-01T00:00:10Z","channel":"P_HAB","value":14.4,"unit":"psi"}',
        '{"time":"2020-01-01T00:00:20Z","channel":"P_HAB","value":745}',
      ].join('\n'),
    );
    const issues: string[] = [];
    const read = readTelemetry(path, {
      station,
      onIssue: (i) => issues.push(`${i.line}: ${i.reason} (${i.excerpt})`),
    });
    let samples = 0;
    for await (const batch of read.batches) samples += batch.length;
    expect(samples).toBe(2);
    expect(read.report().byReason).toEqual({ 'not the declared unit': 1 });
    expect(issues).toEqual([`2: not the declared unit (psi; P_HAB is in ${declared})`]);
  });
});

describe('readTelemetry options', () => {
  it('needs the year for an ISS Live folder, naming the folder', () => {
    const folder = join(dir, 'no-year');
    mkdirSync(folder);
    writeFileSync(join(folder, 'P_HAB.txt'), '');
    const error = inputError(() => readTelemetry(folder, { station }));
    expect(error.source).toBe(folder);
    expect(error.message).toContain('needs the year');
  });

  it('refuses a batch size that is not a whole number of at least 1', () => {
    const path = file('b.jsonl', '');
    expect(inputError(() => readTelemetry(path, { station, batchSize: 0 })).message).toContain('batchSize');
    expect(inputError(() => readTelemetry(path, { station, batchSize: 1.5 })).message).toContain('batchSize');
  });
});
