/** The two CSV headers of CONTRACT.md §3: long `time,channel,value` and wide `time,<channel>,…`. */
import { InputError } from '../core/index.js';

export const CSV_LONG_HEADER = ['time', 'channel', 'value'] as const;

/**
 * Which form a header row is, with its names trimmed (and a byte-order mark dropped); any other
 * header is an InputError naming the file, the line and the header.
 */
export function checkCsvHeader(path: string, line: number, fields: readonly string[]): 'long' | 'wide' {
  const names = headerNames(fields);
  if (names.length === 3 && names.every((name, i) => name === CSV_LONG_HEADER[i])) return 'long';
  if (names.length >= 2 && names[0] === 'time') return 'wide';
  throw new InputError({
    source: path,
    where: `line ${line}`,
    problem: 'header must be time,channel,value (long) or time,<channel>,<channel>,… (wide)',
    value: fields.join(','),
  });
}

export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field, i) => (i === 0 ? field.replace(/^\uFEFF/, '') : field).trim());
}
