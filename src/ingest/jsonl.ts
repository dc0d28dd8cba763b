/**
 * JSON Lines (CONTRACT.md §3): `{"time": …, "channel": "…", "value": …}` per line; time ISO 8601
 * with a zone or epoch seconds, value a number (or a numeric string) in the channel's unit. Samples
 * go through the file's time order (TimeOrder). A record that names its `unit` must name the one the station declares for the
 * channel (case aside): a value in another unit is rejected and counted, never read as the
 * declared one (an empty `unit` names none).
 */
import { sameUnit } from '../core/index.js';
import { parseNumber, parseTime, trimField } from './fields.js';
import { readLines } from './line-reader.js';
import type { Reading } from './reading.js';
import type { RowReason, SampleBatch } from './types.js';

export async function* readJsonl(path: string, reading: Reading): AsyncGenerator<SampleBatch> {
  const { channels, tally, batches } = reading;
  let lastTimeText: string | undefined;
  let lastTime = 0;

  const timeOf = (time: unknown): number | RowReason => {
    if (typeof time === 'number') return Number.isFinite(time) ? time : 'unparseable time';
    if (typeof time !== 'string') return 'unparseable time';
    if (time === lastTimeText) return lastTime;
    const parsed = parseTime(time);
    if (typeof parsed === 'number') {
      lastTimeText = time;
      lastTime = parsed;
    }
    return parsed;
  };

  const readRecord = (text: string, line: number): boolean => {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return tally.reject(path, line, 'invalid JSON', text);
    }
    // valid JSON, but a number, string, array or null where a record belongs
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      return tally.reject(path, line, 'not a JSON object', text);
    const { time, channel, value, unit } = record as Record<string, unknown>;
    if (time == null || channel == null || value == null)
      return tally.reject(path, line, 'missing field', text);
    const t = timeOf(time);
    if (typeof t === 'string') return tally.reject(path, line, t, asWritten(time, 'time', text));
    const name = asText(channel);
    const k = channels.indexOf(name);
    if (k < 0) return tally.unknownChannel(path, line, name);
    // an empty unit states none, as an empty unit cell in CSV does
    const unitText = unit == null ? '' : trimField(asText(unit));
    if (unitText !== '' && !sameUnit(unitText, channels.units[k] as string))
      return tally.reject(
        path,
        line,
        'not the declared unit',
        `${unitText}; ${name} is in ${channels.units[k] as string}`,
      );
    const x = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value) : Number.NaN;
    if (!Number.isFinite(x)) return tally.reject(path, line, 'not a number', asWritten(value, 'value', text));
    batches.push(t, k, x * (channels.scale[k] as number) + (channels.offset[k] as number), line);
    return true;
  };

  let line = 0;
  for await (const lines of readLines(path)) {
    for (const text of lines) {
      line++;
      if (text === null) {
        tally.rows++;
        tally.reject(path, line, 'line too long');
      } else if (text.trim() !== '') {
        tally.rows++;
        readRecord(text, line);
      }
    }
    yield* batches.drain();
  }
  yield* batches.drain(true);
}

/** A field's value as text for messages: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * asText, except a number past a double's range (`1e999`, which JSON.parse reads as Infinity and
 * JSON.stringify writes as null): that is shown as the record wrote it.
 */
function asWritten(value: unknown, key: string, record: string): string {
  if (typeof value !== 'number' || Number.isFinite(value)) return asText(value);
  return new RegExp(`"${key}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`).exec(record)?.[1] ?? String(value);
}
