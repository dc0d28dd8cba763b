/**
 * The two CSV headers of CONTRACT.md §3: long `time,channel,value` and wide `time,<channel>,…`; a
 * long file may add a `unit` column, each row's unit then checked against the station's (as a JSON
 * Lines record's `unit` is).
 */
import { InputError } from '../core/index.js';

export const CSV_LONG_HEADER = ['time', 'channel', 'value'] as const;
export const CSV_LONG_UNIT_HEADER = [...CSV_LONG_HEADER, 'unit'] as const;

/**
 * Which form a header row is, with its names trimmed (and a byte-order mark dropped); any other
 * header is an InputError naming the file, the line and the header.
 */
export function checkCsvHeader(path: string, line: number, fields: readonly string[]): 'long' | 'wide' {
  const names = headerNames(fields);
  if (isLongHeader(names)) return 'long';
  if (names.length >= 2 && names[0] === 'time') return 'wide';
  throw new InputError({
    source: path,
    where: `line ${line}`,
    problem:
      'header must be time,channel,value (long; a unit column may follow) or time,<channel>,<channel>,… (wide)',
    value: fields.join(','),
  });
}

export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field, i) => (i === 0 ? field.replace(/^\uFEFF/, '') : field).trim());
}

/** `time,channel,value`, or the same with `unit` after it. */
function isLongHeader(names: readonly string[]): boolean {
  const form = names.length === 4 ? CSV_LONG_UNIT_HEADER : CSV_LONG_HEADER;
  return names.length === form.length && names.every((name, i) => name === form[i]);
}
