/**
 * The line of an uploaded CSV or JSON Lines file each sample came from, for the few samples an
 * ingest answer reports (a time out of range, a duplicate, a time going backwards): the file
 * readers hand back columns without lines. The text is read again, line by line, as a list of the
 * (channel, time) readings it holds, and the samples, which keep file order, are matched to them
 * in turn: a line the reader rejected is passed over, as no sample matches it.
 */
import { parseTimeValue } from './fields.js';

/** The channel and time of each sample, as read (the samples keep file order). */
export interface SampleKeys {
  time: Float64Array;
  channel: Int32Array;
  length: number;
}

interface Reading {
  line: number;
  channel: number;
  time: number;
}

/**
 * The line of each sample index in `wanted` (ascending) that could be found; `channels` maps the
 * station's channel names to the samples' channel indices.
 */
export function sampleLines(
  text: string,
  format: 'csv' | 'jsonl',
  channels: ReadonlyMap<string, number>,
  samples: SampleKeys,
  wanted: readonly number[],
): Map<number, number> {
  const found = new Map<number, number>();
  const last = wanted[wanted.length - 1];
  if (last === undefined) return found;
  const readings = format === 'csv' ? csvReadings(text, channels) : jsonlReadings(text, channels);
  let w = 0;
  for (let i = 0; i <= last && i < samples.length; i++) {
    let reading = readings.next();
    while (
      !reading.done &&
      !(reading.value.channel === samples.channel[i] && reading.value.time === samples.time[i])
    )
      reading = readings.next();
    if (reading.done) break;
    if (wanted[w] === i) {
      found.set(i, reading.value.line);
      w++;
    }
  }
  return found;
}

function* lines(text: string): Generator<[string, number]> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield [text.slice(start, end).replace(/\r$/, ''), line];
    start = end + 1;
  }
}

function* jsonlReadings(text: string, channels: ReadonlyMap<string, number>): Generator<Reading> {
  for (const [body, line] of lines(text)) {
    if (body.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(body);
    } catch {
      continue;
    }
    if (typeof record !== 'object' || record === null) continue;
    const { time, channel } = record as Record<string, unknown>;
    const k = typeof channel === 'string' ? channels.get(channel) : undefined;
    const t = readTime(time);
    if (k !== undefined && !Number.isNaN(t)) yield { line, channel: k, time: t };
  }
}

function* csvReadings(text: string, channels: ReadonlyMap<string, number>): Generator<Reading> {
  let header: (number | undefined)[] | 'long' | null = null;
  for (const [body, line] of lines(text)) {
    if (body.trim() === '') continue;
    const fields = body.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    if (header === null) {
      const long = fields.length === 3 && fields.join(',') === 'time,channel,value';
      header = long ? 'long' : fields.map((name) => channels.get(name));
      continue;
    }
    const t = readTime(fields[0]);
    if (Number.isNaN(t)) continue;
    if (header === 'long') {
      const k = channels.get(fields[1] ?? '');
      if (k !== undefined && fields[2] !== '') yield { line, channel: k, time: t };
      continue;
    }
    for (let c = 1; c < fields.length; c++) {
      const k = header[c];
      if (k !== undefined && fields[c] !== '') yield { line, channel: k, time: t };
    }
  }
}

/** A time as a file writes it (epoch seconds or zoned ISO 8601), NaN when it is neither. */
function readTime(value: unknown): number {
  const t = parseTimeValue(value);
  if (!Number.isNaN(t) || typeof value !== 'string' || value.trim() === '') return t;
  const epochS = Number(value);
  if (!Number.isNaN(epochS)) return epochS;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? Number.NaN : ms / 1000;
}
