/**
 * Telemetry bodies to columnar SI samples. A JSON array of `{time, channel, value}` is checked
 * whole: the first bad item rejects the batch with a 400 naming `[i].field` and the value. CSV and
 * JSON Lines uploads go through the file readers (CONTRACT.md §3), which count and report bad
 * rows without stopping; a sample dated outside the window the server takes (sample-window.ts) is
 * one more bad row, with its line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, isoFromEpochS, type Station, sameUnit, toSI } from '../core/index.js';
import { readTelemetry } from '../ingest/index.js';
import { emptyColumns, type SampleColumns, withoutSamples } from '../store/index.js';
import { parseTimeValue } from './fields.js';
import { type SampleKeys, sampleLines } from './sample-lines.js';
import { inWindow, type SampleWindow, windowProblem } from './sample-window.js';

/** A row (a JSON item, a file line) not taken, and why. */
export interface IngestIssue {
  source: 'body' | 'upload';
  /** The file line (uploads) or the array index (JSON bodies) of the row. */
  line?: number;
  index?: number;
  reason: string;
  excerpt?: string;
}

export interface ParsedTelemetry {
  batch: SampleColumns;
  rows: number;
  rejected: number;
  /** Rejected rows by reason. */
  rejectedByReason: Record<string, number>;
  /** The first issues (all are counted). */
  issues: IngestIssue[];
  /** Where samples of `batch` came from (ascending indices): a file line or an array index. */
  locate: (indices: readonly number[]) => Map<number, Pick<IngestIssue, 'line' | 'index'>>;
}

/** Most issues returned in an answer (all are counted). */
export const ISSUES_SHOWN = 20;

/** Channel lookup with each sensor's unit → SI as v·scale + offset. */
export function channelTable(station: Station) {
  const index = new Map(station.sensors.map((s, i) => [s.id, i]));
  const offset = station.sensors.map((s) => toSI(0, s.unit));
  const scale = station.sensors.map((s, i) => toSI(1, s.unit) - (offset[i] as number));
  return { index, offset, scale };
}

export function parseJsonSamples(station: Station, body: unknown, window: SampleWindow): ParsedTelemetry {
  if (!Array.isArray(body))
    throw new InputError({
      where: 'body',
      problem: 'must be a JSON array of {time, channel, value}',
      value: body,
    });
  const { index, offset, scale } = channelTable(station);
  const n = body.length;
  const batch = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    const item = body[i] as { time?: unknown; channel?: unknown; value?: unknown; unit?: unknown } | null;
    if (typeof item !== 'object' || item === null)
      throw new InputError({
        where: `[${i}]`,
        problem: 'must be an object {time, channel, value}',
        value: item,
      });
    const t = parseTimeValue(item.time);
    if (Number.isNaN(t))
      throw new InputError({
        where: `[${i}].time`,
        problem: 'must be epoch seconds or an ISO 8601 time with a zone',
        value: item.time,
      });
    if (!inWindow(window, t))
      throw new InputError({ where: `[${i}].time`, problem: windowProblem(window), value: item.time });
    const k = typeof item.channel === 'string' ? index.get(item.channel) : undefined;
    if (k === undefined)
      throw new InputError({
        where: `[${i}].channel`,
        problem: `must be a channel of station '${station.id}' (GET /api/v1/dictionary lists them)`,
        value: item.channel,
      });
    const v = item.value;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InputError({ where: `[${i}].value`, problem: 'must be a finite number', value: v });
    // an item that names its unit must name the declared one: a value in another is not read as it
    const declared = station.sensors[k]?.unit ?? '';
    if (item.unit != null && !sameUnit(String(item.unit), declared))
      throw new InputError({
        where: `[${i}].unit`,
        problem: `must be the unit the station declares for ${item.channel as string}, ${declared}`,
        value: item.unit,
      });
    batch.time[i] = t;
    batch.channel[i] = k;
    batch.value[i] = v * (scale[k] as number) + (offset[k] as number);
  }
  return {
    batch,
    rows: n,
    rejected: 0,
    rejectedByReason: {},
    issues: [],
    locate: (indices) => new Map(indices.map((i) => [i, { index: i }])),
  };
}

/**
 * Reads a CSV (long or wide) or JSON Lines upload with the file readers; samples dated outside
 * `window` are rejected rows ('time out of range').
 */
export async function parseFileSamples(
  station: Station,
  text: string,
  format: 'csv' | 'jsonl',
  window: SampleWindow,
): Promise<ParsedTelemetry> {
  const dir = await mkdtemp(join(tmpdir(), 'airtight-upload-'));
  const path = join(dir, `upload.${format}`);
  try {
    await writeFile(path, text);
    const issues: IngestIssue[] = [];
    const read = readTelemetry(path, {
      station,
      onIssue: (issue) => {
        if (issues.length < ISSUES_SHOWN) issues.push({ ...issue, source: 'upload' });
      },
    });
    const parts: SampleColumns[] = [];
    for await (const batch of read.batches) parts.push(batch);
    const report = read.report();
    const channels = channelTable(station).index;
    const all = concat(parts);
    const { batch, outside } = keepInWindow(all, window);
    const rejectedByReason = { ...report.byReason };
    if (outside.length > 0) {
      // (added to the reader's own: times before 1970 or from 2200 on it rejects as it reads)
      rejectedByReason['time out of range'] = (rejectedByReason['time out of range'] ?? 0) + outside.length;
      const shown = outside.slice(0, ISSUES_SHOWN);
      const lines = sampleLines(text, format, channels, all, shown);
      for (const i of shown)
        issues.push({
          source: 'upload',
          ...(lines.has(i) ? { line: lines.get(i) as number } : { index: i }),
          reason: 'time out of range',
          excerpt: timeText(all.time[i] as number),
        });
    }
    // the samples' keys outlive the batch, whose arrays go to the monitor's thread
    const keys: SampleKeys = {
      time: batch.time.slice(),
      channel: batch.channel.slice(),
      length: batch.length,
    };
    return {
      batch,
      rows: report.rows,
      rejected: report.rejected + outside.length,
      rejectedByReason,
      issues: byLine(issues).slice(0, ISSUES_SHOWN),
      locate: (indices) => {
        const lines = sampleLines(text, format, channels, keys, indices);
        return new Map(
          indices.map((i) => [i, lines.has(i) ? { line: lines.get(i) as number } : { index: i }]),
        );
      },
    };
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError({ source: 'upload', problem: error.problem, value: error.value });
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Issues in file (or array) order. */
export function byLine(issues: IngestIssue[]): IngestIssue[] {
  const at = (issue: IngestIssue): number => issue.line ?? issue.index ?? Number.MAX_SAFE_INTEGER;
  return [...issues].sort((a, b) => at(a) - at(b));
}

/** A sample time for messages: ISO 8601 when it has one, else the number. */
function timeText(timeS: number): string {
  const ms = timeS * 1000;
  return Math.abs(ms) <= 8.64e15 ? `${isoFromEpochS(timeS)} (${timeS})` : String(timeS);
}

/** The samples dated inside the window (the batch itself when all are), and the indices of the rest. */
function keepInWindow(
  batch: SampleColumns,
  window: SampleWindow,
): { batch: SampleColumns; outside: number[] } {
  const outside: number[] = [];
  for (let i = 0; i < batch.length; i++) if (!inWindow(window, batch.time[i] as number)) outside.push(i);
  if (outside.length === 0) return { batch, outside };
  return { batch: withoutSamples(batch, outside), outside };
}

function concat(parts: SampleColumns[]): SampleColumns {
  const n = parts.reduce((sum, p) => sum + p.length, 0);
  const out = emptyColumns(n);
  let at = 0;
  for (const p of parts) {
    out.time.set(p.time.subarray(0, p.length), at);
    out.channel.set(p.channel.subarray(0, p.length), at);
    out.value.set(p.value.subarray(0, p.length), at);
    at += p.length;
  }
  return out;
}
