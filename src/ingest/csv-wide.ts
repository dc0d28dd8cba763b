/**
 * CSV wide (CONTRACT.md §3): header `time,<channel>,<channel>,…`, one row per time, one column per
 * channel (a channel heading two is an InputError); an empty or blank cell is no sample. Spaces, tabs
 * and a CR around a field are ignored; empty fields past the header's are allowed. Counting
 * (IngestReport): each non-empty cell is a reading, a sample or a rejected cell ('not a number',
 * 'unknown channel'); a line rejected as a whole ('unparseable time', 'time without zone', 'wrong
 * number of fields', 'malformed quotes', 'line too long') counts once.
 */
import { InputError } from '../core/index.js';
import { checkCsvHeader, fitsHeader, headerNames } from './csv-header.js';
import { walkCsvRows } from './csv-rows.js';
import { parseNumber, parseTime, trimField } from './fields.js';
import type { Reading } from './reading.js';
import type { SampleBatch } from './types.js';

export async function* readCsvWide(path: string, reading: Reading): AsyncGenerator<SampleBatch> {
  const { channels, tally, batches } = reading;
  const { scale, offset } = channels;
  let names: string[] = [];
  let columns = new Int32Array(0);
  const handler = {
    header(fields: string[], line: number): void {
      if (checkCsvHeader(path, line, fields) !== 'wide')
        throw new InputError({
          source: path,
          where: `line ${line}`,
          problem: 'header must be time,<channel>,<channel>,…',
          value: fields.join(','),
        });
      names = headerNames(fields);
      columns = Int32Array.from(names, (name, c) => (c === 0 ? -1 : channels.indexOf(name)));
    },
    row(fields: string[], line: number): boolean {
      if (fields.length !== columns.length && !fitsHeader(fields, columns.length)) {
        tally.rows++;
        return tally.reject(path, line, 'wrong number of fields', fields.join(','));
      }
      let time = parseTime(fields[0] as string);
      // spaces, tabs or a CR around a field are trimmed, only when it does not read as it is
      if (typeof time === 'string') time = parseTime(trimField(fields[0] as string));
      if (typeof time === 'string') {
        tally.rows++;
        return tally.reject(path, line, time, fields[0]);
      }
      let clean = true;
      for (let c = 1; c < columns.length; c++) {
        const text = fields[c] as string;
        if (text === '') continue;
        let x = parseNumber(text);
        if (Number.isNaN(x)) {
          const trimmed = trimField(text);
          if (trimmed === '') continue;
          x = parseNumber(trimmed);
        }
        tally.rows++;
        const k = columns[c] as number;
        if (k < 0) {
          tally.unknownChannel(path, line, names[c] as string);
          clean = false;
          continue;
        }
        if (Number.isNaN(x)) {
          tally.reject(path, line, 'not a number', text);
          clean = false;
          continue;
        }
        batches.push(time, k, x * (scale[k] as number) + (offset[k] as number), line);
      }
      return clean;
    },
  };
  for await (const _ of walkCsvRows(path, tally, handler)) yield* batches.drain();
  yield* batches.drain(true);
}
