/**
 * Telemetry bodies to columnar SI samples. A JSON array of `{time, channel, value}` is checked
 * whole: the first bad item rejects the batch with a 400 naming `[i].field` and the value. CSV and
 * JSON Lines uploads go through the file readers (CONTRACT.md §3), which count and report bad
 * rows without stopping.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, type Station, sameUnit, toSI } from '../core/index.js';
import { type RowIssue, readTelemetry } from '../ingest/index.js';
import type { SampleColumns } from '../store/index.js';
import { parseTimeValue } from './fields.js';

export interface ParsedTelemetry {
  batch: SampleColumns;
  rows: number;
  rejected: number;
  issues: RowIssue[];
}

/** Channel lookup with each sensor's unit → SI as v·scale + offset. */
export function channelTable(station: Station) {
  const index = new Map(station.sensors.map((s, i) => [s.id, i]));
  const offset = station.sensors.map((s) => toSI(0, s.unit));
  const scale = station.sensors.map((s, i) => toSI(1, s.unit) - (offset[i] as number));
  return { index, offset, scale };
}

export function parseJsonSamples(station: Station, body: unknown): ParsedTelemetry {
  if (!Array.isArray(body))
    throw new InputError({
      where: 'body',
      problem: 'must be a JSON array of {time, channel, value}',
      value: body,
    });
  const { index, offset, scale } = channelTable(station);
  const n = body.length;
  const batch = {
    time: new Float64Array(n),
    channel: new Int32Array(n),
    value: new Float64Array(n),
    length: n,
  };
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
  return { batch, rows: n, rejected: 0, issues: [] };
}

/** Most issues returned in an answer (all are counted). */
const ISSUES_SHOWN = 20;

/** Reads a CSV (long or wide) or JSON Lines upload with the file readers. */
export async function parseFileSamples(
  station: Station,
  text: string,
  format: 'csv' | 'jsonl',
): Promise<ParsedTelemetry> {
  const dir = await mkdtemp(join(tmpdir(), 'airtight-upload-'));
  const path = join(dir, `upload.${format}`);
  try {
    await writeFile(path, text);
    const issues: RowIssue[] = [];
    const read = readTelemetry(path, {
      station,
      onIssue: (issue) => {
        if (issues.length < ISSUES_SHOWN) issues.push({ ...issue, source: 'upload' });
      },
    });
    const parts: SampleColumns[] = [];
    for await (const batch of read.batches) parts.push(batch);
    const report = read.report();
    return { batch: concat(parts), rows: report.rows, rejected: report.rejected, issues };
  } catch (error) {
    if (error instanceof InputError)
      throw new InputError({ source: 'upload', problem: error.problem, value: error.value });
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function concat(parts: SampleColumns[]): SampleColumns {
  const n = parts.reduce((sum, p) => sum + p.length, 0);
  const out = {
    time: new Float64Array(n),
    channel: new Int32Array(n),
    value: new Float64Array(n),
    length: n,
  };
  let at = 0;
  for (const p of parts) {
    out.time.set(p.time.subarray(0, p.length), at);
    out.channel.set(p.channel.subarray(0, p.length), at);
    out.value.set(p.value.subarray(0, p.length), at);
    at += p.length;
  }
  return out;
}
