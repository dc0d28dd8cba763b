// ISS Live folders: reordering within a file, merging files, the year, and the real recording.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadStation } from '../config/index.js';
import { epochSFromGmtDecimal, mmHgToPa, type Station } from '../core/index.js';
import { type RowIssue, readTelemetry } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'airtight-isslive-'));
let cases = 0;
const haven = loadStation('haven');

function folder(files: Record<string, string[]>): string {
  const dir = join(root, `case-${cases++}`);
  mkdirSync(dir);
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return dir;
}

async function read(path: string, year: number, station: Station = haven) {
  const issues: RowIssue[] = [];
  const telemetry = readTelemetry(path, { station, year, onIssue: (i) => issues.push(i) });
  const samples: { time: number; channel: string; value: number }[] = [];
  for await (const b of telemetry.batches) {
    for (let i = 0; i < b.length; i++)
      samples.push({ time: b.time[i]!, channel: station.sensors[b.channel[i]!]!.id, value: b.value[i]! });
  }
  return { samples, issues, report: telemetry.report() };
}

const hours = (gmt: number) => gmt.toFixed(8);
const nonDecreasing = (times: number[]) => times.every((t, i) => i === 0 || t >= (times[i - 1] as number));

describe('ISS Live folder', () => {
  it('puts lines up to 10 minutes out of order back in order and merges the files', async () => {
    // P_HAB every minute, its lines swapped in pairs and one 9 minutes late; T_HAB every 2.5 minutes
    const p: number[] = [];
    for (let i = 0; i < 60; i++) p.push(300 + i / 60);
    for (let i = 0; i + 1 < p.length; i += 2) [p[i], p[i + 1]] = [p[i + 1] as number, p[i] as number];
    p.splice(p.indexOf(300 + 20 / 60), 1);
    p.splice(29, 0, 300 + 20 / 60); // read 9 minutes after its time
    const t = Array.from({ length: 24 }, (_, i) => 300 + i / 24);
    const dir = folder({
      'P_HAB.txt': p.map((g) => `${hours(g)} 745`),
      'T_HAB.txt': t.map((g) => `${hours(g)} 22`),
    });

    const { samples, issues, report } = await read(dir, 2021);
    expect(issues).toEqual([]);
    expect(report).toMatchObject({ rows: 84, samples: 84, rejected: 0 });
    expect(nonDecreasing(samples.map((s) => s.time))).toBe(true);
    expect(samples.filter((s) => s.channel === 'P_HAB').map((s) => s.time)).toEqual(
      [...p].sort((a, b) => a - b).map((g) => epochSFromGmtDecimal(Number(hours(g)), 2021)),
    );
  });

  it('rejects a line more than 10 minutes earlier than the latest line of its file', async () => {
    // 300.4 h is 6 minutes before 300.5 h (re-ordered), 300.3 h is 12 minutes before it (rejected)
    const dir = folder({ 'P_HAB.txt': ['300.0 745', '300.5 745', '300.4 745', '300.3 745', '300.6 745'] });
    const { samples, issues, report } = await read(dir, 2021);
    expect(issues).toEqual([
      { source: join(dir, 'P_HAB.txt'), line: 4, reason: 'out of order', excerpt: '300.3 745' },
    ]);
    expect(samples.map((s) => s.time)).toEqual(
      [300.0, 300.4, 300.5, 300.6].map((g) => epochSFromGmtDecimal(g, 2021)),
    );
    expect(report.byReason).toEqual({ 'out of order': 1 });
  });

  it('rolls into the next year past the year end, and when the feed starts again at day 1', async () => {
    // 2021 has 365 days: GMT decimal 8784 is 1 January 2022, 00:00 UTC
    const dir = folder({
      'P_HAB.txt': ['8783.9 745', '8784.1 745'],
      'T_HAB.txt': ['8783.95 22', '24.05 22', '24.2 22'],
    });
    const { samples } = await read(dir, 2021);
    const newYear = Date.UTC(2022, 0, 1) / 1000;
    expect(samples.map((s) => [s.channel, Math.round(s.time - newYear)])).toEqual([
      ['P_HAB', -360],
      ['T_HAB', -180],
      ['T_HAB', 180],
      ['P_HAB', 360],
      ['T_HAB', 720],
    ]);
  });

  it('places a late line of the old year read after New Year in the old year, never a second New Year', async () => {
    // 2019 has 365 days: GMT decimal 8783.997 is 31 December 2019 23:59:49, 24.003 is 1 January 00:00:11
    const dir = folder({
      'P_HAB.txt': ['8783.99 745', '24.003 745', '8783.997 745', '24.01 745', '24.5 745'],
    });
    const { samples, issues, report } = await read(dir, 2019);
    expect(issues).toEqual([]);
    expect(report).toMatchObject({ rows: 5, samples: 5, rejected: 0 });
    const newYear = Date.UTC(2020, 0, 1) / 1000;
    expect(samples.map((s) => Math.round(s.time - newYear))).toEqual([-36, -11, 11, 36, 1800]);
  });

  it('rejects a line far ahead of the lines around it, and reads the lines after it', async () => {
    // every 7 minutes; line 4 is 100 h ahead (a corrupted line), the 20 after it go on as before
    const gmt = Array.from({ length: 24 }, (_, i) => 300 + (7 * i) / 60);
    const lines = gmt.map((g) => `${hours(g)} 745`);
    lines[3] = `${hours((gmt[3] as number) + 100)} 745`;
    const dir = folder({ 'P_HAB.txt': lines });
    const { samples, issues, report } = await read(dir, 2021);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([[4, 'time far from the rows around it']]);
    expect(report).toMatchObject({ rows: 24, samples: 23, rejected: 1 });
    expect(samples.at(-1)?.time).toBeCloseTo(epochSFromGmtDecimal(gmt[23] as number, 2021), 3);
  });

  it('keeps every line of a sparse on-change channel, its first lines hours before the rest', async () => {
    // two lines, 5 h of no change, then a line every 2 h to the end of the file
    const gmt = [300, 300.1, 305.1, 307.1, 309.1, 311.1, 313.1, 315.1, 317.1];
    const dir = folder({ 'T_HAB.txt': gmt.map((g) => `${hours(g)} 22`) });
    const { samples, issues, report } = await read(dir, 2021);
    expect(issues).toEqual([]);
    expect(report).toMatchObject({ rows: 9, samples: 9, rejected: 0 });
    expect(samples.map((s) => s.time)).toEqual(gmt.map((g) => epochSFromGmtDecimal(Number(hours(g)), 2021)));
  });

  // real telemetry, kept in the repository (data/iss-usos-2018-day285/README.md says where it is from)
  const day285 = fileURLToPath(new URL('../../data/iss-usos-2018-day285', import.meta.url));
  it('reads the real ISS Live day 285 of 2018 into the iss station', async () => {
    const iss = loadStation('iss');
    const { samples, issues, report } = await read(day285, 2018, iss);
    expect(issues).toEqual([]);
    expect(report.rejected).toBe(0);
    expect(report.rows).toBe(report.samples);
    expect(report.files).toHaveLength(11);
    expect(report.unknownChannels).toEqual([]);
    expect(new Date(report.firstTime! * 1000).toISOString().slice(0, 10)).toBe('2018-10-12');
    expect(new Date(report.lastTime! * 1000).toISOString().slice(0, 10)).toBe('2018-10-13');
    expect(report.firstTimeUtc).toBe(new Date(report.firstTime! * 1000).toISOString());
    expect(report.lastTimeUtc?.slice(0, 10)).toBe('2018-10-13');
    expect(nonDecreasing(samples.map((s) => s.time))).toBe(true);

    // USLAB000058 is cabin pressure in mmHg: read as Pa, in the order of its (time-sorted) lines
    const lines = readFileSync(join(day285, 'USLAB000058.txt'), 'utf8').trim().split('\n');
    const pressure = samples.filter((s) => s.channel === 'USLAB000058');
    expect(pressure).toHaveLength(lines.length);
    const [gmt, mmHg] = lines[0]!.trim().split(' ').map(Number);
    expect(pressure[0]!.time).toBeCloseTo(epochSFromGmtDecimal(gmt!, 2018), 6);
    expect(pressure[0]!.value).toBeCloseTo(mmHgToPa(mmHg!), 6);
    for (const s of pressure) expect(s.value).toBeGreaterThan(98_000); // ~740 mmHg, not ~740 Pa
  });
});
