/**
 * CSV long (CONTRACT.md §3): header `time,channel,value`, one sample per row; time ISO 8601 with a
 * zone or epoch seconds, value in the channel's unit. Samples keep file order. With a fourth column
 * `unit`, a row that names a unit must name the one the station declares (case aside): a value in
 * another is rejected and counted, never read as the declared one (an empty cell states none).
 */
import { InputError, sameUnit } from '../core/index.js';
import { CSV_LONG_HEADER, checkCsvHeader, headerNames } from './csv-header.js';
import { walkCsvRows } from './csv-rows.js';
import { parseNumber, parseTime } from './fields.js';
import type { Reading } from './reading.js';
import type { SampleBatch } from './types.js';

export async function* readCsvLong(path: string, reading: Reading): AsyncGenerator<SampleBatch> {
  const { channels, tally, batches } = reading;
  const { scale, offset } = channels;
  // consecutive rows mostly share a timestamp: parse each distinct text once
  let lastTimeText: string | undefined;
  let lastTime = 0;
  let width = 3;
  const handler = {
    header(fields: string[], line: number): void {
      if (checkCsvHeader(path, line, fields) !== 'long')
        throw new InputError({
          source: path,
          where: `line ${line}`,
          problem: `header must be ${CSV_LONG_HEADER.join(',')}`,
          value: fields.join(','),
        });
      width = headerNames(fields).length;
    },
    row(fields: string[], line: number): boolean {
      tally.rows++;
      if (fields.length !== width) {
        return tally.reject(path, line, 'wrong number of fields', fields.join(','));
      }
      const timeText = fields[0] as string;
      let time = lastTime;
      if (timeText !== lastTimeText) {
        const parsed = parseTime(timeText);
        if (typeof parsed === 'string') {
          return tally.reject(path, line, parsed, timeText);
        }
        lastTimeText = timeText;
        time = lastTime = parsed;
      }
      const name = fields[1] as string;
      // an empty channel or value is a row missing a field, shown whole (an empty excerpt says nothing)
      if (name === '' || fields[2] === '') return tally.reject(path, line, 'missing field', fields.join(','));
      const k = channels.indexOf(name);
      if (k < 0) {
        return tally.unknownChannel(path, line, name);
      }
      const unit = width === 4 ? (fields[3] as string).trim() : '';
      if (unit !== '' && !sameUnit(unit, channels.units[k] as string))
        return tally.reject(
          path,
          line,
          'not the declared unit',
          `${unit}; ${name} is in ${channels.units[k] as string}`,
        );
      const x = parseNumber(fields[2] as string);
      if (Number.isNaN(x)) {
        return tally.reject(path, line, 'not a number', fields[2]);
      }
      batches.push(time, k, x * (scale[k] as number) + (offset[k] as number));
      return true;
    },
  };
  for await (const _ of walkCsvRows(path, tally, handler)) yield* batches.drain();
  yield* batches.drain(true);
}
