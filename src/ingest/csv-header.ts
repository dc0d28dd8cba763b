/**
 * The two CSV headers of CONTRACT.md §3: long `time,channel,value` and wide `time,<channel>,…`; a
 * long file may add a fourth column `unit`, each row's unit then checked against the station's (as a
 * JSON Lines record's `unit` is). An empty last column (a trailing comma) is no column, in either
 * form, and a row may end in empty fields past the header's columns.
 */
import { InputError } from '../core/index.js';
import { trimField } from './fields.js';

export const CSV_LONG_HEADER = ['time', 'channel', 'value'] as const;
export const CSV_LONG_UNIT_HEADER = [...CSV_LONG_HEADER, 'unit'] as const;

/**
 * Which form a header row is: long when it begins `time,channel,value`, else wide when it begins
 * `time`. An InputError names the file, the line and what is wrong: a long header with a column
 * other than `unit` (it would go unread: a quality flag, say, that should have been heeded), a wide
 * header naming a channel twice, any other header.
 */
export function checkCsvHeader(path: string, line: number, fields: readonly string[]): 'long' | 'wide' {
  const names = headerNames(fields);
  const refuse = (problem: string, value: string = fields.join(',')): InputError =>
    new InputError({ source: path, where: `line ${line}`, problem, value });
  if (CSV_LONG_HEADER.every((name, i) => names[i] === name)) {
    const extra = names.findIndex((name, i) => i > 3 || (i === 3 && name !== 'unit'));
    if (extra >= 0)
      throw refuse(
        `column ${extra + 1} '${names[extra] as string}' is not read: a long header is time,channel,value with an optional unit after it`,
      );
    return 'long';
  }
  if (names.length >= 2 && names[0] === 'time') {
    const first = new Map<string, number>();
    for (let c = 1; c < names.length; c++) {
      const name = names[c] as string;
      const seen = first.get(name);
      if (seen !== undefined) throw refuse(`columns ${seen + 1} and ${c + 1} name the same channel`, name);
      first.set(name, c);
    }
    return 'wide';
  }
  throw refuse(
    'header must be time,channel,value (long; a unit column may follow) or time,<channel>,<channel>,… (wide)',
  );
}

/** The header's column names, trimmed (a byte-order mark dropped), without empty ones at the end. */
export function headerNames(fields: readonly string[]): string[] {
  const names = fields.map((field, i) => (i === 0 ? field.replace(/^\uFEFF/, '') : field).trim());
  while (names.length > 1 && names[names.length - 1] === '') names.pop();
  return names;
}

/**
 * Whether a row of `fields.length` fields suits a header of `width` columns: as many, or more when
 * those past the header's are empty (a trailing comma); a reader asks only when the counts differ.
 */
export function fitsHeader(fields: readonly string[], width: number): boolean {
  if (fields.length < width) return false;
  for (let i = width; i < fields.length; i++) if (trimField(fields[i] as string) !== '') return false;
  return true;
}
