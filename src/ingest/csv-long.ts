/**
 * CSV long (CONTRACT.md §3): header `time,channel,value`, one sample per row; time ISO 8601 with a
 * zone or epoch seconds, value in the channel's unit. Samples go through the file's time order (TimeOrder). With a fourth column
 * `unit`, a row that names a unit must name the one the station declares (case aside): a value in
 * another is rejected and counted, never read as the declared one (an empty cell states none).
 * Spaces, tabs and a CR around a field are ignored; empty fields past the header's are allowed.
 */
import { InputError, sameUnit } from '../core/index.js';
import { CSV_LONG_HEADER, checkCsvHeader, fitsHeader, headerNames } from './csv-header.js';
import { walkCsvRows } from './csv-rows.js';
import { parseNumber, parseTime, trimField } from './fields.js';
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
      if (fields.length !== width && !fitsHeader(fields, width)) {
        return tally.reject(path, line, 'wrong number of fields', fields.join(','));
      }
      const timeText = fields[0] as string;
      let time = lastTime;
      if (timeText !== lastTimeText) {
        // spaces, tabs or a CR around a field are trimmed, only when it does not read as it is
        let parsed = parseTime(timeText);
        if (typeof parsed === 'string') parsed = parseTime(trimField(timeText));
        if (typeof parsed === 'string') {
          return tally.reject(path, line, parsed, timeText);
        }
        lastTimeText = timeText;
        time = lastTime = parsed;
      }
      let name = fields[1] as string;
      const valueText = fields[2] as string;
      let k = channels.indexOf(name);
      if (k < 0) {
        name = trimField(name);
        k = channels.indexOf(name);
      }
      // an empty channel or value is a row missing a field, shown whole (an empty excerpt says nothing)
      if (name === '' || valueText === '') return tally.reject(path, line, 'missing field', fields.join(','));
      if (k < 0) {
        return tally.unknownChannel(path, line, name);
      }
      const unit = width === 4 ? trimField(fields[3] as string) : '';
      if (unit !== '' && !sameUnit(unit, channels.units[k] as string))
        return tally.reject(
          path,
          line,
          'not the declared unit',
          `${unit}; ${name} is in ${channels.units[k] as string}`,
        );
      let x = parseNumber(valueText);
      if (Number.isNaN(x)) {
        const trimmed = trimField(valueText);
        if (trimmed === '') return tally.reject(path, line, 'missing field', fields.join(','));
        x = parseNumber(trimmed);
      }
      if (Number.isNaN(x)) {
        return tally.reject(path, line, 'not a number', valueText);
      }
      batches.push(time, k, x * (scale[k] as number) + (offset[k] as number), line);
      return true;
    },
  };
  for await (const _ of walkCsvRows(path, tally, handler)) yield* batches.drain();
  yield* batches.drain(true);
}
