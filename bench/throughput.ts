// Issue 3 §5, throughput: `airtight analyze`'s work (read CSV, check, bin, estimate, detect) on
// one core, in samples per second, and memory while a file of about 1 GB streams through; and the
// same month read gzipped, as archives keep it.

import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import Papa from 'papaparse';
import { loadScenario, loadStation } from '../src/config/index.js';
import { utcYear } from '../src/core/index.js';
import { openTelemetryWriter } from '../src/export/index.js';
import { readTelemetry } from '../src/ingest/index.js';
import { buildReport, createMonitor, finishMonitor, monitorBatch } from '../src/monitor/index.js';
import { advanceSimulation, createSimulation, isFinished, SampleBuffer } from '../src/sim/index.js';
import { printTable } from './report.js';

const CACHE = '/tmp/airtight-bench';

/** A month of simulated ISS telemetry as CSV (cached between runs). */
async function monthCsv(): Promise<string> {
  const dir = join(CACHE, 'month');
  const path = join(dir, 'telemetry.csv');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const scenario = loadScenario('quiet-day');
  const month = { ...scenario, durationS: 30 * 86400, spinUpS: 0 };
  const sim = createSimulation(month);
  const writer = openTelemetryWriter('csv', dir, {
    channels: month.station.sensors.map((s) => s.id),
    year: utcYear(month.startMs / 1000),
  });
  const buffer = new SampleBuffer();
  while (!isFinished(sim)) {
    advanceSimulation(sim, buffer, { steps: 3600 });
    await writer.write(buffer);
    buffer.clear();
  }
  await writer.close();
  return path;
}

/** The month's CSV gzipped at zlib's default level (cached beside it). */
async function gzipped(path: string): Promise<string> {
  const gz = `${path}.gz`;
  if (existsSync(gz) && statSync(gz).mtimeMs >= statSync(path).mtimeMs) return gz;
  await pipeline(createReadStream(path), createGzip(), createWriteStream(gz));
  return gz;
}

/** About `bytes` of CSV: the month repeated with its times shifted on. */
async function bigCsv(month: string, bytes: number): Promise<string> {
  const path = join(CACHE, `big-${Math.round(bytes / 1e9)}GB.csv`);
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  const out = createWriteStream(path);
  out.write('time,channel,value\n');
  const monthS = 30 * 86400;
  for (let copy = 0; out.bytesWritten < bytes; copy++) {
    const lines = createInterface({ input: createReadStream(month) });
    let first = true;
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      const comma = line.indexOf(',');
      const t = new Date(Date.parse(line.slice(0, comma)) + copy * monthS * 1000).toISOString();
      if (!out.write(`${t}${line.slice(comma)}\n`)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return path;
}

async function analyze(path: string): Promise<{ samples: number; seconds: number; peakMb: number }> {
  const station = loadStation('iss');
  const monitor = createMonitor(station);
  const started = performance.now();
  let peak = 0;
  for await (const batch of readTelemetry(path, { station }).batches) {
    monitorBatch(monitor, batch);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  finishMonitor(monitor);
  buildReport(monitor);
  return { samples: monitor.samples, seconds: (performance.now() - started) / 1000, peakMb: peak / 1e6 };
}

/** The reader alone: samples read, checked and converted, with no monitor. */
async function readOnly(path: string): Promise<{ samples: number; seconds: number }> {
  const station = loadStation('iss');
  const started = performance.now();
  let samples = 0;
  for await (const batch of readTelemetry(path, { station }).batches) samples += batch.length;
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/** The CSV library alone, the reader's ceiling: papaparse splitting the file's 64 KiB pieces into rows. */
async function papaparseOnly(path: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const parser = new Papa.Parser({ delimiter: ',', newline: '\n' });
  let rows = 0;
  for await (const piece of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 }))
    rows += parser.parse(piece as string, 0, false).data.length;
  return { rows, seconds: (performance.now() - started) / 1000 };
}

const perSecond = (count: number, seconds: number): string =>
  `${(count / seconds / 1e6).toFixed(2)} M/s (${seconds.toFixed(1)} s)`;

export async function benchThroughput(quick: boolean): Promise<void> {
  const month = await monthCsv();
  const run = await analyze(month);
  const reader = await readOnly(month);
  const library = await papaparseOnly(month);
  const monthGz = await gzipped(month);
  const packed = await analyze(monthGz);
  const rows = [
    {
      measure: `analyze a month of ISS telemetry (${(statSync(month).size / 1e6).toFixed(0)} MB CSV, ${(run.samples / 1e6).toFixed(1)} M samples)`,
      value: `${(run.samples / run.seconds / 1e6).toFixed(2)} M samples/s (${run.seconds.toFixed(1)} s); peak RSS ${run.peakMb.toFixed(0)} MB`,
      target: `≥ 2 M samples/s; reader alone ${perSecond(reader.samples, reader.seconds)}, papaparse alone ${perSecond(library.rows, library.seconds)} rows`,
      pass: run.samples / run.seconds >= 2e6,
    },
    {
      measure: `the same month gzipped (${(statSync(monthGz).size / 1e6).toFixed(0)} MB .csv.gz), decompressed as it streams`,
      value: `${(packed.samples / packed.seconds / 1e6).toFixed(2)} M samples/s (${packed.seconds.toFixed(1)} s); peak RSS ${packed.peakMb.toFixed(0)} MB`,
      target: `the plain file's above, ${(run.samples / run.seconds / 1e6).toFixed(2)} M samples/s`,
      pass: packed.samples === run.samples,
    },
  ];
  if (!quick) {
    const big = await bigCsv(month, 1e9);
    const large = await analyze(big);
    rows.push({
      measure: `analyze ${(statSync(big).size / 1e9).toFixed(2)} GB of CSV (${(large.samples / 1e6).toFixed(0)} M samples)`,
      value: `peak RSS ${large.peakMb.toFixed(0)} MB; ${(large.samples / large.seconds / 1e6).toFixed(2)} M samples/s`,
      target: 'flat memory (peak ≪ file size)',
      pass: large.peakMb < 500,
    });
  }
  printTable(
    'Throughput of analyze, one core',
    'CSV long read with papaparse, quality checks, 1-min bins, per-group estimates every 5 min, scans, rapid-depress checks',
    rows,
  );
}
