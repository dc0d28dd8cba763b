/**
 * The line of an uploaded CSV or JSON Lines file each sample came from, for the few samples an
 * ingest answer reports (a time out of range, a duplicate, a time going backwards): the file
 * readers hand back columns without lines. The text is read again, line by line, as a list of the
 * (channel, time) readings it holds, and each sample wanted is matched to the reading of its channel
 * and time — the k-th sample of a channel and time to the k-th such reading in the file, as the
 * readers keep equal times in file order. The samples need not keep file order (the readers put
 * rows up to 10 minutes out of order back in order); a line the reader rejected matches no sample.
 */
import { parseTimeValue } from './fields.js';

/** The channel and time of each sample, as read. */
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

const keyOf = (channel: number, time: number): string => `${channel}@${time}`;

/**
 * The line of each sample index in `wanted` that could be found; `channels` maps the station's
 * channel names to the samples' channel indices.
 */
export function sampleLines(
  text: string,
  format: 'csv' | 'jsonl',
  channels: ReadonlyMap<string, number>,
  samples: SampleKeys,
  wanted: readonly number[],
): Map<number, number> {
  const found = new Map<number, number>();
  if (wanted.length === 0) return found;
  // each wanted sample's key, and which of the samples with that key it is (0: the first)
  const rankOf = new Map<number, { key: string; rank: number }>();
  const seen = new Map<string, number>();
  for (const i of wanted)
    if (i < samples.length) seen.set(keyOf(samples.channel[i] as number, samples.time[i] as number), 0);
  const last = Math.max(...wanted);
  const wantedSet = new Set(wanted);
  for (let i = 0; i <= last && i < samples.length; i++) {
    const key = keyOf(samples.channel[i] as number, samples.time[i] as number);
    const count = seen.get(key);
    if (count === undefined) continue;
    if (wantedSet.has(i)) rankOf.set(i, { key, rank: count });
    seen.set(key, count + 1);
  }
  // the lines of each key, in file order, as far as the ranks wanted reach
  const need = new Map<string, number>();
  for (const { key, rank } of rankOf.values()) need.set(key, Math.max(need.get(key) ?? 0, rank + 1));
  const linesOf = new Map<string, number[]>();
  let open = need.size;
  const readings = format === 'csv' ? csvReadings(text, channels) : jsonlReadings(text, channels);
  for (const reading of readings) {
    const key = keyOf(reading.channel, reading.time);
    const n = need.get(key);
    if (n === undefined) continue;
    const list = linesOf.get(key) ?? [];
    if (list.length >= n) continue;
    list.push(reading.line);
    linesOf.set(key, list);
    if (list.length === n && --open === 0) break;
  }
  for (const [i, { key, rank }] of rankOf) {
    const line = linesOf.get(key)?.[rank];
    if (line !== undefined) found.set(i, line);
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
