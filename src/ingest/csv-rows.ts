/**
 * Walks a CSV file row by row for the long and wide readers: finds the header, skips blank lines,
 * keeps 1-based line numbers right (quoted fields may span lines) and rejects, counted, a row whose
 * quotes are malformed or a line too long (csv-chunks.ts), reading on after it; such a header is an
 * InputError. Yields after each piece of the file so that the caller can pass on finished batches.
 */
import { InputError } from '../core/index.js';
import { readCsvChunks } from './csv-chunks.js';
import { lineBreaks, trimField } from './fields.js';
import type { IngestTally } from './report.js';

export interface CsvRowHandler {
  /** Checks the header row (throws an InputError when it is wrong). */
  header(fields: string[], line: number): void;
  /** Reads a data row, counting it in `tally.rows`; false when any of it was rejected. */
  row(fields: string[], line: number): boolean;
}

export async function* walkCsvRows(
  path: string,
  tally: IngestTally,
  handler: CsvRowHandler,
): AsyncGenerator<void> {
  let nextLine = 1;
  let headerRead = false;
  for await (const chunk of readCsvChunks(path)) {
    const rows = chunk.rows;
    const bad = chunk.bad;
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const line = nextLine++;
      const reason = bad?.get(i);
      if (reason !== undefined) {
        // one line, whatever the row it began would have spanned
        if (!headerRead)
          throw new InputError({
            source: path,
            where: `line ${line}`,
            problem: `header: ${reason}`,
            value: fields[0],
          });
        tally.rows++;
        tally.reject(path, line, reason, fields[0]);
        continue;
      }
      if (fields.length === 1 && trimField(fields[0] as string) === '') continue;
      if (!headerRead) {
        headerRead = true;
        handler.header(fields, line);
      } else if (handler.row(fields, line)) continue; // a row read whole holds no line break
      nextLine += lineBreaks(fields);
    }
    yield;
  }
}
